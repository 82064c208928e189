/** Helm provenance files (`.prov`): checked for shape and for the archive they name, not verified. */
import { parse } from 'yaml';
import { ChartInvalid } from './chart-error';

export const MAX_PROVENANCE_SIZE = 1024 * 1024;
const HEADER = '-----BEGIN PGP SIGNED MESSAGE-----';
const SIGNATURE = '-----BEGIN PGP SIGNATURE-----';

export interface Provenance {
  name: string;
  version: string;
  /** `sha256:<hex>` of each archive the file signs, by file name (a Map: names are client input). */
  files: Map<string, string>;
}

/**
 * Reads a provenance file (helm/pkg/provenance/sign.go): a PGP clear-signed message whose body is
 * the chart's Chart.yaml, a `...` separator and a `files:` map of archive name to sha256. The
 * registry does not verify the signature (clients do, with `helm --verify`); it checks the file
 * is shaped like one, and checkProvenanceMatches that it names the archive it is stored with.
 */
export function parseProvenance(bytes: Uint8Array): Provenance {
  if (bytes.byteLength > MAX_PROVENANCE_SIZE) {
    throw new ChartInvalid(`provenance file exceeds ${MAX_PROVENANCE_SIZE} bytes`);
  }
  const text = new TextDecoder().decode(bytes).replaceAll('\r\n', '\n');
  const start = text.indexOf(HEADER);
  const end = text.indexOf(SIGNATURE);
  if (start !== 0 || end < 0)
    throw new ChartInvalid('provenance file is not a PGP clear-signed message');
  // Skip the armor headers ("Hash: SHA512") up to the first blank line; undo dash-escaping.
  const bodyStart = text.indexOf('\n\n', start);
  const body = text
    .slice(bodyStart + 2, end)
    .split('\n')
    .map((line) => (line.startsWith('- ') ? line.slice(2) : line))
    .join('\n');
  const parts = body.split(/^\.\.\.$/m);
  if (parts.length < 2)
    throw new ChartInvalid('provenance file has no "..." section with the signed files');
  let chart: { name?: unknown; version?: unknown };
  let files: { files?: Record<string, unknown> };
  try {
    chart = parse(parts[0]!, { maxAliasCount: 50 }) ?? {};
    files = parse(parts.slice(1).join('...'), { maxAliasCount: 50 }) ?? {};
  } catch (err) {
    throw new ChartInvalid(`provenance file is not readable: ${(err as Error).message}`);
  }
  if (typeof chart.name !== 'string' || typeof chart.version !== 'string') {
    throw new ChartInvalid('provenance file does not name the chart and version it signs');
  }
  const map = new Map<string, string>();
  const listed = files.files;
  if (typeof listed === 'object' && listed !== null && !Array.isArray(listed)) {
    for (const [file, digest] of Object.entries(listed)) {
      if (typeof digest === 'string') map.set(file, digest);
    }
  }
  if (map.size === 0) throw new ChartInvalid('provenance file lists no signed files');
  return { name: chart.name, version: chart.version, files: map };
}

/** Throws unless the provenance signs exactly this chart archive. */
export function checkProvenanceMatches(
  prov: Provenance,
  name: string,
  version: string,
  archiveDigest: string,
): void {
  const file = `${name}-${version}.tgz`;
  if (prov.name !== name || prov.version !== version) {
    throw new ChartInvalid(
      `provenance file is for ${prov.name} ${prov.version}, not ${name} ${version}`,
    );
  }
  if (prov.files.get(file) !== archiveDigest) {
    throw new ChartInvalid(`provenance file does not sign ${file} with ${archiveDigest}`);
  }
}
