/** Content-addressed blobs and the links that make a blob visible under an OCI name. */
import { isForeignKeyFailure, RepositoryGone } from '../errors/repository-gone';
import type { OciName } from '../core/names';
import type { Repository } from '../core/repository';
import { toHex } from '../core/digest';
import { blobContent, contentFromHex, contentHex, type StoredBlob } from './blob-bytes';
import type { ReadScope } from '../core/read-scope';
import { visibleRepository } from './read-scope';
import type { ArtifactHubListing } from '../core/artifacthub';
import { toArtifactHubListing, type ArtifactHubColumns } from './artifacthub-db';

export interface BlobRecord extends StoredBlob {
  digest: string;
  size: number;
  bucket: string;
  /** Visibility of the repository it was found in (public content may be edge-cached). */
  visibility: 'public' | 'private';
}

export interface BlobRow {
  digest: string;
  size: number;
  r2_key: string;
  content: string | null;
  bucket: string;
  visibility: 'public' | 'private';
}

export const toBlob = (row: BlobRow): BlobRecord => ({
  digest: row.digest,
  size: row.size,
  r2Key: row.r2_key,
  content: blobContent(row.content),
  bucket: row.bucket,
  visibility: row.visibility,
});

/**
 * What a blob lookup found: the blob; or why not: the OCI name does not link it
 * (`blob-unknown`, with the repository's Artifact Hub listing, whose artifact's blobs no row
 * holds, and the bucket and visibility of the repository), or the name is unknown (with the
 * repository when it exists at all), all from one statement, so a miss costs no second query.
 */
export type BlobLookup =
  | { found: 'blob'; blob: BlobRecord }
  | {
      found: 'blob-unknown';
      artifactHub: ArtifactHubListing | null;
      bucket: string;
      visibility: 'public' | 'private';
    }
  | { found: 'name-unknown'; repository: Pick<Repository, 'mode' | 'visibility'> | null };

/** The blob `digest` as the OCI name `name` sees it (http-mode repositories hide it). */
export async function lookupNameBlob(
  db: D1Database,
  name: OciName,
  digest: string,
  scope: ReadScope,
): Promise<BlobLookup> {
  const row = await db
    .prepare(
      `SELECT r.mode, r.visibility, p.id AS package_id, r.artifacthub_repository_id,
         r.artifacthub_owners, b.digest, b.size, b.r2_key, ${contentHex('b')} AS content, s.bucket
       FROM storages s
       JOIN repositories r ON r.storage_id = s.id AND r.name = ?2
       LEFT JOIN packages p ON p.repository_id = r.id AND p.name = ?3
         AND r.mode <> 'http' AND ${visibleRepository(5)}
       LEFT JOIN package_blobs pb ON pb.package_id = p.id AND pb.digest = ?4
       LEFT JOIN blobs b ON b.storage_id = s.id AND b.digest = pb.digest
       WHERE s.name = ?1`,
    )
    .bind(name.storage, name.repository, name.name, digest, scope)
    .first<
      (BlobRow | Record<keyof BlobRow, null>) &
        ArtifactHubColumns & {
          mode: Repository['mode'];
          package_id: number | null;
          bucket: string;
          visibility: 'public' | 'private';
        }
    >();
  if (!row) return { found: 'name-unknown', repository: null };
  if (row.package_id === null) {
    return { found: 'name-unknown', repository: { mode: row.mode, visibility: row.visibility! } };
  }
  if (row.digest === null) {
    return {
      found: 'blob-unknown',
      artifactHub: toArtifactHubListing(row),
      bucket: row.bucket,
      visibility: row.visibility,
    };
  }
  return { found: 'blob', blob: toBlob(row as BlobRow) };
}

export interface CommitBlobInput {
  storageId: number;
  repositoryId: number;
  name: string;
  digest: string;
  size: number;
  /** NO_OBJECT when the bytes are inline (`content`). */
  r2Key: string;
  content?: Uint8Array | null;
}

/**
 * Records a verified blob and links it to its OCI name, in one transaction (RepositoryGone when
 * the repository was deleted meanwhile: nothing is written). The link's time is
 * refreshed, so garbage collection leaves a just-uploaded blob alone for its grace period. When another upload
 * committed the same digest first, the existing object wins; the returned key tells the caller
 * whether its own object is now redundant.
 */
export async function commitBlob(
  db: D1Database,
  input: CommitBlobInput,
  before: D1PreparedStatement[] = [],
): Promise<string> {
  const { storageId, repositoryId, name, digest, size, r2Key, content } = input;
  const results = await db
    .batch([
      ...before,
      db
        .prepare(
          `INSERT INTO blobs (storage_id, digest, size, r2_key, content) VALUES (?1, ?2, ?3, ?4, ${contentFromHex(5)})
           ON CONFLICT (storage_id, digest) DO NOTHING`,
        )
        .bind(storageId, digest, size, r2Key, content ? toHex(content) : null),
      db
        .prepare(
          `INSERT INTO packages (repository_id, name) VALUES (?1, ?2)
           ON CONFLICT (repository_id, name) DO NOTHING`,
        )
        .bind(repositoryId, name),
      db
        .prepare(
          `INSERT INTO package_blobs (package_id, digest)
           SELECT id, ?3 FROM packages WHERE repository_id = ?1 AND name = ?2
           ON CONFLICT (package_id, digest) DO UPDATE SET created_at = unixepoch()`,
        )
        .bind(repositoryId, name, digest),
      db
        .prepare(`SELECT r2_key FROM blobs WHERE storage_id = ?1 AND digest = ?2`)
        .bind(storageId, digest),
    ])
    .catch((err: unknown) => {
      if (isForeignKeyFailure(err)) throw new RepositoryGone();
      throw err;
    });
  const winner = results[before.length + 3]!.results[0] as { r2_key: string } | undefined;
  return winner!.r2_key;
}

/** Marks a URL-held upload session finished; the batch fails if it already was (no reuse). */
export function finishUploadStatement(db: D1Database, id: string): D1PreparedStatement {
  return db.prepare(`INSERT INTO finished_uploads (id) VALUES (?1)`).bind(id);
}

/** Marks a URL-held upload session finished; false when it already was. */
export async function claimUpload(db: D1Database, id: string): Promise<boolean> {
  const row = await db
    .prepare(
      `INSERT INTO finished_uploads (id) VALUES (?1) ON CONFLICT (id) DO NOTHING RETURNING id`,
    )
    .bind(id)
    .first();
  return row !== null;
}

export async function isUploadFinished(db: D1Database, id: string): Promise<boolean> {
  return (
    (await db.prepare(`SELECT 1 AS found FROM finished_uploads WHERE id = ?1`).bind(id).first()) !==
    null
  );
}

export function isDuplicateFinish(err: unknown): boolean {
  return err instanceof Error && /UNIQUE constraint failed: finished_uploads/.test(err.message);
}

/** Whether a blob is recorded in the storage at all (used before trusting an R2 key). */
export async function blobKeyInUse(
  db: D1Database,
  storageId: number,
  r2Key: string,
): Promise<boolean> {
  const row = await db
    .prepare(`SELECT 1 AS found FROM blobs WHERE storage_id = ?1 AND r2_key = ?2`)
    .bind(storageId, r2Key)
    .first();
  return row !== null;
}

/**
 * Cross-repository mount: links `digest` into the target OCI name when the source name in the
 * same storage links it. Returns false when the source does not have it.
 */
export async function mountBlob(
  db: D1Database,
  source: OciName,
  scope: ReadScope,
  target: { repositoryId: number; name: string },
  digest: string,
): Promise<boolean> {
  if ((await lookupNameBlob(db, source, digest, scope)).found !== 'blob') return false;
  await db.batch([
    db
      .prepare(
        `INSERT INTO packages (repository_id, name) VALUES (?1, ?2)
         ON CONFLICT (repository_id, name) DO NOTHING`,
      )
      .bind(target.repositoryId, target.name),
    db
      .prepare(
        `INSERT INTO package_blobs (package_id, digest)
         SELECT id, ?3 FROM packages WHERE repository_id = ?1 AND name = ?2
         ON CONFLICT (package_id, digest) DO UPDATE SET created_at = unixepoch()`,
      )
      .bind(target.repositoryId, target.name, digest),
  ]);
  return true;
}

/** Removes a blob from an OCI name. The bytes stay until nothing references them. */
export async function unlinkBlob(db: D1Database, nameId: number, digest: string): Promise<boolean> {
  const result = await db
    .prepare(`DELETE FROM package_blobs WHERE package_id = ?1 AND digest = ?2`)
    .bind(nameId, digest)
    .run();
  return result.meta.changes > 0;
}
