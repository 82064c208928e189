/** The end of an upload session: the last part, the digest check, the D1 commit, freeing what it wrote. */
import { RepositoryGone } from '../errors/repository-gone';
import { digestAlgorithm } from '../oci/reference';
import { INLINE_BLOB_LIMIT } from '../storage/blob-bytes';
import { commitInlineBlob } from '../storage/blob-writes';
import { commitBlob } from '../storage/blobs-db';
import {
  abortMultipart,
  completeMultipart,
  deleteUploadObject,
  putUploadObject,
  readUploadObject,
} from '../storage/upload-objects';
import { digestBytes, digestStream } from '../core/digest';
import { uploadNextPart, type SessionIo } from './session-parts';
import type { Working } from './session-receive';
import type { SessionState } from './session-state';
import { forgetSession } from './session-store';
import type { UploadCompletion } from './upload-result';

/**
 * Verifies `digest` and makes the blob visible. The session ends whatever happens: a failed
 * completion leaves nothing behind, and a blob another session committed first is kept once.
 */
export async function completeSession(
  env: Env,
  io: SessionIo,
  working: Working,
  digest: string,
): Promise<UploadCompletion> {
  let committed = false;
  try {
    const size = working.state.offset;
    const written = await writeAndVerify(io, working, digest);
    if (written === 'mismatch')
      return { ok: false, error: 'DIGEST_INVALID', detail: `content does not match ${digest}` };
    const { target, key } = working.state;
    if (written instanceof Uint8Array) {
      await commitInlineBlob(env.DB, target, digest, written);
      return { ok: true, digest, size };
    }
    const winner = await commitBlob(env.DB, {
      storageId: target.storageId,
      repositoryId: target.repositoryId,
      name: target.name,
      digest,
      size,
      r2Key: key,
    });
    committed = winner === key;
    return { ok: true, digest, size };
  } catch (err) {
    if (err instanceof RepositoryGone)
      return { ok: false, error: 'NAME_UNKNOWN', detail: err.message };
    throw err;
  } finally {
    await endSession(io, working.state, !committed);
  }
}

/**
 * Checks the digest and writes the final object to R2 ('written'), or returns the bytes of a
 * blob small enough to keep inline in D1 (storage/blob-bytes.ts) without writing anything.
 */
async function writeAndVerify(
  io: SessionIo,
  { state, queue, hash }: Working,
  digest: string,
): Promise<'mismatch' | 'written' | Uint8Array> {
  const algorithm = digestAlgorithm(digest)!;
  const streamed = algorithm === 'sha256' && hash ? await hash.hasher.digest() : null;
  if (!state.multipartId) {
    const bytes = queue.takeAll();
    const actual = streamed ?? (await digestBytes(algorithm, bytes));
    if (actual !== digest) return 'mismatch';
    if (bytes.byteLength <= INLINE_BLOB_LIMIT) return bytes;
    await putUploadObject(io.bucket, state.key, bytes);
    return 'written';
  }
  if (queue.length > 0) await uploadNextPart(io, state, queue.takeStream(queue.length));
  await completeMultipart(io.bucket, state.key, state.multipartId, state.parts);
  state.multipartId = null;
  let actual = streamed;
  if (actual === null) {
    // The bytes came over several requests: read the object back once and hash it natively.
    const body = await readUploadObject(io.bucket, state.key);
    actual = body ? await digestStream(algorithm, body) : null;
  }
  return actual === digest ? 'written' : 'mismatch';
}

/** Ends the session: aborts its multipart upload, optionally deletes its object, forgets it all. */
export async function endSession(
  io: SessionIo,
  state: SessionState,
  deleteObject: boolean,
): Promise<void> {
  if (state.multipartId) await abortMultipart(io.bucket, state.key, state.multipartId);
  if (deleteObject) await deleteUploadObject(io.bucket, state.key);
  await forgetSession(io.storage);
}
