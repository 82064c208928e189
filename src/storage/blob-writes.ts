/** Writing blobs outside upload sessions: small known bytes, and streams of known length. */
import { digestBytes } from '../core/digest';
import { INLINE_BLOB_LIMIT, NO_OBJECT, type StoredBlob } from './blob-bytes';
import { commitBlob, type CommitBlobInput } from './blobs-db';
import { bucketFor } from './buckets';
import { writtenObjectKey } from './r2-keys';

export interface BlobOwner {
  storageId: number;
  repositoryId: number;
  bucket: string;
  name: string;
}

/** A fresh R2 key for bytes not yet verified or committed (storage/r2-keys.ts layout). */
export function newBlobKey(): string {
  return writtenObjectKey();
}

/**
 * Records bytes already at hand as the blob `digest` of the owner's OCI name: inline ones
 * (`stored.content`) in D1, else the object written at `stored.r2Key`. When the digest was
 * stored before, the earlier copy wins and this object is deleted.
 */
export async function commitWrittenBlob(
  env: Env,
  owner: BlobOwner,
  digest: string,
  size: number,
  stored: StoredBlob,
): Promise<void> {
  if (stored.content) return commitInlineBlob(env.DB, owner, digest, stored.content);
  const input: CommitBlobInput = { ...owner, digest, size, r2Key: stored.r2Key };
  const bucket = bucketFor(env, owner.bucket);
  const winner = await commitBlob(env.DB, input).catch(async (err: unknown) => {
    await bucket.delete(stored.r2Key);
    throw err;
  });
  if (winner !== stored.r2Key) await bucket.delete(stored.r2Key);
}

/** Stores small in-memory bytes (a config, a provenance file) as a blob; returns its digest. */
export async function putBlobBytes(env: Env, owner: BlobOwner, bytes: Uint8Array): Promise<string> {
  const digest = await digestBytes('sha256', bytes);
  if (bytes.byteLength <= INLINE_BLOB_LIMIT) {
    await commitInlineBlob(env.DB, owner, digest, bytes);
    return digest;
  }
  const key = newBlobKey();
  await bucketFor(env, owner.bucket).put(key, bytes);
  await commitWrittenBlob(env, owner, digest, bytes.byteLength, { r2Key: key, content: null });
  return digest;
}

/** Records verified small bytes as the blob `digest`, inline in D1 (storage/blob-bytes.ts). */
export async function commitInlineBlob(
  db: D1Database,
  owner: Omit<BlobOwner, 'bucket'>,
  digest: string,
  bytes: Uint8Array,
  before: D1PreparedStatement[] = [],
): Promise<void> {
  const { storageId, repositoryId, name } = owner;
  const input = { storageId, repositoryId, name, digest, size: bytes.byteLength };
  await commitBlob(db, { ...input, r2Key: NO_OBJECT, content: bytes }, before);
}
