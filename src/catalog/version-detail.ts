/** A chart page's row (storage/catalog-db.ts) as the catalog's shapes, with the derived fields. */
import semver from 'semver';
import type { ChartDependency, ChartMaintainer } from '../core/chart-metadata';
import type { ExtractedFile } from '../core/chart-contents';
import { chartArchivePath } from '../helm/index-entry';
import type { ChartPageRow, ChosenVersionRow, VersionListRow } from '../storage/catalog-db';
import { changesOf, flagOf, imagesOf, licenseOf, linksOf } from './annotations';
import type {
  ChartDependencyView,
  ChartVersionDetail,
  ChartVersionSummary,
  FileRef,
  RepositoryRef,
} from './types';

/** A SemVer prerelease (semver.org §9), or marked so with `artifacthub.io/prerelease: "true"`. */
export function isPrerelease(version: string, annotation: unknown): boolean {
  return (semver.prerelease(version)?.length ?? 0) > 0 || annotation === 'true';
}

export function versionSummary(row: VersionListRow): ChartVersionSummary {
  const [version, appVersion, created, digest, deprecated, signed, protocol, prerelease] = row;
  return {
    version,
    appVersion,
    created,
    digest,
    deprecated: deprecated === 1,
    prerelease: isPrerelease(version, prerelease),
    signed: signed === 1,
    protocol,
  };
}

const parsed = <T>(json: string | null, fallback: T): T =>
  json === null ? fallback : (JSON.parse(json) as T);

const fileRef = (f: ExtractedFile): FileRef => ({
  path: f.path,
  size: f.size,
  truncated: f.truncated,
});

function filesOf(contents: ChartPageRow['contents']): ChartVersionDetail['files'] {
  if (!contents) return null;
  const first = (kind: ExtractedFile['kind']) => {
    const file = contents.files.find((f) => f.kind === kind);
    return file ? fileRef(file) : null;
  };
  const all = (kind: ExtractedFile['kind']) =>
    contents.files.filter((f) => f.kind === kind).map(fileRef);
  return {
    readme: first('readme'),
    values: first('values'),
    schema: first('schema'),
    templates: all('template'),
    crds: all('crd'),
    lock: first('lock'),
    omitted: contents.filesOmitted,
    unreadable: contents.unreadable ?? null,
  };
}

function dependenciesOf(
  chosen: ChosenVersionRow,
  local: ReadonlyMap<number, RepositoryRef>,
): ChartDependencyView[] {
  return parsed<ChartDependency[]>(chosen.dependencies, []).map((d, index) => {
    const where = local.get(index);
    return {
      name: d.name,
      version: d.version ?? null,
      repository: d.repository ?? null,
      alias: d.alias ?? null,
      condition: d.condition ?? null,
      local: where ? { ...where, name: d.name } : null,
    };
  });
}

/**
 * The version's detail. `local`: dependencies (by index) that resolve to a chart of this
 * registry the caller may read.
 */
export function versionDetail(
  ref: RepositoryRef,
  row: ChartPageRow,
  chosen: ChosenVersionRow,
  local: ReadonlyMap<number, RepositoryRef>,
): ChartVersionDetail {
  const annotations = parsed<Record<string, string>>(chosen.annotations, {});
  const byKey = new Map(Object.entries(annotations));
  const signed = chosen.prov_digest !== null;
  const { storage, repository } = ref;
  return {
    storage,
    repository,
    name: chosen.name,
    version: chosen.version,
    appVersion: chosen.app_version,
    created: chosen.created,
    digest: chosen.archive_digest,
    deprecated: chosen.deprecated === 1,
    prerelease: isPrerelease(chosen.version, byKey.get('artifacthub.io/prerelease')),
    signed,
    protocol: chosen.protocol,
    apiVersion: chosen.api_version,
    description: chosen.description,
    type: chosen.type,
    keywords: parsed<string[]>(chosen.keywords, []),
    home: chosen.home,
    sources: parsed<string[]>(chosen.sources, []),
    icon: chosen.icon,
    kubeVersion: chosen.kube_version,
    maintainers: parsed<ChartMaintainer[]>(chosen.maintainers, []),
    dependencies: dependenciesOf(chosen, local),
    annotations,
    license: licenseOf(byKey),
    links: linksOf(byKey),
    images: imagesOf(byKey),
    changes: changesOf(byKey),
    containsSecurityUpdates: flagOf(byKey, 'containsSecurityUpdates'),
    // '' marks a .prov whose signature could not be read (helm/backfill-contents.ts): no key id.
    provenance: { signed, keyId: (signed && chosen.prov_key_id) || null },
    archiveSize: chosen.archive_size,
    download: {
      http:
        row.mode === 'oci'
          ? null
          : `/repositories/${storage}/${repository}/${chartArchivePath(chosen.name, chosen.version)}`,
      oci: row.mode === 'http' ? null : `${storage}/${repository}/${chosen.name}:${chosen.tag}`,
    },
    mode: row.mode,
    files: filesOf(row.contents),
  };
}
