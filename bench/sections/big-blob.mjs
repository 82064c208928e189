// Section 4: a 1 GiB blob pushed in uneven chunks (PATCH with Content-Range, then PUT ?digest=):
// throughput against the reference registry, and the peak resident memory of the workerd process
// during the upload, above its idle size.
import { createHash } from 'node:crypto';
import { peakRss, rssBytes, workerdPids } from '../lib/registry.mjs';
import { formatBytes, formatMs, table, timed } from '../lib/stats.mjs';

const TOTAL = 1024 * 1024 * 1024;
const MiB = 1024 * 1024;
// Chunk sizes cycle through this list: uneven, below and above R2's 5 MiB part minimum.
const PATTERN = [3 * MiB, 7 * MiB, 1, 17 * MiB + 5, 512 * 1024, 11 * MiB];

/** Deterministic, incompressible-looking bytes for [offset, offset+length), without holding 1 GiB. */
function chunkAt(seed, offset, length) {
  const out = Buffer.allocUnsafe(length);
  for (let i = 0; i < length; i += seed.length)
    seed.copy(out, i, (offset + i) % 1, Math.min(seed.length, length - i) + ((offset + i) % 1));
  return out;
}

async function upload(base, name, auth) {
  const seed = createHash('sha512').update(String(Math.random())).digest();
  const block = Buffer.concat(
    Array.from({ length: 16384 }, (_, i) =>
      createHash('sha256').update(seed).update(String(i)).digest(),
    ),
  );
  const hash = createHash('sha256');
  const start = await fetch(`${base}/v2/${name}/blobs/uploads/`, { method: 'POST', headers: auth });
  await start.arrayBuffer();
  let location = new URL(start.headers.get('location'), base).toString();
  let offset = 0;
  let i = 0;
  while (offset < TOTAL) {
    const size = Math.min(PATTERN[i++ % PATTERN.length], TOTAL - offset);
    const chunk = chunkAt(block, offset, size);
    hash.update(chunk);
    const res = await fetch(location, {
      method: 'PATCH',
      body: chunk,
      headers: {
        ...auth,
        'content-type': 'application/octet-stream',
        'content-range': `${offset}-${offset + size - 1}`,
      },
    });
    if (res.status !== 202) throw new Error(`PATCH: ${res.status} ${await res.text()}`);
    await res.arrayBuffer();
    location = new URL(res.headers.get('location'), base).toString();
    offset += size;
  }
  const digest = `sha256:${hash.digest('hex')}`;
  const put = await fetch(`${location}${location.includes('?') ? '&' : '?'}digest=${digest}`, {
    method: 'PUT',
    headers: auth,
  });
  if (put.status !== 201) throw new Error(`PUT: ${put.status} ${await put.text()}`);
  await put.arrayBuffer();
}

export async function bigBlob({ ours, reference }) {
  const ref = await timed(() => upload(reference.url, 'default/charts/big-blob', reference.auth));
  const [pid] = workerdPids();
  const idle = rssBytes(pid);
  const mine = await peakRss(pid, () =>
    timed(() => upload(ours.url, 'default/charts/big-blob', ours.auth)),
  );
  const rate = (ms) => `${(TOTAL / MiB / (ms / 1000)).toFixed(0)} MiB/s`;
  const extra = mine.peak - idle;
  return [
    `## A 1 GiB blob in uneven chunks (${PATTERN.map((p) => (p >= MiB ? `${(p / MiB).toFixed(1)} MiB` : `${p} B`)).join(', ')}, repeated)`,
    '',
    table(
      ['registry', 'time', 'throughput', 'peak RSS above idle'],
      [
        [reference.name, formatMs(ref.ms), rate(ref.ms), '—'],
        [
          ours.name,
          formatMs(mine.result.ms),
          `${rate(mine.result.ms)} (×${(ref.ms / mine.result.ms).toFixed(2)})`,
          `${formatBytes(extra)} (idle ${formatBytes(idle)}; target < 100 MB: ${extra < 100 * 1024 * 1024 ? 'met' : 'missed'})`,
        ],
      ],
    ),
  ].join('\n');
}
