/**
 * A map whose entries live a few seconds, within a fixed budget of entries and bytes (oldest
 * goes first). For per-isolate memory of what a request just read from D1, so the requests a
 * client sends right after it skip that round trip. Each isolate has its own; nothing here is
 * shared between isolates or invalidated across them, so callers keep the time short and use it
 * only where an answer that old is acceptable.
 */
export interface RecentLimits {
  ttlMs: number;
  maxEntries: number;
  /** Total of `weigh(value)` kept at once. */
  maxBytes: number;
}

interface Entry<V> {
  value: V;
  expires: number;
  bytes: number;
}

export class RecentMap<V> {
  readonly #entries = new Map<string, Entry<V>>();
  #bytes = 0;

  constructor(
    private readonly limits: RecentLimits,
    private readonly weigh: (value: V) => number = () => 0,
  ) {}

  get(key: string, now = Date.now()): V | undefined {
    const entry = this.#entries.get(key);
    if (!entry) return undefined;
    if (entry.expires <= now) {
      this.#drop(key, entry);
      return undefined;
    }
    return entry.value;
  }

  set(key: string, value: V, now = Date.now()): void {
    const bytes = this.weigh(value);
    if (bytes > this.limits.maxBytes) return;
    const previous = this.#entries.get(key);
    if (previous) this.#drop(key, previous);
    // Map keeps insertion order: the first entries are the oldest.
    for (const [oldKey, old] of this.#entries) {
      const fits =
        this.#entries.size < this.limits.maxEntries && this.#bytes + bytes <= this.limits.maxBytes;
      if (fits) break;
      this.#drop(oldKey, old);
    }
    this.#entries.set(key, { value, expires: now + this.limits.ttlMs, bytes });
    this.#bytes += bytes;
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
