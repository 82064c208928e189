// Memory of the inflate path (gunzip-bounded.ts): measured in bytes held, not in time.
import { describe, expect, it } from 'vitest';
import { readChartArchive } from '../helm/chart-archive';
import { gunzipBounded, MAX_SLICE_OUTPUT } from './gunzip-bounded';
import { chartYamlOf, gzip, tarOfEntries } from '../../test/helpers/charts';

/** Gzip of `size` zeros, compressed in 1 MiB writes (never held uncompressed). */
async function gzipZeros(size: number, prefix?: Uint8Array): Promise<Uint8Array<ArrayBuffer>> {
  const { readable, writable } = new CompressionStream('gzip');
  const out = new Response(readable).arrayBuffer();
  const writer = writable.getWriter();
  if (prefix) await writer.write(prefix);
  const zeros = new Uint8Array(1024 * 1024);
  for (let n = 0; n < size; n += zeros.byteLength) await writer.write(zeros);
  await writer.close();
  return new Uint8Array(await out);
}

/** A source that hands out `bytes` in `chunk`-sized pieces and counts what was pulled. */
function countedSource(bytes: Uint8Array, chunk: number) {
  const seen = { pulled: 0, cancelled: false };
  const stream = new ReadableStream<Uint8Array>(
    {
      pull(controller) {
        if (seen.pulled >= bytes.byteLength) return controller.close();
        const piece = bytes.slice(seen.pulled, seen.pulled + chunk);
        seen.pulled += piece.byteLength;
        controller.enqueue(piece);
      },
      cancel() {
        seen.cancelled = true;
      },
    },
    { highWaterMark: 0 },
  );
  return { stream, seen };
}

const tarHeaderFor = async (size: number) => {
  // A tar whose second entry claims `size` bytes of zeros: the header, then the zeros follow.
  const tar = await tarOfEntries([
    { name: 'bomb/Chart.yaml', body: chartYamlOf({ name: 'bomb', version: '1.0.0' }) },
  ]);
  const header = (await tarOfEntries([{ name: 'bomb/zeros.bin', body: new Uint8Array(0) }])).slice(
    0,
    512,
  );
  // Rewrite the size field (octal, offset 124, 12 bytes) and the checksum (offset 148).
  header.set(new TextEncoder().encode(size.toString(8).padStart(11, '0') + '\0'), 124);
  header.fill(0x20, 148, 156);
  const sum = header.reduce((a, b) => a + b, 0);
  header.set(new TextEncoder().encode(sum.toString(8).padStart(6, '0') + '\0 '), 148);
  const out = new Uint8Array(tar.byteLength - 1024 + 512);
  out.set(tar.subarray(0, tar.byteLength - 1024));
  out.set(header, tar.byteLength - 1024);
  return out;
};

// Issue 13, item 4: a gzip bomb must not be inflated ahead of its reader: the pipeline pulls
// compressed input only as fast as the output is consumed, holds at most one slice's output at
// once, and stops reading the source as soon as a limit is passed.
describe('the inflate path holds a small constant whatever the ratio', () => {
  it('stops pulling a gzip bomb a few slices after the limit, and cancels its source', async () => {
    // 256 MiB of zeros in ~250 KiB: a ratio of ~1000.
    const bomb = await gzipZeros(256 * 1024 * 1024, await tarHeaderFor(256 * 1024 * 1024));
    const { stream, seen } = countedSource(bomb, 16 * 1024);
    await expect(readChartArchive(stream)).rejects.toThrow(/unpacked chart/);
    // The bytes inflated and not yet read are at most (pulled - consumed) * 1032. The old pipeline
    // pulled the whole bomb at once (and inflated it all into DecompressionStream's queue); this
    // one stops at the ratio limit, ~10 MiB out of ~10 KiB in, plus the source's one chunk.
    expect(seen.pulled).toBeLessThan(64 * 1024);
    expect(seen.pulled).toBeLessThan(bomb.byteLength / 4);
    expect(seen.cancelled).toBe(true);
  });

  it('never hands out more than one slice of output at once, fed in big chunks', async () => {
    const bomb = await gzipZeros(64 * 1024 * 1024);
    const { stream } = countedSource(bomb, 256 * 1024);
    let largest = 0;
    let total = 0;
    const out = gunzipBounded(stream, {
      maxOutput: Number.MAX_SAFE_INTEGER,
      maxRatio: Number.POSITIVE_INFINITY,
      ratioFloor: 0,
      refuse: (reason) => new Error(reason),
      onOutput(size) {
        largest = Math.max(largest, size);
      },
    });
    for await (const chunk of out) total += chunk.byteLength;
    expect(total).toBe(64 * 1024 * 1024);
    expect(largest).toBeLessThanOrEqual(MAX_SLICE_OUTPUT);
    expect(MAX_SLICE_OUTPUT).toBeLessThan(5 * 1024 * 1024);
  });

  it('gives back exactly what was compressed, and fails on a cap, a bad ratio or corrupt data', async () => {
    const data = new Uint8Array(3 * 1024 * 1024);
    for (let at = 0; at < data.byteLength; at += 65536)
      crypto.getRandomValues(data.subarray(at, at + 32768));
    const packed = await gzip(data);
    const limits = (maxOutput: number, maxRatio = 1000) => ({
      maxOutput,
      maxRatio,
      ratioFloor: 1024,
      refuse: (reason: string) => new Error(`refused: ${reason}`),
    });
    const whole = new Uint8Array(
      await new Response(gunzipBounded(new Blob([packed]).stream(), limits(1 << 30))).arrayBuffer(),
    );
    expect(whole).toEqual(data);
    await expect(
      new Response(gunzipBounded(new Blob([packed]).stream(), limits(1024 * 1024))).arrayBuffer(),
    ).rejects.toThrow(/refused: exceeds 1048576 bytes/);
    await expect(
      new Response(gunzipBounded(new Blob([packed]).stream(), limits(1 << 30, 1.5))).arrayBuffer(),
    ).rejects.toThrow(/refused: is more than 1.5 times/);
    const corrupt = packed.slice();
    corrupt.fill(0xff, 100, 400);
    await expect(
      new Response(gunzipBounded(new Blob([corrupt]).stream(), limits(1 << 30))).arrayBuffer(),
    ).rejects.toThrow();
  });
});
