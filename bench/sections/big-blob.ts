// Section 4 (`blob`): a 1 GiB blob in uneven PATCH chunks: throughput, and workerd's peak memory above idle.
import { createHash, type Hash } from 'node:crypto';
import { PART_SIZE } from '../../src/storage/r2-parts';
import { OciClient } from '../../test/helpers/oci-client';
import type { BenchContext } from '../lib/context';
import { startR2Floor } from '../lib/r2-floor';
import { peakRss, rssBytes, startRegistry } from '../lib/registry';
import { formatBytes, formatMs, table, timed } from '../lib/stats';

const TOTAL = Number(process.env.BIG_BLOB_BYTES ?? 1024 * 1024 * 1024);
const MiB = 1024 * 1024;
// Chunk sizes cycle through this list: uneven, below and above R2's 5 MiB part minimum.
const PATTERN = [3 * MiB, 7 * MiB, 1, 17 * MiB + 5, 512 * 1024, 11 * MiB];

/**
 * Deterministic, incompressible-looking bytes: `chunkAt(offset, length)` gives any slice of the
 * 1 GiB without holding it (a 512 KiB random block repeated).
 */
function byteSource(): (offset: number, length: number) => Buffer<ArrayBuffer> {
  const seed = createHash('sha512').update(String(Math.random())).digest();
  const block = Buffer.concat(
    Array.from({ length: 16384 }, (_, i) =>
      createHash('sha256').update(seed).update(String(i)).digest(),
    ),
  );
  return (offset, length) => {
    const out = Buffer.allocUnsafe(length) as Buffer<ArrayBuffer>;
    for (let i = 0; i < length;) {
      const from = (offset + i) % block.length;
      const n = Math.min(block.length - from, length - i);
      block.copy(out, i, from, from + n);
      i += n;
    }
    return out;
  };
}

/** The uneven chunks of TOTAL bytes, one at a time, each hashed into `hash` as it is made. */
function* chunks(hash: Hash): Generator<Uint8Array<ArrayBuffer>> {
  const chunkAt = byteSource();
  for (let offset = 0, i = 0; offset < TOTAL; i++) {
    const size = Math.min(PATTERN[i % PATTERN.length]!, TOTAL - offset);
    const chunk = chunkAt(offset, size);
    hash.update(chunk);
    yield chunk;
    offset += size;
  }
}

export async function upload(
  base: string,
  name: string,
  auth: Record<string, string>,
): Promise<void> {
  const hash = createHash('sha256');
  const digest = () => `sha256:${hash.digest('hex')}`;
  await new OciClient(base, auth).pushBlobChunked(name, chunks(hash), digest);
}

async function measure(pid: number | undefined, work: () => Promise<unknown>) {
  if (!pid) throw new Error('no workerd process to measure');
  const idle = rssBytes(pid);
  const { result, peak } = await peakRss(pid, () => timed(work));
  return { ms: result.ms, idle, extra: peak - idle };
}

export async function bigBlob({ build, ours, reference }: BenchContext): Promise<string> {
  const ref = await timed(() => upload(reference.url, 'default/charts/big-blob', reference.auth));
  // A fresh registry process, like the floor's: the shared one has grown in earlier sections.
  const fresh = await startRegistry(build);
  let mine;
  try {
    mine = await measure(fresh.pid, () => upload(fresh.url, 'default/charts/big-blob', ours.auth));
  } finally {
    await fresh.stop();
  }
  const floor = await startR2Floor();
  let base;
  try {
    base = await measure(floor.pid, () => floor.upload(TOTAL, PART_SIZE, byteSource()));
  } finally {
    await floor.stop();
  }
  const rate = (ms: number) => `${(TOTAL / MiB / (ms / 1000)).toFixed(0)} MiB/s`;
  const vsRef = (ms: number) => `${rate(ms)} (×${(ref.ms / ms).toFixed(2)})`;
  const ownShare = mine.extra - base.extra;
  const verdict = ownShare < 100e6 ? 'met' : 'missed';
  return [
    `## A 1 GiB blob in uneven chunks (${PATTERN.map((p) => (p >= MiB ? `${(p / MiB).toFixed(1)} MiB` : `${p} B`)).join(', ')}, repeated)`,
    '',
    'Locally the R2 simulator runs inside the measured workerd process. The floor row is that',
    `simulator alone: a minimal Worker piping ${PART_SIZE / MiB} MiB parts straight into an R2 multipart upload.`,
    '',
    table(
      ['registry', 'time', 'throughput', 'peak RSS above idle'],
      [
        [reference.name, formatMs(ref.ms), rate(ref.ms), '—'],
        [
          ours.name,
          formatMs(mine.ms),
          vsRef(mine.ms),
          `${formatBytes(mine.extra)} (idle ${formatBytes(mine.idle)})`,
        ],
        [
          'floor: Miniflare R2 alone (workerd)',
          formatMs(base.ms),
          vsRef(base.ms),
          `${formatBytes(base.extra)} (idle ${formatBytes(base.idle)})`,
        ],
      ],
    ),
    '',
    `Peak memory of the upload path above the R2 simulator's: ${(ownShare / 1e6).toFixed(1)} MB (target < 100 MB: ${verdict}; the whole process, simulator included: ${(mine.extra / 1e6).toFixed(1)} MB).`,
  ].join('\n');
}
