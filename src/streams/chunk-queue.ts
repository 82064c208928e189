/** Bytes waiting to become an R2 part. */

/**
 * Holds the incoming chunks as they are and copies only when a part is cut, so a small upload
 * costs its own size and a large one about one part.
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

  /** Removes exactly `n` bytes (n <= length) and returns them as the chunks they are in. */
  takeChunks(n: number): Uint8Array[] {
    if (n > this.total) throw new RangeError(`take(${n}) with ${this.total} queued`);
    const out: Uint8Array[] = [];
    let filled = 0;
    while (filled < n) {
      const chunk = this.chunks[0]!;
      const want = n - filled;
      if (chunk.byteLength <= want) {
        out.push(chunk);
        this.chunks.shift();
        filled += chunk.byteLength;
      } else {
        out.push(chunk.subarray(0, want));
        this.chunks[0] = chunk.subarray(want);
        filled += want;
      }
    }
    this.total -= n;
    return out;
  }

  /** Removes and returns exactly `n` bytes (n <= length) as one contiguous array. */
  take(n: number): Uint8Array {
    const chunks = this.takeChunks(n);
    if (chunks.length === 1) return chunks[0]!;
    const out = new Uint8Array(n);
    let at = 0;
    for (const chunk of chunks) {
      out.set(chunk, at);
      at += chunk.byteLength;
    }
    return out;
  }

  /**
   * Removes exactly `n` bytes as a stream of known length (R2 needs one), without copying them
   * into one array: a part is uploaded from the chunks it arrived in.
   */
  takeStream(n: number): ReadableStream<Uint8Array> {
    const chunks = this.takeChunks(n);
    const fixed = new FixedLengthStream(n);
    const writer = fixed.writable.getWriter();
    const feed = async () => {
      for (const chunk of chunks) await writer.write(chunk);
      await writer.close();
    };
    // A failed write means the reader gave up; the reader reports that failure.
    feed().catch(() => {});
    return fixed.readable;
  }

  /**
   * A copy of bytes [from, from + n) of the queue (n > 0), leaving the queue as it is. The copy
   * owns its buffer, so storing it does not store the bigger buffer a chunk may be a view into.
   */
  copy(from: number, n: number): Uint8Array {
    if (from < 0 || n <= 0 || from + n > this.total) {
      throw new RangeError(`copy(${from}, ${n}) with ${this.total} queued`);
    }
    const out = new Uint8Array(n);
    let skip = from;
    let at = 0;
    for (const chunk of this.chunks) {
      if (skip >= chunk.byteLength) {
        skip -= chunk.byteLength;
        continue;
      }
      const piece = chunk.subarray(skip, skip + n - at);
      out.set(piece, at);
      at += piece.byteLength;
      skip = 0;
      if (at === n) break;
    }
    return out;
  }

  /** Everything queued, as one array. */
  takeAll(): Uint8Array {
    return this.take(this.total);
  }
}
