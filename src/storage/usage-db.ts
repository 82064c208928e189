/** Storage use for the administration overview: bytes and blob counts per storage and per repository (D1). */

export interface StorageUsageRow {
  storage: string;
  bucket: string;
  blobs: number;
  bytes: number;
  repositories: number;
}

export interface RepositoryUsageRow {
  id: number;
  storage: string;
  name: string;
  visibility: 'public' | 'private';
  /** Distinct blobs the repository's names link (one blob may be linked by several repositories). */
  blobs: number;
  bytes: number;
  charts: number;
  versions: number;
}

/**
 * Both tables in one D1 batch. Blobs are stored once per storage, so a storage's bytes are its
 * blob rows; a repository's are the distinct blobs its OCI names link (package_blobs).
 */
export async function storageUsage(
  db: D1Database,
): Promise<{ storages: StorageUsageRow[]; repositories: RepositoryUsageRow[] }> {
  const [storages, repositories] = await db.batch([
    db.prepare(
      `SELECT s.name AS storage, s.bucket,
         (SELECT count(*) FROM blobs b WHERE b.storage_id = s.id) AS blobs,
         (SELECT coalesce(sum(b.size), 0) FROM blobs b WHERE b.storage_id = s.id) AS bytes,
         (SELECT count(*) FROM repositories r WHERE r.storage_id = s.id) AS repositories
       FROM storages s ORDER BY s.name`,
    ),
    db.prepare(
      `WITH linked AS (
         SELECT DISTINCT p.repository_id, pb.digest FROM packages p
         JOIN package_blobs pb ON pb.package_id = p.id)
       SELECT r.id, s.name AS storage, r.name, r.visibility,
         count(b.digest) AS blobs, coalesce(sum(b.size), 0) AS bytes,
         (SELECT count(DISTINCT cv.name) FROM chart_versions cv WHERE cv.repository_id = r.id) AS charts,
         (SELECT count(*) FROM chart_versions cv WHERE cv.repository_id = r.id) AS versions
       FROM repositories r JOIN storages s ON s.id = r.storage_id
       LEFT JOIN linked l ON l.repository_id = r.id
       LEFT JOIN blobs b ON b.storage_id = r.storage_id AND b.digest = l.digest
       GROUP BY r.id ORDER BY s.name, r.name`,
    ),
  ]);
  return {
    storages: storages!.results as StorageUsageRow[],
    repositories: repositories!.results as RepositoryUsageRow[],
  };
}
