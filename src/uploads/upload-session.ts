/** One Durable Object per blob upload session: its RPC, the lock that orders requests, the expiry alarm. */
import { DurableObject } from 'cloudflare:workers';
import { blobKeyInUse } from '../storage/blobs-db';
import { bucketFor } from '../storage/buckets';
import { uploadObjectKey } from '../storage/r2-keys';
import { ChunkQueue } from '../streams/chunk-queue';
import { completeSession, endSession } from './session-complete';
import { SessionMemory } from './session-memory';
import type { SessionIo } from './session-parts';
import { receive, UploadRejected, type Working } from './session-receive';
import { uploadTtlSeconds, type SessionState, type UploadTarget } from './session-state';
import { readState, saveSession } from './session-store';
import type { ChunkRange, UploadCompletion, UploadProgress } from './upload-result';

/**
 * One per blob upload session (OCI Distribution Spec v1.1, "Pushing blobs"). The session re-cuts
 * the bytes clients send into R2 parts (session-receive.ts), persists its state and tail after
 * every request so it survives eviction (session-store.ts), verifies the digest before the blob
 * becomes visible (session-complete.ts), and aborts itself from an alarm when abandoned.
 * Failures cross RPC as values (upload-result.ts).
 */
export class UploadSession extends DurableObject<Env> {
  private lock: Promise<unknown> = Promise.resolve();
  private readonly memory = new SessionMemory();

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
      await this.save(state, new ChunkQueue(), null);
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
        const { state: now, queue, hash } = await this.receive(state, body, range, length);
        await this.save(now, queue, state);
        this.memory.keep(now.offset, queue, hash);
        return { ok: true, offset: now.offset };
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
      this.memory.forget();
      return completeSession(this.env, this.io(state), working, digest);
    });
  }

  /** DELETE: cancels the session and everything it wrote. */
  async cancel(fullName: string): Promise<boolean> {
    return this.serialized(async () => {
      const state = await this.load(fullName);
      if (!state) return false;
      await this.end(state, true);
      return true;
    });
  }

  /** Expiry of an abandoned session: abort its multipart upload and forget it. */
  override async alarm(): Promise<void> {
    await this.serialized(async () => {
      const state = await readState(this.ctx.storage);
      if (!state) return;
      if (Date.now() < state.expiresAt) {
        await this.ctx.storage.setAlarm(state.expiresAt);
        return;
      }
      const inUse = await blobKeyInUse(this.env.DB, state.target.storageId, state.key);
      await this.end(state, !inUse);
    });
  }

  private serialized<T>(fn: () => Promise<T>): Promise<T> {
    // Durable Objects interleave requests while one awaits R2; a session must see them in order.
    const run = this.lock.then(fn, fn);
    this.lock = run.catch(() => undefined);
    return run;
  }

  /** The session's state, if it belongs to `fullName`. */
  private async load(fullName: string): Promise<SessionState | null> {
    const state = await readState(this.ctx.storage);
    return state?.target.fullName === fullName ? state : null;
  }

  private io(state: SessionState): SessionIo {
    return { bucket: bucketFor(this.env, state.target.bucket), storage: this.ctx.storage };
  }

  private receive(
    state: SessionState,
    body: ReadableStream<Uint8Array> | null,
    range: ChunkRange | null,
    length: number | null,
  ): Promise<Working> {
    return receive(this.io(state), this.memory, state, body, range, length);
  }

  private save(state: SessionState, queue: ChunkQueue, previous: SessionState | null) {
    return saveSession(this.ctx.storage, state, queue, previous, uploadTtlSeconds(this.env));
  }

  private async end(state: SessionState, deleteObject: boolean): Promise<void> {
    this.memory.forget();
    await endSession(this.io(state), state, deleteObject);
  }
}
