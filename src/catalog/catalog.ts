/**
 * The chart catalog: every question the chart API and the pages ask, answered once. Each call
 * decides access with auth/decide.ts (catalog/access.ts); `null` means "no such chart" and is
 * also the answer for a private repository the caller may not read (the issue: answer exactly
 * like an unknown chart).
 */
import type { Principal } from '../auth/principal';
import { findChartPage } from '../storage/catalog-db';
import {
  recentChartRows,
  repositoryChartRows,
  repositorySummaryRows,
  searchChartRows,
  type ChartSummaryRow,
} from '../storage/catalog-lists-db';
import { listScope, mayRead } from './access';
import { parseBoundedYaml, VALUES_LIMITS } from './bounded-yaml';
import { readFiles } from './page-files';
import { schemaOf } from './schema-view';
import { diffValues } from './values-diff';
import { versionDetail, versionSummary } from './version-detail';
import type {
  ChartOverview,
  ChartPage,
  ChartSummary,
  FileBody,
  FileRef,
  RepositoryRef,
  RepositorySummary,
  SchemaView,
  SearchPage,
  ValuesDiff,
} from './types';

export { catalogCacheControl } from './access';

/** Search results per page. */
export const SEARCH_PAGE_SIZE = 20;
/** Pages a search may ask for (page × size bounds the rows a query skips). */
export const MAX_SEARCH_PAGE = 500;
/** Characters of a search query. */
export const MAX_QUERY_LENGTH = 100;
/** Charts recentCharts lists at most. */
export const MAX_RECENT = 50;

const summary = (row: ChartSummaryRow): ChartSummary => ({
  storage: row.storage,
  repository: row.repository,
  visibility: row.visibility,
  name: row.name,
  latestVersion: row.version,
  appVersion: row.app_version,
  description: row.description,
  icon: row.icon,
  deprecated: row.deprecated === 1,
  created: row.created,
});

/** Repositories the caller may read, by storage then name. */
export async function listRepositories(
  env: Env,
  principal: Principal,
): Promise<RepositorySummary[]> {
  const rows = await repositorySummaryRows(env.DB, listScope(principal));
  return rows.map((r) => ({
    storage: r.storage,
    repository: r.repository,
    visibility: r.visibility,
    mode: r.mode,
    charts: r.charts,
    lastPush: r.last_push,
  }));
}

/** The most recently published charts (latest version each) across readable repositories. */
export async function recentCharts(
  env: Env,
  principal: Principal,
  limit: number,
): Promise<ChartSummary[]> {
  const n = Math.max(0, Math.min(MAX_RECENT, Math.floor(limit)));
  if (n === 0) return [];
  return (await recentChartRows(env.DB, listScope(principal), n)).map(summary);
}

/**
 * Charts matching `query` on name, description and keywords, best match first. The query is
 * trimmed and cut to MAX_QUERY_LENGTH, the page clamped to 1..MAX_SEARCH_PAGE (the API
 * refuses values outside them before calling).
 */
export async function searchCharts(
  env: Env,
  principal: Principal,
  query: string,
  page: number,
): Promise<SearchPage> {
  const q = query.trim().slice(0, MAX_QUERY_LENGTH);
  const p = Number.isInteger(page) ? Math.max(1, Math.min(MAX_SEARCH_PAGE, page)) : 1;
  const { total, hits } = await searchChartRows(
    env.DB,
    listScope(principal),
    q,
    (p - 1) * SEARCH_PAGE_SIZE,
    SEARCH_PAGE_SIZE,
  );
  return { query: q, page: p, perPage: SEARCH_PAGE_SIZE, total, hits: hits.map(summary) };
}

/** A repository's charts (latest version each), or null when unknown or not readable. */
export async function repositoryCharts(
  env: Env,
  principal: Principal,
  ref: RepositoryRef,
): Promise<ChartSummary[] | null> {
  const found = await repositoryChartRows(env.DB, ref.storage, ref.repository);
  if (!mayRead(principal, ref, found?.visibility ?? null) || !found) return null;
  return found.charts.map(summary);
}

/** A chart with all its versions (one D1 query: the page's, chartPage). */
export async function chartOverview(
  env: Env,
  principal: Principal,
  ref: RepositoryRef,
  chart: string,
): Promise<ChartOverview | null> {
  return (await chartPage(env, principal, ref, chart, null))?.chart ?? null;
}

/**
 * A version's page (`version` null: the latest) in one D1 query. `origin` (the request's,
 * `https://host`) marks dependencies that live in this registry; without it none is local.
 */
export async function chartPage(
  env: Env,
  principal: Principal,
  ref: RepositoryRef,
  chart: string,
  version: string | null,
  origin?: string,
): Promise<ChartPage | null> {
  const host = origin ? new URL(origin).host : null;
  const row = await findChartPage(env.DB, {
    ...ref,
    chart,
    version,
    origin: origin ?? null,
    host,
  });
  if (!mayRead(principal, ref, row?.visibility ?? null) || !row?.chosen) return null;
  const local = new Map<number, RepositoryRef>();
  for (const d of row.localDependencies) {
    const where = { storage: d.storage, repository: d.repository };
    if (mayRead(principal, where, d.visibility)) local.set(d.index, where);
  }
  const chosen = row.chosen;
  return {
    chart: {
      ...ref,
      name: chosen.name,
      visibility: row.visibility,
      versions: row.versions.map(versionSummary),
    },
    version: versionDetail(ref, row, chosen, local),
    contents: row.contents && {
      repositoryId: row.repositoryId,
      archiveDigest: chosen.archive_digest,
      bucket: row.bucket,
      inline: row.contents.inline,
      r2Key: row.contents.r2Key,
      files: row.contents.files,
    },
  };
}

/** The bodies of some of a page's files (inline: no I/O; else ranged R2 reads), in order. */
export async function readPageFiles(
  env: Env,
  page: ChartPage,
  files: FileRef[],
): Promise<FileBody[]> {
  return readFiles(env, page.contents, files);
}

/** A version's `values.schema.json`, parsed when it is valid JSON. Null: no such version or no schema. */
export async function schemaView(env: Env, page: ChartPage): Promise<SchemaView | null> {
  const ref = page.version.files?.schema;
  if (!ref) return null;
  const [file] = await readPageFiles(env, page, [ref]);
  if (!file) return null;
  const stored = page.contents?.files.find((f) => f.path === ref.path)?.stored ?? 0;
  return schemaOf(file, stored);
}

/** The parsed values.yaml of a page: an empty mapping when it has none. */
async function valuesOf(
  env: Env,
  page: ChartPage,
): Promise<{ value: unknown; truncated: boolean; error: string | null }> {
  const files = page.version.files;
  if (!files) {
    const error = `the contents of ${page.version.version} are not extracted yet`;
    return { value: null, truncated: false, error };
  }
  if (!files.values) return { value: new Map(), truncated: false, error: null };
  const [body] = await readPageFiles(env, page, [files.values]);
  const parsed = parseBoundedYaml(body?.text ?? '', VALUES_LIMITS);
  const truncated = files.values.truncated;
  if (parsed.ok) return { value: parsed.value, truncated, error: null };
  return {
    value: null,
    truncated,
    error: `values.yaml of ${page.version.version}: ${parsed.error}`,
  };
}

/** The default values' changes from `other` to the page's version; null when `other` is unknown. */
export async function valuesDiff(
  env: Env,
  principal: Principal,
  page: ChartPage,
  other: string,
): Promise<ValuesDiff | null> {
  const ref = { storage: page.chart.storage, repository: page.chart.repository };
  const otherPage = await chartPage(env, principal, ref, page.chart.name, other);
  if (!otherPage) return null;
  const [from, to] = await Promise.all([valuesOf(env, otherPage), valuesOf(env, page)]);
  const base = { from: otherPage.version.version, to: page.version.version };
  const error = from.error ?? to.error;
  if (error !== null) {
    return { ...base, changes: [], truncated: from.truncated || to.truncated, error };
  }
  const diff = diffValues(from.value, to.value);
  return {
    ...base,
    changes: diff.changes,
    truncated: diff.truncated || from.truncated || to.truncated,
    error: null,
  };
}
