/** A byte-comparable key for SemVer 2.0.0 precedence (semver.org §11). */
import semver from 'semver';

const pad = (n: number | string) => String(n).padStart(20, '0');

/**
 * D1 sorts chart versions by this key with a plain index: `ORDER BY version_sort DESC` lists the
 * highest version first. major.minor.patch zero-padded; then `~` for a release (sorts after any pre-release) or a
 * space and the pre-release identifiers, numeric ones as `0`+padded digits (below alphanumeric
 * ones, `1`+text), separated by `!` (below every identifier character). The version string
 * itself ends the key so versions that differ only in build metadata stay distinct.
 */
export function versionSortKey(version: string): string {
  const v = semver.parse(version);
  if (!v) throw new Error(`not a semver version: ${version}`);
  const core = `${pad(v.major)}.${pad(v.minor)}.${pad(v.patch)}`;
  const pre = v.prerelease.length
    ? ' ' + v.prerelease.map((id) => (typeof id === 'number' ? `0${pad(id)}` : `1${id}`)).join('!')
    : '~';
  return `${core}${pre}\u0000${version}`;
}
