/** Garbage collection in D1: blobs nothing references any more. */

/**
 * A blob of a storage is garbage when no manifest references it or is stored in it, and it has
 * been linked to no OCI name for the grace period. The grace period protects blobs that an upload
 * just finished and a manifest push is about to reference; reference_checks protects a push
 * racing the collection.
 */
/** The shared predicate on blobs `b`: ?1 storage id, ?2 cut-off time (unix seconds). */
const GARBAGE = `b.storage_id = ?1 AND b.created_at <= ?2
  AND NOT EXISTS (
    SELECT 1 FROM manifest_refs mr JOIN packages p ON p.id = mr.package_id
    JOIN repositories r ON r.id = p.repository_id
    WHERE r.storage_id = ?1 AND mr.ref_digest = b.digest)
  AND NOT EXISTS (
    SELECT 1 FROM manifests m JOIN packages p ON p.id = m.package_id
    JOIN repositories r ON r.id = p.repository_id
    WHERE r.storage_id = ?1 AND m.digest = b.digest)
  AND NOT EXISTS (
    SELECT 1 FROM package_blobs pb JOIN packages p ON p.id = pb.package_id
    JOIN repositories r ON r.id = p.repository_id
    WHERE r.storage_id = ?1 AND pb.digest = b.digest AND pb.created_at > ?2)`;

export async function listStorageBuckets(
  db: D1Database,
): Promise<{ id: number; bucket: string }[]> {
  return (await db.prepare(`SELECT id, bucket FROM storages`).all<{ id: number; bucket: string }>())
    .results;
}

/**
 * Removes up to `limit` garbage blobs of a storage and their stale links, in one transaction,
 * and returns how many went and the R2 keys whose objects the caller must now delete.
 */
export async function sweepBlobs(
  db: D1Database,
  storageId: number,
  cutoff: number,
  limit: number,
): Promise<{ removed: number; keys: string[] }> {
  const batch = `SELECT b.digest FROM blobs b WHERE ${GARBAGE} ORDER BY b.digest LIMIT ?3`;
  const [, removed] = await db.batch([
    db
      .prepare(
        `DELETE FROM package_blobs WHERE digest IN (${batch})
         AND package_id IN (SELECT p.id FROM packages p JOIN repositories r ON r.id = p.repository_id WHERE r.storage_id = ?1)`,
      )
      .bind(storageId, cutoff, limit),
    db
      .prepare(`DELETE FROM blobs WHERE storage_id = ?1 AND digest IN (${batch}) RETURNING r2_key`)
      .bind(storageId, cutoff, limit),
  ]);
  const rows = removed!.results as { r2_key: string }[];
  // Inline blobs (storage/blob-bytes.ts) have no object to delete.
  return { removed: rows.length, keys: rows.map((r) => r.r2_key).filter((key) => key) };
}

/** OCI names left with no manifest and no blob (after deletes), so names disappear too. */
export async function dropEmptyNames(db: D1Database): Promise<number> {
  const result = await db
    .prepare(
      `DELETE FROM packages WHERE NOT EXISTS (SELECT 1 FROM manifests m WHERE m.package_id = packages.id)
         AND NOT EXISTS (SELECT 1 FROM package_blobs pb WHERE pb.package_id = packages.id)`,
    )
    .run();
  return result.meta.changes;
}

/** Forgets URL-held upload sessions finished before `cutoff` (their tokens have expired). */
export async function pruneFinishedUploads(db: D1Database, cutoff: number): Promise<void> {
  await db.prepare(`DELETE FROM finished_uploads WHERE finished_at < ?1`).bind(cutoff).run();
}

/** D1 allows at most 100 bound parameters per statement. */
const KEYS_PER_STATEMENT = 100;

/** Which of `keys` a blob row names (in any storage): those objects are not orphans. */
export async function keysInUse(db: D1Database, keys: string[]): Promise<Set<string>> {
  if (keys.length === 0) return new Set();
  const statements: D1PreparedStatement[] = [];
  for (let at = 0; at < keys.length; at += KEYS_PER_STATEMENT) {
    const chunk = keys.slice(at, at + KEYS_PER_STATEMENT);
    const params = chunk.map((_, i) => `?${i + 1}`).join(', ');
    statements.push(
      db.prepare(`SELECT r2_key FROM blobs WHERE r2_key IN (${params})`).bind(...chunk),
    );
  }
  const results = await db.batch<{ r2_key: string }>(statements);
  return new Set(results.flatMap((r) => r.results.map((row) => row.r2_key)));
}
