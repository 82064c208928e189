/** Garbage collection of extracted chart contents in D1: rows no chart version uses any more. */

/**
 * Deletes up to `limit` chart_contents rows of a storage's repositories whose archive no chart
 * version of that repository has any more (deleted versions; a repository's own delete cascades).
 * One statement: a publish batch that adds a version and its row is either before it (the row is
 * in use) or after it (it inserts the row again). Returns how many rows went.
 */
export async function sweepChartContents(
  db: D1Database,
  storageId: number,
  limit: number,
): Promise<number> {
  const result = await db
    .prepare(
      `DELETE FROM chart_contents WHERE rowid IN (
         SELECT cc.rowid FROM chart_contents cc
         JOIN repositories r ON r.id = cc.repository_id
         WHERE r.storage_id = ?1
           AND NOT EXISTS (SELECT 1 FROM chart_versions cv
                           WHERE cv.repository_id = cc.repository_id
                             AND cv.archive_digest = cc.archive_digest)
         LIMIT ?2)`,
    )
    .bind(storageId, limit)
    .run();
  return result.meta.changes;
}

/** D1 allows at most 100 bound parameters per statement: 50 (repository, archive) pairs. */
const PAIRS_PER_STATEMENT = 50;

/** An archive's contents row, as its bodies key names it (r2-keys.ts chartBodiesKey). */
export interface ContentsObjectRef {
  key: string;
  repositoryId: number;
  archiveDigest: string;
}

/**
 * Which of `objects` a chart_contents row names as its bodies object: those are in use. Looked up
 * by primary key (bodies_r2_key has no index), 50 per statement, in one batch.
 */
export async function contentKeysInUse(
  db: D1Database,
  objects: ContentsObjectRef[],
): Promise<Set<string>> {
  if (objects.length === 0) return new Set();
  const statements: D1PreparedStatement[] = [];
  for (let at = 0; at < objects.length; at += PAIRS_PER_STATEMENT) {
    const chunk = objects.slice(at, at + PAIRS_PER_STATEMENT);
    const where = chunk
      .map((_, i) => `(repository_id = ?${2 * i + 1} AND archive_digest = ?${2 * i + 2})`)
      .join(' OR ');
    statements.push(
      db
        .prepare(`SELECT bodies_r2_key FROM chart_contents WHERE ${where}`)
        .bind(...chunk.flatMap((o) => [o.repositoryId, o.archiveDigest])),
    );
  }
  const results = await db.batch<{ bodies_r2_key: string | null }>(statements);
  return new Set(results.flatMap((r) => r.results.map((row) => row.bodies_r2_key ?? '')));
}
