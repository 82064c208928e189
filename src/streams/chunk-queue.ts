/**
 * Bytes waiting to become an R2 part. Holds the incoming chunks as they are and copies only
 * when a part is cut, so a small upload costs its own size and a large one about one part.
 */
export class ChunkQueue {
  private chunks: Uint8Array[] = [];
  private total = 0;

  get length(): number {
    return this.total;
  }

  push(chunk: Uint8Array): void {
    if (chunk.byteLength === 0) return;
    this.chunks.push(chunk);
    this.total += chunk.byteLength;
  }

  /** Removes and returns exactly `n` bytes (n <= length) as one contiguous array. */
  take(n: number): Uint8Array {
    if (n > this.total) throw new RangeError(`take(${n}) with ${this.total} queued`);
    const first = this.chunks[0];
    if (first && first.byteLength === n) {
      this.chunks.shift();
      this.total -= n;
      return first;
    }
    const out = new Uint8Array(n);
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0]!;
      const want = n - filled;
      if (chunk.byteLength <= want) {
        out.set(chunk, filled);
        filled += chunk.byteLength;
        this.chunks.shift();
      } else {
        out.set(chunk.subarray(0, want), filled);
        this.chunks[0] = chunk.subarray(want);
        filled += want;
      }
    }
    this.total -= n;
    return out;
  }

  /** Everything queued, as one array. */
  takeAll(): Uint8Array {
    return this.take(this.total);
  }
}
