// index.yaml at scale: a repository of 20,000 chart versions (200 charts x 100 versions, the
// size of the largest public indexes) on workerd through Miniflare. Prints the time to fetch the
// index cold (rendered) and cached, a conditional GET, the peak memory of the workerd process
// while rendering, and chart push latency into that repository vs an empty one.
// Run: npm run bench:index
import {
  buildWorker,
  ADMIN_TOKEN,
  peakRss,
  rssBytes,
  startRegistry,
  workerdPids,
} from './lib/registry.mjs';
import { chartArchive } from './lib/charts.mjs';
import { formatBytes, formatMs, median, table, timed } from './lib/stats.mjs';
import { CHARTS, VERSIONS, seedBigRepository } from './lib/seed-index.mjs';

const SAMPLES = 15;
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

async function fetchIndex(url, headers = {}) {
  const res = await fetch(url, { headers });
  const body = await res.arrayBuffer();
  // fetch decodes gzip; the wire size is the Content-Length of the encoded response.
  const wire = Number(res.headers.get('content-length') ?? body.byteLength);
  return { status: res.status, bytes: body.byteLength, wire, etag: res.headers.get('etag') };
}

/** One HTTP chart upload (PUT <chart>-<version>.tgz). */
async function pushHttp(base, repo, name, version) {
  const archive = await chartArchive(name, version);
  const res = await fetch(`${base}/repositories/${repo}/${name}-${version}.tgz`, {
    method: 'PUT',
    body: archive,
    headers: { ...auth, 'content-type': 'application/gzip' },
  });
  if (res.status !== 201) throw new Error(`push failed: ${res.status} ${await res.text()}`);
}

/** Alternates pushes into the two repositories so warm-up and noise hit both alike. */
async function pushLatencies(base) {
  const big = [];
  const empty = [];
  for (let i = 0; i < SAMPLES * 2; i++) {
    const into = i % 2 === 0 ? big : empty;
    const repo = i % 2 === 0 ? 'default/big' : 'default/charts';
    into.push((await timed(() => pushHttp(base, repo, 'fresh', `9.${i}.0`))).ms);
  }
  return { big, empty };
}

async function main() {
  const build = buildWorker();
  const registry = await startRegistry(build);
  const { url, db } = registry;
  try {
    const seeding = await timed(() => seedBigRepository(db));
    const [pid] = workerdPids();
    const indexUrl = `${url}/repositories/default/big/index.yaml`;
    const idle = rssBytes(pid);

    const { result: cold, peak } = await peakRss(pid, () => timed(() => fetchIndex(indexUrl)));
    const gz = await fetchIndex(indexUrl, { 'accept-encoding': 'gzip' });
    const cached = [];
    for (let i = 0; i < SAMPLES; i++) cached.push((await timed(() => fetchIndex(indexUrl))).ms);
    const conditional = [];
    for (let i = 0; i < SAMPLES; i++) {
      conditional.push(
        (await timed(() => fetchIndex(indexUrl, { 'if-none-match': cold.result.etag }))).ms,
      );
    }

    // Warm up the push path, then measure alternately.
    for (let i = 0; i < 5; i++) await pushHttp(url, 'default/charts', 'warmup', `0.${i}.0`);
    const { big: intoBig, empty: intoEmpty } = await pushLatencies(url);
    const firstAfterPush = await timed(() => fetchIndex(indexUrl));

    console.log(
      `\nindex.yaml with ${CHARTS * VERSIONS} versions (${CHARTS} charts x ${VERSIONS}), seeded in ${formatMs(seeding.ms)}\n`,
    );
    console.log(
      table(
        ['measure', 'value'],
        [
          [
            'index.yaml size (identity / gzip)',
            `${formatBytes(cold.result.bytes)} / ${formatBytes(gz.wire)}`,
          ],
          ['GET cold (render + cache write)', formatMs(cold.ms)],
          [`GET cached (median of ${SAMPLES})`, formatMs(median(cached))],
          [`GET If-None-Match -> 304 (median of ${SAMPLES})`, formatMs(median(conditional))],
          ['first GET after a push', formatMs(firstAfterPush.ms)],
          [
            `chart push into the 20,000-version repository (median of ${SAMPLES})`,
            formatMs(median(intoBig)),
          ],
          [
            `chart push into an empty repository (median of ${SAMPLES})`,
            formatMs(median(intoEmpty)),
          ],
          [
            'workerd RSS idle -> peak during cold render',
            `${formatBytes(idle)} -> ${formatBytes(peak)} (+${formatBytes(peak - idle)})`,
          ],
        ],
      ),
    );
  } finally {
    await registry.stop();
  }
}

await main();
