/** Cuts an upload session's bytes into R2 multipart parts of PART_SIZE (R2: all but the last equal). */
import { startMultipart, uploadPart } from '../storage/upload-objects';
import type { ChunkQueue } from '../streams/chunk-queue';
import { PART_SIZE, type SessionState } from './session-state';
import { recordMultipart } from './session-store';

/** Where a session writes: the R2 bucket of its storage, and its Durable Object's storage. */
export interface SessionIo {
  bucket: R2Bucket;
  storage: DurableObjectStorage;
}

/** Uploads `part` as the session's next part, starting its multipart upload on the first. */
export async function uploadNextPart(
  io: SessionIo,
  state: SessionState,
  part: ReadableStream<Uint8Array>,
): Promise<void> {
  if (!state.multipartId) {
    state.multipartId = await startMultipart(io.bucket, state.key);
    await recordMultipart(io.storage, state.multipartId);
  }
  const number = state.parts.length + 1;
  state.parts.push(await uploadPart(io.bucket, state.key, state.multipartId, number, part));
}

/**
 * Uploads the next part from the queued bytes and then the body's pieces as they arrive (the
 * caller knows at least PART_SIZE bytes are coming). What the body has past the part is queued.
 */
export async function streamPart(
  io: SessionIo,
  state: SessionState,
  queue: ChunkQueue,
  next: () => Promise<Uint8Array>,
): Promise<void> {
  const fixed = new FixedLengthStream(PART_SIZE);
  const writer = fixed.writable.getWriter();
  const uploading = uploadNextPart(io, state, fixed.readable);
  const feed = async () => {
    let room = PART_SIZE;
    for (const chunk of queue.takeChunks(Math.min(queue.length, PART_SIZE))) {
      await writer.write(chunk);
      room -= chunk.byteLength;
    }
    while (room > 0) {
      const value = await next();
      const fits = Math.min(room, value.byteLength);
      await writer.write(value.subarray(0, fits));
      queue.push(value.subarray(fits));
      room -= fits;
    }
    await writer.close();
  };
  try {
    await Promise.all([feed(), uploading]);
  } catch (err) {
    // Either side failing ends both; the request fails and its state is not saved.
    await writer.abort(err).catch(() => {});
    await uploading.catch(() => {});
    throw err;
  }
}
