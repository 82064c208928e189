/** Gunzip with memory bounded whatever the compression ratio, and limits on the output. */

/** Compressed bytes given to the inflater at once. */
export const SLICE_SIZE = 4 * 1024;
/** The most one slice can inflate to: deflate's 1032:1 bound plus one pending 258-byte match. */
export const MAX_SLICE_OUTPUT = SLICE_SIZE * 1032 + 4096;

export interface GunzipLimits {
  /** Refuse once the output passes this many bytes. */
  maxOutput: number;
  /** Refuse once the output is more than this many times the input inflated so far... */
  maxRatio: number;
  /** ...and bigger than this (small archives may compress well). */
  ratioFloor: number;
  /** The error to fail with when a limit is passed (`reason` says which). */
  refuse(reason: string): Error;
  /** Told the size of each piece of output as it leaves the inflater (tests measure with it). */
  onOutput?(size: number): void;
}

type ReadResult = ReadableStreamReadResult<Uint8Array>;

/**
 * Gunzips `source`. The stream errors with `limits.refuse(...)` (and cancels `source`) as soon as
 * the output passes a limit, or with the runtime's error for corrupt data.
 *
 * workerd's DecompressionStream does not apply back-pressure: a write resolves once its whole
 * input is inflated, and all of that output waits in the stream's queue whether or not anyone
 * reads it (measured: a 64 KiB write of gzip'd zeros queues 64 MiB). `pipeThrough` writes as fast
 * as writes resolve, so a 2 MiB bomb of 2 GiB of zeros grew workerd by hundreds of MiB before the
 * unpacked-size cap saw the bytes. Here the input goes in SLICE_SIZE pieces, one at a time, and
 * only when the reader has taken everything the last piece produced: deflate expands at most
 * 1032:1 (RFC 1951: a 258-byte match in as little as 2 bits), so at most MAX_SLICE_OUTPUT bytes
 * are ever queued. A BYOB read as big as that takes a whole piece's output at once (workerd fills
 * a pending BYOB read with everything a write produced, before the write resolves), so the reader
 * knows, when a write has resolved and its read has not, that the piece produced nothing yet.
 */
export function gunzipBounded(
  source: ReadableStream<Uint8Array>,
  limits: GunzipLimits,
): ReadableStream<Uint8Array> {
  const input = source.getReader();
  const inflater = new DecompressionStream('gzip');
  const writer = inflater.writable.getWriter();
  const output = inflater.readable.getReader({ mode: 'byob' });
  let buffer: ArrayBuffer | null = new ArrayBuffer(MAX_SLICE_OUTPUT);
  let pending: Promise<void> | null = null;
  let result: ReadResult | null = null;
  let failure: unknown = null;
  let chunk: Uint8Array | null = null;
  let offset = 0;
  let inputDone = false;
  let fed = 0;
  let written = 0;

  function startRead(): void {
    const view = new Uint8Array(buffer ?? new ArrayBuffer(MAX_SLICE_OUTPUT));
    buffer = null;
    pending = output.read(view).then(
      (r) => {
        result = r;
      },
      (err: unknown) => {
        failure = err;
      },
    );
  }

  /** The next piece of compressed input, at most SLICE_SIZE bytes; null at the end. */
  async function nextSlice(): Promise<Uint8Array | null> {
    while (!chunk || offset >= chunk.byteLength) {
      const next = await input.read();
      if (next.done) return null;
      chunk = next.value;
      offset = 0;
    }
    const slice = chunk.subarray(offset, offset + SLICE_SIZE);
    offset += slice.byteLength;
    fed += slice.byteLength;
    return slice;
  }

  async function abort(err: unknown): Promise<never> {
    await Promise.allSettled([input.cancel(err), writer.abort(err), output.cancel(err)]);
    throw err;
  }

  return new ReadableStream<Uint8Array>(
    {
      async pull(controller) {
        for (;;) {
          if (!pending) startRead();
          if (failure) return abort(failure);
          if (result) {
            const { done, value } = result as ReadResult;
            result = null;
            pending = null;
            if (done) {
              controller.close();
              return;
            }
            if (value) {
              buffer = value.buffer as ArrayBuffer;
              written += value.byteLength;
              limits.onOutput?.(value.byteLength);
              if (written > limits.maxOutput)
                return abort(limits.refuse(`exceeds ${limits.maxOutput} bytes`));
              if (written > limits.ratioFloor && written > limits.maxRatio * fed)
                return abort(
                  limits.refuse(`is more than ${limits.maxRatio} times its compressed size`),
                );
              // A copy: the buffer is reused for the next read.
              controller.enqueue(value.slice());
              return;
            }
            continue;
          }
          // The inflater has nothing for us: give it the next slice (or the end of the input).
          try {
            if (inputDone) await pending;
            else {
              const slice = await nextSlice();
              if (slice) await writer.write(slice);
              else {
                inputDone = true;
                await writer.close();
              }
            }
          } catch (err) {
            if (!failure) failure = err;
          }
        }
      },
      cancel(reason) {
        return abort(reason).catch(() => undefined);
      },
    },
    { highWaterMark: 0 },
  );
}
