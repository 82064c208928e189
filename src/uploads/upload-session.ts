/**
 * One Durable Object per blob upload session (OCI Distribution Spec v1.1, "Pushing blobs").
 *
 * The object serializes the session's requests, re-cuts the bytes clients send into R2 multipart
 * parts of equal size (streamed to R2 as they arrive when the request's Content-Length says a
 * whole part is coming, so memory holds a few pieces rather than a part), persists its offset,
 * parts and the not-yet-a-part tail after every request (so it survives eviction; a request
 * writes only the bytes it added), verifies the digest before the blob becomes visible, and
 * aborts itself from an alarm when abandoned.
 */
import { DurableObject } from 'cloudflare:workers';
import { digestAlgorithm } from '../oci/reference';
import { INLINE_BLOB_LIMIT } from '../storage/blob-bytes';
import { RepositoryGone } from '../errors/repository-gone';
import { commitInlineBlob } from '../storage/blob-writes';
import { blobKeyInUse, commitBlob } from '../storage/blobs-db';
import { bucketFor } from '../storage/buckets';
import { uploadObjectKey } from '../storage/r2-keys';
import { bigChunks } from '../streams/big-chunks';
import { ChunkQueue } from '../streams/chunk-queue';
import { digestBytes, digestStream, StreamingDigest } from './digest';
import {
  MAX_BLOB_SIZE,
  PART_SIZE,
  TAIL_CHUNK_SIZE,
  uploadTtlSeconds,
  type SessionState,
  type TailPiece,
  type UploadTarget,
} from './session-state';
import type { ChunkRange, UploadCompletion, UploadFailure, UploadProgress } from './upload-result';

const STATE_KEY = 'state';
const tailKey = (start: number) => `tail:${start}`;

/** Thrown inside a request to stop it with a failure result; the session state is not saved. */
class UploadRejected extends Error {
  constructor(readonly failure: UploadFailure) {
    super(failure.error);
  }
}

/** Per-request working set: the persisted state plus the bytes not yet cut into a part. */
interface Working {
  state: SessionState;
  queue: ChunkQueue;
  /** sha256 of bytes [0, state.offset), when known without reading the object back. */
  hash: RunningHash | null;
}

/** A sha256 fed with every byte of the upload so far, kept in memory between requests. */
interface RunningHash {
  offset: number;
  hasher: StreamingDigest;
}

export class UploadSession extends DurableObject<Env> {
  private lock: Promise<unknown> = Promise.resolve();
  /**
   * The running hash survives between requests while the object stays in memory, so a blob sent
   * in many chunks is hashed on the way through; after an eviction, finish() reads it back once.
   */
  private runningHash: RunningHash | null = null;
  /** The tail as the last request left it, so the next one need not read it back from storage. */
  private keptTail: { offset: number; queue: ChunkQueue } | null = null;

  /** Creates the session. `id` is this object's own id, used for the R2 key. */
  async start(id: string, target: UploadTarget): Promise<void> {
    await this.serialized(async () => {
      const state: SessionState = {
        target,
        key: uploadObjectKey(id),
        offset: 0,
        multipartId: null,
        parts: [],
        tailStart: 0,
        tail: [],
        expiresAt: 0,
      };
      await this.save({ state, queue: new ChunkQueue(), hash: null }, null);
    });
  }

  async status(fullName: string): Promise<UploadProgress> {
    return this.serialized(async () => {
      const state = await this.load(fullName);
      return state
        ? { ok: true, offset: state.offset }
        : { ok: false, error: 'BLOB_UPLOAD_UNKNOWN' };
    });
  }

  /**
   * PATCH: appends a chunk. With a range, it must start exactly at the current offset. `length`
   * is the request's Content-Length, when it sent one.
   */
  async append(
    fullName: string,
    body: ReadableStream<Uint8Array> | null,
    range: ChunkRange | null,
    length: number | null = null,
  ): Promise<UploadProgress> {
    return this.serialized(async () => {
      const state = await this.load(fullName);
      if (!state) return { ok: false, error: 'BLOB_UPLOAD_UNKNOWN' };
      try {
        const working = await this.receive(state, body, range, length);
        await this.save(working, state);
        this.runningHash = working.hash;
        this.keptTail = { offset: working.state.offset, queue: working.queue };
        return { ok: true, offset: working.state.offset };
      } catch (err) {
        if (err instanceof UploadRejected) return err.failure;
        throw err;
      }
    });
  }

  /** PUT: takes an optional last chunk, verifies `digest` and makes the blob visible. */
  async finish(
    fullName: string,
    body: ReadableStream<Uint8Array> | null,
    range: ChunkRange | null,
    digest: string,
    length: number | null = null,
  ): Promise<UploadCompletion> {
    return this.serialized(async () => {
      const state = await this.load(fullName);
      if (!state) return { ok: false, error: 'BLOB_UPLOAD_UNKNOWN' };
      let working: Working;
      try {
        working = await this.receive(state, body, range, length);
      } catch (err) {
        if (err instanceof UploadRejected) return err.failure;
        throw err;
      }
      // From here on the session ends whatever happens: a failed completion leaves nothing behind.
      let committed = false;
      try {
        const size = working.state.offset;
        const written = await this.writeAndVerify(working, digest);
        if (written === 'mismatch') {
          return {
            ok: false,
            error: 'DIGEST_INVALID',
            detail: `content does not match ${digest}`,
          } as const;
        }
        const { target, key } = working.state;
        if (written instanceof Uint8Array) {
          await commitInlineBlob(this.env.DB, target, digest, written);
          return { ok: true, digest, size } as const;
        }
        const winner = await commitBlob(this.env.DB, {
          storageId: target.storageId,
          repositoryId: target.repositoryId,
          packageName: target.packageName,
          digest,
          size,
          r2Key: key,
        });
        committed = winner === key;
        return { ok: true, digest, size } as const;
      } catch (err) {
        if (err instanceof RepositoryGone)
          return { ok: false, error: 'NAME_UNKNOWN', detail: err.message } as const;
        throw err;
      } finally {
        await this.destroy(working.state, !committed);
      }
    });
  }

  /** DELETE: cancels the session and everything it wrote. */
  async cancel(fullName: string): Promise<boolean> {
    return this.serialized(async () => {
      const state = await this.load(fullName);
      if (!state) return false;
      await this.destroy(state, true);
      return true;
    });
  }

  /** Expiry of an abandoned session: abort its multipart upload and forget it. */
  override async alarm(): Promise<void> {
    await this.serialized(async () => {
      const state = await this.ctx.storage.get<SessionState>(STATE_KEY);
      if (!state) return;
      if (Date.now() < state.expiresAt) {
        await this.ctx.storage.setAlarm(state.expiresAt);
        return;
      }
      const inUse = await blobKeyInUse(this.env.DB, state.target.storageId, state.key);
      await this.destroy(state, !inUse);
    });
  }

  // --- internals -------------------------------------------------------------------------------

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    // Durable Objects interleave requests while one awaits R2; a session must see them in order.
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  private async load(fullName: string): Promise<SessionState | null> {
    const state = await this.ctx.storage.get<SessionState>(STATE_KEY);
    // A session saved before tails were kept by byte offset (a deploy during an upload) has no
    // `tail`: it is unknown to requests, so the client starts over, and its alarm still ends it.
    if (!state || !Array.isArray(state.tail)) return null;
    return state.target.fullName === fullName ? state : null;
  }

  private bucket(state: SessionState): R2Bucket {
    return bucketFor(this.env, state.target.bucket);
  }

  /** Loads the stored tail, streams `body` into parts, and returns the new working set. */
  private async receive(
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
    const queue = this.takeKeptTail(state.offset) ?? (await this.loadTail(state));
    if (!body) {
      if (range && range.end >= range.start) {
        throw new UploadRejected({
          ok: false,
          error: 'BLOB_UPLOAD_INVALID',
          offset: state.offset,
          detail: 'Content-Range announces bytes but the request has no body',
        });
      }
      return { state, queue, hash: this.takeRunningHash(state.offset) };
    }

    const startOffset = state.offset;
    // Taken, not shared: if this request fails, its half-fed hash must not be used again.
    const hash = this.takeRunningHash(state.offset);
    const reader = bigChunks(body).getReader();
    /** The body's next piece, counted and hashed; null at its end. */
    const next = async (): Promise<Uint8Array | null> => {
      let read: ReadableStreamReadResult<Uint8Array>;
      try {
        read = await reader.read();
      } catch {
        // The client went away mid-body (the stream over RPC errors): a failed request, whose
        // state is not saved, so the session stays where the last whole request left it.
        throw new UploadRejected({
          ok: false,
          error: 'BLOB_UPLOAD_INVALID',
          offset: startOffset,
          detail: 'the request body was cut off before its end',
        });
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
        await this.streamPart(state, queue, async () => {
          const value = await next();
          if (value) return value;
          throw new UploadRejected({
            ok: false,
            error: 'BLOB_UPLOAD_INVALID',
            offset: startOffset,
            detail: `the body ended before its Content-Length (${length} bytes)`,
          });
        });
        continue;
      }
      const value = await next();
      if (value === null) break;
      // Cut a part only when more bytes follow it, so a blob of exactly PART_SIZE stays a single PUT.
      while (queue.length >= PART_SIZE) await this.uploadPart(state, queue.takeStream(PART_SIZE));
      queue.push(value);
    }
    const received = state.offset - startOffset;
    if (length !== null && received !== length) {
      throw new UploadRejected({
        ok: false,
        error: 'BLOB_UPLOAD_INVALID',
        offset: startOffset,
        detail: `Content-Length announces ${length} bytes but the body had ${received}`,
      });
    }
    if (range && state.offset - startOffset !== range.end - range.start + 1) {
      throw new UploadRejected({
        ok: false,
        error: 'BLOB_UPLOAD_INVALID',
        offset: startOffset,
        detail: `Content-Range announces ${range.end - range.start + 1} bytes but the body had ${state.offset - startOffset}`,
      });
    }
    if (hash) hash.offset = state.offset;
    return { state, queue, hash };
  }

  /**
   * Uploads the next part from the queued bytes and then the body's pieces as they arrive (the
   * caller knows at least PART_SIZE bytes are coming). What the body has past the part is queued.
   */
  private async streamPart(
    state: SessionState,
    queue: ChunkQueue,
    next: () => Promise<Uint8Array>,
  ): Promise<void> {
    const fixed = new FixedLengthStream(PART_SIZE);
    const writer = fixed.writable.getWriter();
    const uploading = this.uploadPart(state, fixed.readable);
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

  private async uploadPart(state: SessionState, part: ReadableStream<Uint8Array>): Promise<void> {
    const bucket = this.bucket(state);
    if (!state.multipartId) {
      const upload = await bucket.createMultipartUpload(state.key);
      state.multipartId = upload.uploadId;
      // Record the multipart id at once: if this request fails, the alarm must still abort it.
      const saved = await this.ctx.storage.get<SessionState>(STATE_KEY);
      if (saved) await this.ctx.storage.put(STATE_KEY, { ...saved, multipartId: upload.uploadId });
    }
    const upload = bucket.resumeMultipartUpload(state.key, state.multipartId);
    state.parts.push(await upload.uploadPart(state.parts.length + 1, part));
  }

  /**
   * Persists the state and the tail, and pushes the expiry alarm forward. Only the bytes this
   * request added are written (with the last stored value when it was short, so values stay near
   * TAIL_CHUNK_SIZE); values whose bytes all went into parts are deleted.
   */
  private async save({ state, queue }: Working, previous: SessionState | null): Promise<void> {
    state.expiresAt = Date.now() + uploadTtlSeconds(this.env) * 1000;
    const tailStart = state.offset - queue.length;
    const stored = previous?.tail ?? [];
    const last = stored.at(-1);
    const storedTo = previous?.offset ?? 0;
    const appended = state.offset > storedTo;
    const rewriteFrom = Math.max(
      tailStart,
      appended && last && last.size < TAIL_CHUNK_SIZE ? last.start : storedTo,
    );
    const kept = stored.filter(
      (p) => p.start + p.size > tailStart && p.start + p.size <= rewriteFrom,
    );
    const entries: Record<string, unknown> = {};
    const written: TailPiece[] = [];
    for (let start = rewriteFrom; start < state.offset; start += TAIL_CHUNK_SIZE) {
      const size = Math.min(TAIL_CHUNK_SIZE, state.offset - start);
      entries[tailKey(start)] = queue.copy(start - tailStart, size);
      written.push({ start, size });
    }
    state.tailStart = tailStart;
    state.tail = [...kept, ...written];
    entries[STATE_KEY] = state;
    await this.ctx.storage.put(entries);

    const live = new Set(state.tail.map((p) => p.start));
    const stale = stored.filter((p) => !live.has(p.start)).map((p) => tailKey(p.start));
    if (stale.length) await this.ctx.storage.delete(stale);
    await this.ctx.storage.setAlarm(state.expiresAt);
  }

  /** The tail kept in memory by the last request, if it ended where this one starts. */
  private takeKeptTail(offset: number): ChunkQueue | null {
    const kept = this.keptTail;
    // Taken, not shared: a request that fails may have cut parts from it.
    this.keptTail = null;
    return kept && kept.offset === offset ? kept.queue : null;
  }

  /** The tail read back from storage (after an eviction or a failed request). */
  private async loadTail(state: SessionState): Promise<ChunkQueue> {
    const queue = new ChunkQueue();
    const keys = state.tail.map((p) => tailKey(p.start));
    const values = await this.ctx.storage.get<Uint8Array>(keys);
    for (const piece of state.tail) {
      const bytes = values.get(tailKey(piece.start));
      // A missing value cannot be made up: the digest check at the end then refuses the blob.
      if (bytes) queue.push(bytes.subarray(Math.max(0, state.tailStart - piece.start)));
    }
    return queue;
  }

  /**
   * The running hash continues only from where it stopped; a session starting from byte 0 gets a
   * new one. Anything else (after an eviction, or a failed request) hashes at the end instead.
   */
  private takeRunningHash(offset: number): RunningHash | null {
    const running = this.runningHash;
    this.runningHash = null;
    if (running && running.offset === offset) return running;
    return offset === 0 ? { offset: 0, hasher: new StreamingDigest() } : null;
  }

  /**
   * Checks the digest and writes the final object to R2 ('written'), or returns the bytes of a
   * blob small enough to keep inline in D1 (storage/blob-bytes.ts) without writing anything.
   */
  private async writeAndVerify(
    { state, queue, hash }: Working,
    digest: string,
  ): Promise<'mismatch' | 'written' | Uint8Array> {
    const algorithm = digestAlgorithm(digest)!;
    const bucket = this.bucket(state);
    const streamed = algorithm === 'sha256' && hash ? await hash.hasher.digest() : null;
    if (!state.multipartId) {
      const bytes = queue.takeAll();
      const actual = streamed ?? (await digestBytes(algorithm, bytes));
      if (actual !== digest) return 'mismatch';
      if (bytes.byteLength <= INLINE_BLOB_LIMIT) return bytes;
      await bucket.put(state.key, bytes);
      return 'written';
    }
    if (queue.length > 0) await this.uploadPart(state, queue.takeStream(queue.length));
    const upload = bucket.resumeMultipartUpload(state.key, state.multipartId);
    await upload.complete(state.parts);
    state.multipartId = null;
    let actual = streamed;
    if (actual === null) {
      // The bytes came over several requests: read the object back once and hash it natively.
      const object = await bucket.get(state.key);
      actual = object ? await digestStream(algorithm, object.body) : null;
    }
    return actual === digest ? 'written' : 'mismatch';
  }

  /** Ends the session: aborts the multipart upload, optionally deletes the object, forgets all. */
  private async destroy(state: SessionState, deleteObject: boolean): Promise<void> {
    const bucket = this.bucket(state);
    if (state.multipartId) {
      try {
        await bucket.resumeMultipartUpload(state.key, state.multipartId).abort();
      } catch {
        // Already completed or aborted: nothing left to free.
      }
    }
    if (deleteObject) await bucket.delete(state.key);
    this.keptTail = null;
    await this.ctx.storage.deleteAlarm();
    await this.ctx.storage.deleteAll();
  }
}
