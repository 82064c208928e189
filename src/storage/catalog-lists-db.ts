/** The catalog's lists in D1: readable repositories, charts by search, recency, or repository. */

/** Which repositories a list may show: `all`, or public ones plus those named (`<s>/<r>`). */
export interface ListScope {
  all: boolean;
  repositories: string[];
}

/** A chart's latest version, as the lists show it. */
export interface ChartSummaryRow {
  storage: string;
  repository: string;
  visibility: 'public' | 'private';
  name: string;
  version: string;
  app_version: string | null;
  description: string | null;
  icon: string | null;
  deprecated: number;
  created: string;
}

export interface RepositorySummaryRow {
  storage: string;
  repository: string;
  visibility: 'public' | 'private';
  mode: 'hybrid' | 'http' | 'oci';
  charts: number;
  last_push: string | null;
}

/** SQL condition on repositories `r` and storages `s`, the scope bound at ?n (all) and ?n+1 (names). */
function readable(param: number): string {
  return `(?${param} = 1 OR r.visibility = 'public'
           OR (s.name || '/' || r.name) IN (SELECT value FROM json_each(?${param + 1})))`;
}

/**
 * The latest version of every chart (highest version_sort, as index.yaml orders versions) of
 * the readable repositories, as `c` (with `s`, `r` and `l`): one chart_latest row per chart
 * (migrations/0012_catalog_indexes.sql), its version found through chart_versions_order.
 */
function latestCharts(param: number): string {
  return `storages s
    JOIN repositories r ON r.storage_id = s.id AND ${readable(param)}
    JOIN chart_latest l ON l.repository_id = r.id
    JOIN chart_versions c ON c.repository_id = l.repository_id AND c.name = l.name
                         AND c.version_sort = l.version_sort`;
}

const SUMMARY_JSON = `json_object('storage', s.name, 'repository', r.name,
  'visibility', r.visibility, 'name', c.name,
  'version', c.version, 'app_version', c.app_version, 'description', c.description,
  'icon', c.icon, 'deprecated', c.deprecated, 'created', c.created)`;

const scopeParams = (scope: ListScope) =>
  [scope.all ? 1 : 0, JSON.stringify(scope.repositories)] as const;

/** ASCII letters in lower case, as SQLite's lower() folds them (without ICU it folds nothing else). */
export function foldAscii(text: string): string {
  return text.replace(/[A-Z]+/g, (run) => run.toLowerCase());
}

export interface SearchResult {
  total: number;
  hits: ChartSummaryRow[];
}

/**
 * Charts whose latest version matches `query` (case-insensitive for ASCII, as SQLite's lower())
 * on name, keywords or description; best match first: exact name, name prefix, name contains,
 * keyword, description; then newest. An empty query matches every chart. Substrings are found
 * with instr(), not LIKE: D1 caps a LIKE pattern at 50 bytes ("LIKE or GLOB pattern too
 * complex"; developers.cloudflare.com/d1/platform/limits/), and instr() has no wildcards to
 * escape. One query: the count and the page come back in one row, even past the last page.
 */
export async function searchChartRows(
  db: D1Database,
  scope: ListScope,
  query: string,
  offset: number,
  limit: number,
): Promise<SearchResult> {
  const q = foldAscii(query);
  const row = await db
    .prepare(
      `WITH matches AS MATERIALIZED (
         SELECT c.repository_id, c.name, c.version_sort, l.created,
           CASE WHEN ?3 = '' OR c.name = ?3 THEN 0
                WHEN instr(c.name, ?3) = 1 THEN 1
                WHEN instr(c.name, ?3) > 0 THEN 2
                WHEN instr(lower(c.keywords), ?3) > 0 THEN 3
                ELSE 4 END AS rank
         FROM ${latestCharts(1)}
         WHERE ?3 = '' OR instr(c.name, ?3) > 0 OR instr(lower(c.keywords), ?3) > 0
            OR instr(lower(c.description), ?3) > 0
       ),
       page AS (
         SELECT * FROM matches ORDER BY rank, created DESC, name LIMIT ?4 OFFSET ?5
       )
       SELECT (SELECT count(*) FROM matches) AS total,
              (SELECT json_group_array(json(hit)) FROM
                 (SELECT ${SUMMARY_JSON} AS hit
                  FROM page m
                  JOIN chart_versions c ON c.repository_id = m.repository_id
                    AND c.name = m.name AND c.version_sort = m.version_sort
                  JOIN repositories r ON r.id = m.repository_id
                  JOIN storages s ON s.id = r.storage_id
                  ORDER BY m.rank, m.created DESC, m.name)) AS hits`,
    )
    .bind(...scopeParams(scope), q, limit, offset)
    .first<{ total: number; hits: string }>();
  return {
    total: row?.total ?? 0,
    hits: JSON.parse(row?.hits ?? '[]') as ChartSummaryRow[],
  };
}

/** The charts whose latest version was published most recently. */
export async function recentChartRows(
  db: D1Database,
  scope: ListScope,
  limit: number,
): Promise<ChartSummaryRow[]> {
  const { results } = await db
    .prepare(
      `SELECT s.name AS storage, r.name AS repository, r.visibility, c.name, c.version, c.app_version,
              c.description, c.icon, c.deprecated, c.created
       FROM ${latestCharts(1)}
       ORDER BY l.created DESC LIMIT ?3`,
    )
    .bind(...scopeParams(scope), limit)
    .all<ChartSummaryRow>();
  return results;
}

/** The readable repositories with their chart count and last change (null: never had a chart). */
export async function repositorySummaryRows(
  db: D1Database,
  scope: ListScope,
): Promise<RepositorySummaryRow[]> {
  const { results } = await db
    .prepare(
      `SELECT s.name AS storage, r.name AS repository, r.visibility, r.mode,
              (SELECT count(*) FROM chart_latest l WHERE l.repository_id = r.id) AS charts,
              iif(r.index_generation = 0, NULL, r.index_updated_at) AS last_push
       FROM storages s JOIN repositories r ON r.storage_id = s.id
       WHERE ${readable(1)}
       ORDER BY s.name, r.name`,
    )
    .bind(...scopeParams(scope))
    .all<RepositorySummaryRow>();
  return results;
}

/** A repository's visibility and its charts (latest version each, by name); null: no repository. */
export async function repositoryChartRows(
  db: D1Database,
  storage: string,
  repository: string,
): Promise<{ visibility: string; charts: ChartSummaryRow[] } | null> {
  const row = await db
    .prepare(
      `SELECT r.visibility,
         (SELECT json_group_array(json(hit)) FROM
            (SELECT ${SUMMARY_JSON} AS hit FROM chart_latest l
             JOIN chart_versions c ON c.repository_id = l.repository_id AND c.name = l.name
                                  AND c.version_sort = l.version_sort
             WHERE l.repository_id = r.id
             ORDER BY l.name)) AS charts
       FROM storages s JOIN repositories r ON r.storage_id = s.id
       WHERE s.name = ?1 AND r.name = ?2`,
    )
    .bind(storage, repository)
    .first<{ visibility: string; charts: string }>();
  if (!row) return null;
  return { visibility: row.visibility, charts: JSON.parse(row.charts) as ChartSummaryRow[] };
}
