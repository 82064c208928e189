/**
 * A whole blob in one request, handled in the Worker without a Durable Object: monolithic
 * `POST ?digest=`, and `PUT ?digest=` on a URL-held session (upload-token.ts). The body streams
 * to R2 under a fresh key while it is hashed; the digest is checked before anything is recorded,
 * and a mismatch deletes the object. A body of at most INLINE_BLOB_LIMIT bytes is read whole and
 * recorded inline in D1 instead (storage/blob-bytes.ts): no R2 object at all.
 */
import { OciError } from '../errors/oci-error';
import { readExactly } from '../http/read-capped';
import { digestAlgorithm } from '../oci/reference';
import {
  claimUpload,
  commitBlob,
  finishUploadStatement,
  isDuplicateFinish,
} from '../storage/blobs-db';
import { INLINE_BLOB_LIMIT } from '../storage/blob-bytes';
import { commitInlineBlob, newBlobKey } from '../storage/blob-writes';
import { bucketFor } from '../storage/buckets';
import { MAX_OBJECT_SIZE } from '../storage/r2-parts';
import { writeStreamToR2 } from '../storage/r2-stream-writer';
import { bigChunks } from '../streams/big-chunks';
import { digestBytes, StreamingDigest } from './digest';
import type { UploadTarget } from './session-state';

export interface DirectUpload {
  target: UploadTarget;
  body: ReadableStream<Uint8Array> | null;
  /** Content-Length, when the client sent one. */
  length: number | null;
  digest: string;
  /** The URL-held session this upload finishes, recorded in the same transaction. */
  sessionId: string | null;
}

/**
 * A pass-through that hashes each chunk before passing it on (the hash is done with the chunk
 * before it moves downstream, so nothing is copied), counts bytes, and fails past the largest
 * object R2 multipart allows.
 */
function hashing(
  hasher: StreamingDigest,
  count: { total: number },
): TransformStream<Uint8Array, Uint8Array> {
  return new TransformStream<Uint8Array, Uint8Array>({
    async transform(chunk, controller) {
      count.total += chunk.byteLength;
      if (count.total > MAX_OBJECT_SIZE) {
        throw new OciError('SIZE_INVALID', `blobs are limited to ${MAX_OBJECT_SIZE} bytes`, {
          status: 413,
        });
      }
      await hasher.update(chunk);
      controller.enqueue(chunk);
    },
  });
}

/** The session's finish, recorded in the blob's own transaction. */
const finishing = (env: Env, upload: DirectUpload) =>
  upload.sessionId ? [finishUploadStatement(env.DB, upload.sessionId)] : [];

/** A failed finish ends the session, as it does for Durable Object sessions. */
async function rejectDigest(env: Env, upload: DirectUpload): Promise<never> {
  if (upload.sessionId) await claimUpload(env.DB, upload.sessionId);
  throw new OciError('DIGEST_INVALID', `content does not match ${upload.digest}`);
}

async function rethrowCommitError(upload: DirectUpload, err: unknown): Promise<never> {
  if (isDuplicateFinish(err))
    throw new OciError('BLOB_UPLOAD_UNKNOWN', { session: upload.sessionId });
  throw err;
}

/** A small body of known length: read whole, checked, and recorded in one D1 batch. */
async function uploadInline(env: Env, upload: DirectUpload, length: number) {
  const bytes = await readExactly(upload.body, length);
  if (!bytes)
    throw new OciError('BLOB_UPLOAD_INVALID', 'the body does not match its Content-Length');
  const digest = await digestBytes(digestAlgorithm(upload.digest)!, bytes);
  if (digest !== upload.digest) await rejectDigest(env, upload);
  await commitInlineBlob(env.DB, upload.target, digest, bytes, finishing(env, upload)).catch(
    (err: unknown) => rethrowCommitError(upload, err),
  );
  return { digest, size: length };
}

export async function uploadDirect(
  env: Env,
  upload: DirectUpload,
): Promise<{ digest: string; size: number }> {
  if (upload.length !== null && upload.length <= INLINE_BLOB_LIMIT)
    return uploadInline(env, upload, upload.length);
  const { target, digest } = upload;
  const algorithm = digestAlgorithm(digest)!;
  const bucket = bucketFor(env, target.bucket);
  const key = newBlobKey();
  const hasher = new StreamingDigest(algorithm);
  const body = bigChunks(upload.body ?? new Blob([]).stream());
  const count = { total: 0 };
  const hashed = body.pipeThrough(hashing(hasher, count));
  try {
    if (upload.length !== null && upload.length <= MAX_OBJECT_SIZE) {
      // Known length: one streamed PUT (FixedLengthStream gives R2 the length it needs).
      const fixed = new FixedLengthStream(upload.length);
      await Promise.all([hashed.pipeTo(fixed.writable), bucket.put(key, fixed.readable)]);
    } else {
      await writeStreamToR2(bucket, key, hashed);
    }
  } catch (err) {
    await bucket.delete(key);
    if (err instanceof OciError) throw err;
    throw new OciError('BLOB_UPLOAD_INVALID', 'the upload ended before its Content-Length');
  }
  const size = count.total;
  const actual = await hasher.digest();
  if (actual !== digest) {
    await bucket.delete(key);
    await rejectDigest(env, upload);
  }
  try {
    const input = { ...target, digest, size, r2Key: key };
    const winner = await commitBlob(env.DB, input, finishing(env, upload));
    if (winner !== key) await bucket.delete(key);
  } catch (err) {
    await bucket.delete(key);
    await rethrowCommitError(upload, err);
  }
  return { digest, size };
}
