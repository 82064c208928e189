/** Storages and repositories as the admin API manages them (D1). */
import type { ArtifactHubColumns } from './artifacthub-db';

export interface StorageRow {
  id: number;
  name: string;
  bucket: string;
  created_at: number;
}

export interface AdminRepositoryRow extends ArtifactHubColumns {
  id: number;
  storage: string;
  bucket: string;
  name: string;
  mode: 'hybrid' | 'http' | 'oci';
  visibility: 'public' | 'private';
  allow_overwrite: number;
  created_at: number;
  index_updated_at: string;
}

export async function listStorages(db: D1Database): Promise<StorageRow[]> {
  return (
    await db
      .prepare(`SELECT id, name, bucket, created_at FROM storages ORDER BY name`)
      .all<StorageRow>()
  ).results;
}

/** Creates a storage; null when the name is taken. */
export async function insertStorage(
  db: D1Database,
  name: string,
  bucket: string,
): Promise<StorageRow | null> {
  return db
    .prepare(
      `INSERT INTO storages (name, bucket) VALUES (?1, ?2) ON CONFLICT (name) DO NOTHING
       RETURNING id, name, bucket, created_at`,
    )
    .bind(name, bucket)
    .first<StorageRow>();
}

/** Deletes an empty storage: 'deleted', 'missing', or 'not-empty' when repositories remain. */
export async function deleteStorage(
  db: D1Database,
  name: string,
): Promise<'deleted' | 'missing' | 'not-empty'> {
  const [used, removed] = await db.batch([
    db
      .prepare(
        `SELECT count(*) AS n FROM repositories r JOIN storages s ON s.id = r.storage_id WHERE s.name = ?1`,
      )
      .bind(name),
    db
      .prepare(
        `DELETE FROM storages WHERE name = ?1 AND NOT EXISTS (SELECT 1 FROM repositories WHERE storage_id = storages.id)`,
      )
      .bind(name),
  ]);
  if (removed!.meta.changes > 0) return 'deleted';
  return (used!.results[0] as { n: number }).n > 0 ? 'not-empty' : 'missing';
}

const REPOSITORY_SELECT = `SELECT r.id, s.name AS storage, s.bucket, r.name, r.mode, r.visibility, r.allow_overwrite,
  r.created_at, r.index_updated_at, r.artifacthub_repository_id, r.artifacthub_owners
  FROM repositories r JOIN storages s ON s.id = r.storage_id`;

/** Repositories that are public or listed in `readable` (`<storage>/<repository>` or `*`). */
export async function listRepositories(
  db: D1Database,
  readable: string[],
): Promise<AdminRepositoryRow[]> {
  const { results } = await db
    .prepare(
      `${REPOSITORY_SELECT}
       WHERE r.visibility = 'public' OR EXISTS (
         SELECT 1 FROM json_each(?1) WHERE value = '*' OR value = s.name || '/' || r.name)
       ORDER BY s.name, r.name`,
    )
    .bind(JSON.stringify(readable))
    .all<AdminRepositoryRow>();
  return results;
}

export async function findRepositoryById(
  db: D1Database,
  id: number,
): Promise<AdminRepositoryRow | null> {
  return db.prepare(`${REPOSITORY_SELECT} WHERE r.id = ?1`).bind(id).first<AdminRepositoryRow>();
}

export interface RepositorySettings {
  mode?: 'hybrid' | 'http' | 'oci';
  visibility?: 'public' | 'private';
  allowOverwrite?: boolean;
}

/**
 * Creates a repository; 'no-storage' or 'exists' when it cannot. Its index is new (and empty)
 * now: the column's default, 1970-01-01, is for rows that predate migration 0003.
 */
export async function insertRepository(
  db: D1Database,
  storage: string,
  name: string,
  settings: RepositorySettings,
): Promise<AdminRepositoryRow | 'no-storage' | 'exists'> {
  const row = await db
    .prepare(
      `INSERT INTO repositories (storage_id, name, mode, visibility, allow_overwrite, index_updated_at)
       SELECT id, ?2, ?3, ?4, ?5, strftime('%Y-%m-%dT%H:%M:%fZ', 'now') FROM storages WHERE name = ?1
       ON CONFLICT (storage_id, name) DO NOTHING
       RETURNING id`,
    )
    .bind(
      storage,
      name,
      settings.mode ?? 'hybrid',
      settings.visibility ?? 'public',
      settings.allowOverwrite ? 1 : 0,
    )
    .first<{ id: number }>();
  if (row) return (await findRepositoryById(db, row.id))!;
  const exists = await db.prepare(`SELECT 1 FROM storages WHERE name = ?1`).bind(storage).first();
  return exists ? 'exists' : 'no-storage';
}

export async function updateRepository(
  db: D1Database,
  id: number,
  s: RepositorySettings,
): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE repositories SET mode = coalesce(?2, mode), visibility = coalesce(?3, visibility),
         allow_overwrite = coalesce(?4, allow_overwrite)
       WHERE id = ?1`,
    )
    .bind(
      id,
      s.mode ?? null,
      s.visibility ?? null,
      s.allowOverwrite === undefined ? null : s.allowOverwrite ? 1 : 0,
    )
    .run();
  return result.meta.changes > 0;
}

/** Deletes a repository and everything in it (its blobs are left to garbage collection). */
export async function deleteRepository(db: D1Database, id: number): Promise<boolean> {
  const result = await db.prepare(`DELETE FROM repositories WHERE id = ?1`).bind(id).run();
  return result.meta.changes > 0;
}

export interface ChartVersionRow {
  name: string;
  version: string;
  archive_digest: string;
  archive_size: number;
  created: string;
  protocol: 'oci' | 'http';
  prov_digest: string | null;
}

/** One page of a repository's chart versions, by name then version (highest first), and the total. */
export async function listChartVersionPage(
  db: D1Database,
  repositoryId: number,
  offset: number,
  limit: number,
): Promise<{ rows: ChartVersionRow[]; total: number }> {
  const [page, count] = await db.batch([
    db
      .prepare(
        `SELECT name, version, archive_digest, archive_size, created, protocol, prov_digest FROM chart_versions
         WHERE repository_id = ?1 ORDER BY name, version_sort DESC LIMIT ?2 OFFSET ?3`,
      )
      .bind(repositoryId, limit, offset),
    db
      .prepare(`SELECT count(*) AS n FROM chart_versions WHERE repository_id = ?1`)
      .bind(repositoryId),
  ]);
  return {
    rows: page!.results as ChartVersionRow[],
    total: (count!.results[0] as { n: number }).n,
  };
}
