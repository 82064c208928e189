/** What an upload session's Durable Object keeps in memory between requests: tail, running sha256. */
import type { ChunkQueue } from '../streams/chunk-queue';
import { StreamingDigest } from '../core/digest';

/** A sha256 fed with every byte of the upload so far. */
export interface RunningHash {
  offset: number;
  hasher: StreamingDigest;
}

/**
 * Both survive only while the object stays in memory: a blob sent in many chunks is hashed on
 * the way through, and each chunk finds the tail without reading it back from storage. After an
 * eviction the tail is read back (session-store.ts) and the blob is hashed once at the end.
 * Each is taken, not shared: a request that fails may have half-fed the hash or cut parts from
 * the tail, and must not leave them for the next.
 */
export class SessionMemory {
  private hash: RunningHash | null = null;
  private tail: { offset: number; queue: ChunkQueue } | null = null;

  /** The tail the last request left, if it ended where this one starts. */
  takeTail(offset: number): ChunkQueue | null {
    const kept = this.tail;
    this.tail = null;
    return kept && kept.offset === offset ? kept.queue : null;
  }

  /**
   * The running hash continues only from where it stopped; a session starting from byte 0 gets a
   * new one. Anything else (after an eviction, or a failed request) hashes at the end instead.
   */
  takeHash(offset: number): RunningHash | null {
    const running = this.hash;
    this.hash = null;
    if (running && running.offset === offset) return running;
    return offset === 0 ? { offset: 0, hasher: new StreamingDigest() } : null;
  }

  /** Keeps what a request that succeeded left, for the next one. */
  keep(offset: number, queue: ChunkQueue, hash: RunningHash | null): void {
    this.tail = { offset, queue };
    this.hash = hash;
  }

  forget(): void {
    this.tail = null;
    this.hash = null;
  }
}
