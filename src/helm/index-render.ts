/** Streams a repository's index (Helm's `repo.IndexFile`, helm/pkg/repo/index.go) from D1 fragments. */
import { stringify } from 'yaml';
import { listIndexPage, type IndexCursor } from '../storage/chart-index-db';

const PAGE_SIZE = 500;
const encoder = new TextEncoder();

export type IndexFormat = 'yaml' | 'json';

export interface RenderOptions {
  format: IndexFormat;
  /** Value of `generated`; null renders only the entries map (the ChartMuseum API shape). */
  generated: string | null;
  /** Restrict to one chart and render its version list only (ChartMuseum `GET /api/charts/<name>`). */
  chart?: string;
}

/** A YAML mapping key for a chart name, quoted when YAML would read it as something else. */
function yamlKey(name: string): string {
  return stringify(name).trimEnd();
}

/** Rendered text pieces, pulled page by page. */
async function* pieces(
  db: D1Database,
  repositoryId: number,
  options: RenderOptions,
): AsyncGenerator<string> {
  const { format, generated } = options;
  const onlyList = options.chart !== undefined;
  let cursor: IndexCursor | null = null;
  let current: string | null = null;
  let first = true;
  for (;;) {
    const rows = await listIndexPage(
      db,
      repositoryId,
      format,
      cursor,
      PAGE_SIZE,
      options.chart ?? null,
    );
    if (first) {
      if (onlyList) yield '[';
      else if (format === 'yaml')
        yield rows.length ? 'apiVersion: v1\nentries:\n' : 'apiVersion: v1\nentries: {}\n';
      else yield generated === null ? '{' : '{"apiVersion":"v1","entries":{';
    }
    let out = '';
    for (const row of rows) {
      if (onlyList) {
        out += (first ? '' : ',') + row.fragment;
      } else if (format === 'yaml') {
        if (row.name !== current) out += `  ${yamlKey(row.name)}:\n`;
        out += row.fragment;
      } else if (row.name !== current) {
        out += `${current === null ? '' : '],'}${JSON.stringify(row.name)}:[${row.fragment}`;
      } else {
        out += `,${row.fragment}`;
      }
      current = row.name;
      first = false;
    }
    first = false;
    if (out) yield out;
    if (rows.length < PAGE_SIZE) break;
    const last = rows[rows.length - 1]!;
    cursor = { name: last.name, versionSort: last.versionSort };
  }
  if (onlyList) yield ']';
  else if (format === 'yaml') yield `generated: ${JSON.stringify(generated)}\n`;
  else {
    const close = current === null ? '' : ']';
    yield generated === null ? `${close}}` : `${close}},"generated":${JSON.stringify(generated)}}`;
  }
}

/**
 * Renders from the pre-rendered per-version fragments in D1, page by page in index order, so
 * memory does not grow with the number of versions. YAML for index.yaml, JSON for index.json
 * (Helm >= 3.13).
 */
export function renderIndex(
  db: D1Database,
  repositoryId: number,
  options: RenderOptions,
): ReadableStream<Uint8Array> {
  const source = pieces(db, repositoryId, options);
  return new ReadableStream<Uint8Array>({
    async pull(controller) {
      const { done, value } = await source.next();
      if (done) controller.close();
      else controller.enqueue(encoder.encode(value));
    },
    async cancel() {
      await source.return(undefined);
    },
  });
}
