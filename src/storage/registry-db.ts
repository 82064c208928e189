/** Storages, repositories and OCI names (the `packages` table) in D1. */
import type { OciName } from '../core/names';
import type { Repository } from '../core/repository';
import type { ReadScope } from '../core/read-scope';
import { visibleRepository } from './read-scope';

export interface RepositoryRow {
  storage_name: string;
  repository_name: string;
  storage_id: number;
  repository_id: number;
  bucket: string;
  mode: Repository['mode'];
  visibility: Repository['visibility'];
  allow_overwrite: number;
  index_generation: number;
  index_updated_at: string;
}

export const REPOSITORY_COLUMNS = `s.name AS storage_name, r.name AS repository_name, s.id AS storage_id,
  r.id AS repository_id, s.bucket, r.mode, r.visibility, r.allow_overwrite, r.index_generation,
  r.index_updated_at`;

export function toRepository(row: RepositoryRow): Repository {
  return {
    storage: row.storage_name,
    repository: row.repository_name,
    storageId: row.storage_id,
    repositoryId: row.repository_id,
    bucket: row.bucket,
    mode: row.mode,
    visibility: row.visibility,
    allowOverwrite: row.allow_overwrite !== 0,
    indexGeneration: row.index_generation,
    indexUpdatedAt: row.index_updated_at,
  };
}

export async function findRepository(
  db: D1Database,
  storage: string,
  repository: string,
): Promise<Repository | null> {
  const row = await db
    .prepare(
      `SELECT ${REPOSITORY_COLUMNS}
       FROM storages s JOIN repositories r ON r.storage_id = s.id
       WHERE s.name = ?1 AND r.name = ?2`,
    )
    .bind(storage, repository)
    .first<RepositoryRow>();
  return row ? toRepository(row) : null;
}

/**
 * An OCI name (the OCI repository `<storage>/<repository>/<name>`) with its repository. In D1 an
 * OCI name is a row of the table `packages` (columns `package_id` elsewhere): the schema kept the
 * first word (migrations are append-only), the code says OCI name and `nameId` throughout.
 */
export interface OciNameRecord extends Repository {
  nameId: number;
}

/** The OCI name as `/v2` sees it (repositories in `http` mode, or hidden by `scope`, are not visible). */
export async function findOciName(
  db: D1Database,
  name: OciName,
  scope: ReadScope,
): Promise<OciNameRecord | null> {
  const row = await db
    .prepare(
      `SELECT ${REPOSITORY_COLUMNS}, p.id AS package_id
       FROM storages s
       JOIN repositories r ON r.storage_id = s.id AND r.name = ?2 AND r.mode <> 'http'
       JOIN packages p ON p.repository_id = r.id AND p.name = ?3
       WHERE s.name = ?1 AND ${visibleRepository(4)}`,
    )
    .bind(name.storage, name.repository, name.name, scope)
    .first<RepositoryRow & { package_id: number }>();
  return row ? { ...toRepository(row), nameId: row.package_id } : null;
}

/** Returns the id of the OCI name `name` in a repository, creating its row on first use. */
export async function ensureOciName(
  db: D1Database,
  repositoryId: number,
  name: string,
): Promise<number> {
  const row = await db
    .prepare(
      `INSERT INTO packages (repository_id, name) VALUES (?1, ?2)
       ON CONFLICT (repository_id, name) DO UPDATE SET name = excluded.name
       RETURNING id`,
    )
    .bind(repositoryId, name)
    .first<{ id: number }>();
  return row!.id;
}
