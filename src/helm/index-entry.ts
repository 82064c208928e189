/** A chart version's entry in index.yaml / index.json (Helm's `repo.ChartVersion`). */
import { stringify } from 'yaml';
import type { ChartMetadata } from '../core/chart-metadata';

export interface IndexEntryInput {
  metadata: ChartMetadata;
  /** sha256 of the archive, hex without the `sha256:` prefix (Helm 4 requires exactly this). */
  digestHex: string;
  created: string;
}

/** Relative URL of a chart archive inside its repository; Helm resolves it against the repo URL. */
export function chartArchivePath(name: string, version: string): string {
  return `charts/${name}/${name}-${version}.tgz`;
}

function isEmpty(value: unknown): boolean {
  if (value === undefined || value === null || value === '' || value === false) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return Object.keys(value).length === 0;
  return false;
}

/** The ChartVersion object, as served by index.json and the ChartMuseum API. */
/**
 * Helm's `repo.ChartVersion` (helm/pkg/repo/index.go) is the chart metadata plus `urls`,
 * `created` and `digest`. Only fields Helm knows are written (Helm loads indexes strictly), keys
 * in alphabetical order as `helm repo index` writes them, empty fields left out.
 */
export function chartVersionObject({
  metadata,
  digestHex,
  created,
}: IndexEntryInput): Record<string, unknown> {
  const all: Record<string, unknown> = {
    ...metadata,
    created,
    digest: digestHex,
    urls: [chartArchivePath(metadata.name, metadata.version)],
  };
  const out: Record<string, unknown> = {};
  for (const key of Object.keys(all).sort()) {
    if (!isEmpty(all[key])) out[key] = all[key];
  }
  return out;
}

/** The entry as a YAML list item indented to sit under `entries: <name>:`. */
export function indexYamlFragment(entry: Record<string, unknown>): string {
  const text = stringify([entry], { lineWidth: 0, aliasDuplicateObjects: false });
  return text
    .split('\n')
    .filter((line) => line !== '')
    .map((line) => `  ${line}\n`)
    .join('');
}
