// bigChunks (big-chunks.ts): a native byte stream gathered into big chunks, in order, cancellable.
import { describe, expect, it } from 'vitest';
import { bigChunks } from './big-chunks';

async function chunkSizes(stream: ReadableStream<Uint8Array>): Promise<number[]> {
  const sizes: number[] = [];
  for await (const chunk of stream) sizes.push(chunk.byteLength);
  return sizes;
}

/** A native byte stream that delivers `total` bytes in 4 KiB writes, like a request body. */
function smallChunkedNative(total: number): ReadableStream<Uint8Array> {
  const { readable, writable } = new IdentityTransformStream();
  void (async () => {
    const writer = writable.getWriter();
    for (let at = 0; at < total; at += 4096) {
      await writer.write(new Uint8Array(Math.min(4096, total - at)).fill(at % 251));
    }
    await writer.close();
  })();
  return readable;
}

describe('bigChunks', () => {
  it('gathers a native byte stream into chunks of at least the asked size, losing nothing', async () => {
    const total = 1024 * 1024 + 100;
    const sizes = await chunkSizes(bigChunks(smallChunkedNative(total), 64 * 1024));
    expect(sizes.reduce((a, b) => a + b, 0)).toBe(total);
    expect(sizes.slice(0, -1).every((s) => s >= 64 * 1024)).toBe(true);
    expect(sizes.length).toBeLessThanOrEqual(17);
  });

  it('keeps the bytes in order', async () => {
    const data = crypto.getRandomValues(new Uint8Array(50_000));
    const source = new Response(data).body!;
    const out = new Uint8Array(await new Response(bigChunks(source, 8192)).arrayBuffer());
    expect(out).toEqual(data);
  });

  it('passes a stream made in JavaScript through unchanged', async () => {
    const js = new ReadableStream<Uint8Array>({
      start(controller) {
        controller.enqueue(new Uint8Array(3));
        controller.enqueue(new Uint8Array(5));
        controller.close();
      },
    });
    expect(await chunkSizes(bigChunks(js, 1024))).toEqual([3, 5]);
  });

  it('passes cancellation to the source', async () => {
    let cancelled = false;
    const { readable, writable } = new IdentityTransformStream();
    const writer = writable.getWriter();
    void writer.write(new Uint8Array(10)).catch(() => {});
    void writer.closed.catch(() => {
      cancelled = true;
    });
    await bigChunks(readable, 1024).cancel('stop');
    await writer.closed.catch(() => {});
    expect(cancelled).toBe(true);
  });
});
