/** A whole blob in one request, written and recorded by the Worker without a Durable Object. */
import { RegistryError } from '../errors/registry-error';
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
import { deleteUploadObject, readUploadObject, writeUploadStream } from '../storage/upload-objects';
import { bigChunks } from '../streams/big-chunks';
import { digestBytes, StreamingDigest } from '../core/digest';
import type { UploadTarget } from './session-state';

export interface DirectUpload {
  target: UploadTarget;
  body: ReadableStream<Uint8Array> | null;
  /** Content-Length, when the client sent one. */
  length: number | null;
  digest: string;
  /** The URL-held session this upload finishes, recorded in the same transaction. */
  sessionId: string | null;
  /** Takes the body when the session turns out to be in use already (see handOver). */
  inUse?: (body: ReadableStream<Uint8Array>, length: number) => Promise<Uploaded>;
}

export interface Uploaded {
  digest: string;
  size: number;
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
        throw new RegistryError('TOO_LARGE', `blobs are limited to ${MAX_OBJECT_SIZE} bytes`);
      }
      await hasher.update(chunk);
      controller.enqueue(chunk);
    },
  });
}

/** The session's finish, recorded in the blob's own transaction. */
const finishing = (env: Env, upload: DirectUpload) =>
  upload.sessionId ? [finishUploadStatement(env.DB, upload.sessionId)] : [];

/**
 * The bytes of a PUT on a session that was already used: moved into its Durable Object by a
 * PATCH (these bytes are then its last chunk), or ended (the object answers BLOB_UPLOAD_UNKNOWN).
 * Learnt only from the commit's own failure, so the common POST-then-PUT costs nothing more.
 */
function handOver(
  upload: DirectUpload,
  body: ReadableStream<Uint8Array>,
  length: number,
): Promise<Uploaded> {
  if (!upload.inUse) throw new RegistryError('BLOB_UPLOAD_UNKNOWN', { session: upload.sessionId });
  return upload.inUse(body, length);
}

/**
 * Whether a digest mismatch ends this session (it was fresh: now it is used up, as a failed
 * finish ends a Durable Object session) rather than being a last chunk for a session in use.
 */
async function mismatchEnds(env: Env, upload: DirectUpload): Promise<boolean> {
  return !upload.sessionId || (await claimUpload(env.DB, upload.sessionId));
}

const digestMismatch = (upload: DirectUpload) =>
  new RegistryError('DIGEST_INVALID', `content does not match ${upload.digest}`);

/** A small body of known length: read whole, checked, and recorded in one D1 batch. */
async function uploadInline(env: Env, upload: DirectUpload, length: number): Promise<Uploaded> {
  const bytes = await readExactly(upload.body, length);
  if (!bytes)
    throw new RegistryError('BLOB_UPLOAD_INVALID', 'the body does not match its Content-Length');
  const bytesAgain = () => new Blob([bytes]).stream();
  const digest = await digestBytes(digestAlgorithm(upload.digest)!, bytes);
  if (digest !== upload.digest) {
    if (await mismatchEnds(env, upload)) throw digestMismatch(upload);
    return handOver(upload, bytesAgain(), length);
  }
  try {
    await commitInlineBlob(env.DB, upload.target, digest, bytes, finishing(env, upload));
  } catch (err) {
    if (isDuplicateFinish(err)) return handOver(upload, bytesAgain(), length);
    throw err;
  }
  return { digest, size: length };
}

/** Hands the object just written over to the session in use, and deletes it afterwards. */
async function handOverObject(
  upload: DirectUpload,
  bucket: R2Bucket,
  key: string,
  size: number,
): Promise<Uploaded> {
  try {
    const body = await readUploadObject(bucket, key);
    if (!body) throw new RegistryError('BLOB_UPLOAD_UNKNOWN', { session: upload.sessionId });
    return await handOver(upload, body, size);
  } finally {
    await deleteUploadObject(bucket, key);
  }
}

/**
 * Monolithic `POST ?digest=`, and `PUT ?digest=` on a URL-held session (upload-token.ts). The
 * body streams to R2 under a fresh key while it is hashed; the digest is checked before anything
 * is recorded, and a mismatch deletes the object. A body of at most INLINE_BLOB_LIMIT bytes is
 * read whole and recorded inline in D1 instead (storage/blob-bytes.ts): no R2 object at all.
 */
export async function uploadDirect(env: Env, upload: DirectUpload): Promise<Uploaded> {
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
    await writeUploadStream(bucket, key, hashed, upload.length);
  } catch (err) {
    await deleteUploadObject(bucket, key);
    if (err instanceof RegistryError) throw err;
    throw new RegistryError('BLOB_UPLOAD_INVALID', 'the upload ended before its Content-Length');
  }
  const size = count.total;
  const actual = await hasher.digest();
  if (actual !== digest) {
    if (!(await mismatchEnds(env, upload))) return handOverObject(upload, bucket, key, size);
    await deleteUploadObject(bucket, key);
    throw digestMismatch(upload);
  }
  try {
    const input = { ...target, digest, size, r2Key: key };
    const winner = await commitBlob(env.DB, input, finishing(env, upload));
    if (winner !== key) await deleteUploadObject(bucket, key);
  } catch (err) {
    if (isDuplicateFinish(err)) return handOverObject(upload, bucket, key, size);
    await deleteUploadObject(bucket, key);
    throw err;
  }
  return { digest, size };
}
