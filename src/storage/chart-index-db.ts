/** The index.yaml / index.json entries of a repository's chart versions in D1, page by page. */

/** Position in the index order (name ascending, version descending), for keyset paging. */
export interface IndexCursor {
  name: string;
  versionSort: string;
}

export interface IndexRow {
  name: string;
  versionSort: string;
  fragment: string;
}

/** One page of index entries after `cursor`, as pre-rendered YAML or JSON fragments. */
export async function listIndexPage(
  db: D1Database,
  repositoryId: number,
  format: 'yaml' | 'json',
  cursor: IndexCursor | null,
  limit: number,
  name: string | null = null,
): Promise<IndexRow[]> {
  const column = format === 'yaml' ? 'index_yaml' : 'index_json';
  const { results } = await db
    .prepare(
      `SELECT name, version_sort, ${column} AS fragment FROM chart_versions
       WHERE repository_id = ?1
         AND (?2 IS NULL OR name > ?2 OR (name = ?2 AND version_sort < ?3))
         AND (?5 IS NULL OR name = ?5)
       ORDER BY name, version_sort DESC
       LIMIT ?4`,
    )
    .bind(repositoryId, cursor?.name ?? null, cursor?.versionSort ?? null, limit, name)
    .all<{ name: string; version_sort: string; fragment: string }>();
  return results.map((r) => ({ name: r.name, versionSort: r.version_sort, fragment: r.fragment }));
}
