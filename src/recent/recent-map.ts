/** A map of what was used recently, within budgets of time, entries and bytes; one per use, per isolate. */
export interface RecentLimits {
  /** How long an entry lives after it is set (default: until the budgets push it out). */
  ttlMs?: number;
  maxEntries?: number;
  /** Total of `weigh(value)` kept at once; a value heavier than this is not kept at all. */
  maxBytes?: number;
}

interface Entry<V> {
  value: V;
  expires: number;
  bytes: number;
}

/**
 * Least recently used goes first when a budget is full. Used for what a request just read from
 * D1 (recent-reads.ts: seconds, so an answer that old must be acceptable) and for rendered
 * indexes (helm/index-memo.ts: keyed by generation, so never stale). Nothing here is shared
 * between isolates or invalidated across them.
 */
export class RecentMap<V> {
  readonly #entries = new Map<string, Entry<V>>();
  readonly #ttlMs: number;
  readonly #maxEntries: number;
  readonly #maxBytes: number;
  #bytes = 0;

  constructor(
    limits: RecentLimits,
    private readonly weigh: (value: V) => number = () => 0,
  ) {
    this.#ttlMs = limits.ttlMs ?? Infinity;
    this.#maxEntries = limits.maxEntries ?? Infinity;
    this.#maxBytes = limits.maxBytes ?? Infinity;
  }

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    this.#entries.delete(key);
    if (entry.expires <= now) {
      this.#bytes -= entry.bytes;
      return undefined;
    }
    // Map keeps insertion order: re-inserting marks the entry most recently used.
    this.#entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` unless it alone is over the byte budget; returns whether it was kept. */
  set(key: string, value: V, now = Date.now()): boolean {
    const bytes = this.weigh(value);
    if (bytes > this.#maxBytes) return false;
    const previous = this.#entries.get(key);
    if (previous) this.#drop(key, previous);
    // The first entries are the least recently used.
    for (const [oldKey, old] of this.#entries) {
      const fits = this.#entries.size < this.#maxEntries && this.#bytes + bytes <= this.#maxBytes;
      if (fits) break;
      this.#drop(oldKey, old);
    }
    this.#entries.set(key, { value, expires: now + this.#ttlMs, bytes });
    this.#bytes += bytes;
    return true;
  }

  clear(): void {
    this.#entries.clear();
    this.#bytes = 0;
  }

  get size(): number {
    return this.#entries.size;
  }

  get bytes(): number {
    return this.#bytes;
  }

  #drop(key: string, entry: Entry<V>): void {
    this.#entries.delete(key);
    this.#bytes -= entry.bytes;
  }
}
