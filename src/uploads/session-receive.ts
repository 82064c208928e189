/** One request's bytes into an upload session: order and length checks, hashing, parts cut off to R2. */
import { bigChunks } from '../streams/big-chunks';
import type { ChunkQueue } from '../streams/chunk-queue';
import type { RunningHash, SessionMemory } from './session-memory';
import { streamPart, uploadNextPart, type SessionIo } from './session-parts';
import { MAX_BLOB_SIZE, PART_SIZE, type SessionState } from './session-state';
import { loadTail } from './session-store';
import type { ChunkRange, UploadFailure } from './upload-result';

/** Thrown inside a request to stop it with a failure result; the session state is not saved. */
export class UploadRejected extends Error {
  constructor(readonly failure: UploadFailure) {
    super(failure.error);
  }
}

/** Per-request working set: the state as it now stands plus the bytes not yet cut into a part. */
export interface Working {
  state: SessionState;
  queue: ChunkQueue;
  /** sha256 of bytes [0, state.offset), when known without reading the object back. */
  hash: RunningHash | null;
}

const invalid = (offset: number, detail: string) =>
  new UploadRejected({ ok: false, error: 'BLOB_UPLOAD_INVALID', offset, detail });

/**
 * Takes the tail (from memory, or read back), streams `body` into parts, and returns the new
 * working set; `persisted` is left as it was. Throws UploadRejected for a chunk out of order, a
 * body cut off or not as long as its Content-Length or Content-Range say, or a blob too big.
 */
export async function receive(
  io: SessionIo,
  memory: SessionMemory,
  persisted: SessionState,
  body: ReadableStream<Uint8Array> | null,
  range: ChunkRange | null,
  length: number | null,
): Promise<Working> {
  const state: SessionState = { ...persisted, parts: [...persisted.parts] };
  if (range && range.start !== state.offset) {
    // Read to its end first: a body left unread over RPC is cancelled, and the client, still
    // sending it, sees its connection reset instead of the 416 (the conformance suite's retry).
    await body?.pipeTo(new WritableStream()).catch(() => {});
    throw new UploadRejected({
      ok: false,
      error: 'RANGE_INVALID',
      offset: state.offset,
      detail: `chunk starts at ${range.start} but the upload has ${state.offset} bytes`,
    });
  }
  const queue = memory.takeTail(state.offset) ?? (await loadTail(io.storage, state));
  if (!body) {
    if (range && range.end >= range.start)
      throw invalid(state.offset, 'Content-Range announces bytes but the request has no body');
    return { state, queue, hash: memory.takeHash(state.offset) };
  }

  const startOffset = state.offset;
  const hash = memory.takeHash(state.offset);
  const reader = bigChunks(body).getReader();
  /** The body's next piece, counted and hashed; null at its end. */
  const next = async (): Promise<Uint8Array | null> => {
    let read: ReadableStreamReadResult<Uint8Array>;
    try {
      read = await reader.read();
    } catch {
      // The client went away mid-body (the stream over RPC errors): a failed request, whose
      // state is not saved, so the session stays where the last whole request left it.
      throw invalid(startOffset, 'the request body was cut off before its end');
    }
    const { done, value } = read;
    if (done) return null;
    if (state.offset + value.byteLength > MAX_BLOB_SIZE) {
      await reader.cancel();
      throw new UploadRejected({
        ok: false,
        error: 'SIZE_INVALID',
        detail: `blobs are limited to ${MAX_BLOB_SIZE} bytes`,
      });
    }
    state.offset += value.byteLength;
    await hash?.hasher.update(value);
    return value;
  };
  for (;;) {
    // A declared length that carries the queue past a whole part, with bytes after it: that
    // part goes to R2 while it arrives, so only a few pieces are in memory, not a part.
    if (length !== null && queue.length + length - (state.offset - startOffset) > PART_SIZE) {
      await streamPart(io, state, queue, async () => {
        const value = await next();
        if (value) return value;
        throw invalid(startOffset, `the body ended before its Content-Length (${length} bytes)`);
      });
      continue;
    }
    const value = await next();
    if (value === null) break;
    // Cut a part only when more bytes follow it, so a blob of exactly PART_SIZE stays a single PUT.
    while (queue.length >= PART_SIZE) await uploadNextPart(io, state, queue.takeStream(PART_SIZE));
    queue.push(value);
  }
  const received = state.offset - startOffset;
  if (length !== null && received !== length) {
    throw invalid(
      startOffset,
      `Content-Length announces ${length} bytes but the body had ${received}`,
    );
  }
  if (range && received !== range.end - range.start + 1) {
    throw invalid(
      startOffset,
      `Content-Range announces ${range.end - range.start + 1} bytes but the body had ${received}`,
    );
  }
  if (hash) hash.offset = state.offset;
  return { state, queue, hash };
}
