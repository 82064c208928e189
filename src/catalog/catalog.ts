/**
 * The chart catalog: every question the chart API and the pages ask, answered once. Each call
 * decides access with auth/decide.ts; `null` means "no such chart" and is also the answer for a
 * private repository the caller may not read (the issue: answer exactly like an unknown chart).
 */
import type { Principal } from '../auth/principal';
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

// CONTRACT (lead, 2026-12-02): the signatures below are what api/ and ui/ build on. The catalog
// helper implements them (in this folder, splitting into small files as it likes, keeping these
// exports); the bodies below only throw until then.

const todo = (): never => {
  throw new Error('catalog: not implemented yet');
};

/** Repositories the caller may read, by storage then name. */
export async function listRepositories(
  _env: Env,
  _principal: Principal,
): Promise<RepositorySummary[]> {
  return todo();
}

/** The most recently published charts (latest version each) across readable repositories. */
export async function recentCharts(
  _env: Env,
  _principal: Principal,
  _limit: number,
): Promise<ChartSummary[]> {
  return todo();
}

/** Charts matching `query` on name, description and keywords, best match first. */
export async function searchCharts(
  _env: Env,
  _principal: Principal,
  _query: string,
  _page: number,
): Promise<SearchPage> {
  return todo();
}

/** A repository's charts (latest version each), or null when unknown or not readable. */
export async function repositoryCharts(
  _env: Env,
  _principal: Principal,
  _ref: RepositoryRef,
): Promise<ChartSummary[] | null> {
  return todo();
}

/** A chart with all its versions. */
export async function chartOverview(
  _env: Env,
  _principal: Principal,
  _ref: RepositoryRef,
  _chart: string,
): Promise<ChartOverview | null> {
  return todo();
}

/** A version's page (`version` null: the latest) in one D1 query. */
export async function chartPage(
  _env: Env,
  _principal: Principal,
  _ref: RepositoryRef,
  _chart: string,
  _version: string | null,
): Promise<ChartPage | null> {
  return todo();
}

/** The bodies of some of a page's files (inline: no I/O; else ranged R2 reads), in order. */
export async function readPageFiles(
  _env: Env,
  _page: ChartPage,
  _files: FileRef[],
): Promise<FileBody[]> {
  return todo();
}

/** A version's `values.schema.json`, parsed when it is valid JSON. Null: no such version or no schema. */
export async function schemaView(_env: Env, _page: ChartPage): Promise<SchemaView | null> {
  return todo();
}

/** The default values' changes from `other` to the page's version; null when `other` is unknown. */
export async function valuesDiff(
  _env: Env,
  _principal: Principal,
  _page: ChartPage,
  _other: string,
): Promise<ValuesDiff | null> {
  return todo();
}
