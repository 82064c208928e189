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

const CHARTS = 200;
const VERSIONS = 100;
const SAMPLES = 15;
const auth = { authorization: `Bearer ${ADMIN_TOKEN}` };

/** Seeds `default/big` with CHARTS x VERSIONS chart versions, as rows shaped like real ones. */
async function seed(db) {
  const entryYaml = `'  - apiVersion: v2
    appVersion: 1.16.0
    created: "2026-01-01T00:00:00.000Z"
    description: A Helm chart for Kubernetes, seeded for the index benchmark
    digest: ' || printf('%064d', p.id * 1000 + v.i) || '
    home: https://example.com/charts/' || p.name || '
    keywords:
    - web
    - benchmark
    maintainers:
    - email: platform@example.com
      name: Platform Team
    name: ' || p.name || '
    sources:
    - https://github.com/example/' || p.name || '
    type: application
    urls:
    - charts/' || p.name || '/' || p.name || '-1.' || v.i || '.0.tgz
    version: 1.' || v.i || '.0
'`;
  const entryJson = `json_object('apiVersion','v2','appVersion','1.16.0','created','2026-01-01T00:00:00.000Z',
    'description','A Helm chart for Kubernetes, seeded for the index benchmark',
    'digest', printf('%064d', p.id * 1000 + v.i), 'home', 'https://example.com/charts/' || p.name,
    'name', p.name, 'type', 'application',
    'urls', json_array('charts/' || p.name || '/' || p.name || '-1.' || v.i || '.0.tgz'),
    'version', '1.' || v.i || '.0')`;
  const versions = `(WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${VERSIONS - 1}) SELECT i FROM n) v`;
  await db.batch([
    db.prepare(
      `INSERT INTO repositories (storage_id, name) SELECT id, 'big' FROM storages WHERE name = 'default'`,
    ),
    db.prepare(
      `WITH RECURSIVE n(i) AS (SELECT 0 UNION ALL SELECT i + 1 FROM n WHERE i < ${CHARTS - 1})
       INSERT INTO packages (repository_id, name)
       SELECT (SELECT id FROM repositories WHERE name = 'big'), printf('chart-%03d', i) FROM n`,
    ),
    db.prepare(
      `INSERT INTO manifests (package_id, digest, media_type, size, content)
       SELECT p.id, 'sha256:' || printf('%064d', p.id * 1000 + v.i), 'application/vnd.oci.image.manifest.v1+json', 2, '{}'
       FROM packages p, ${versions} WHERE p.repository_id = (SELECT id FROM repositories WHERE name = 'big')`,
    ),
    db.prepare(
      `INSERT INTO tags (package_id, tag, manifest_digest)
       SELECT p.id, '1.' || v.i || '.0', 'sha256:' || printf('%064d', p.id * 1000 + v.i)
       FROM packages p, ${versions} WHERE p.repository_id = (SELECT id FROM repositories WHERE name = 'big')`,
    ),
    db.prepare(
      `INSERT INTO chart_versions (repository_id, package_id, name, version, tag, version_sort, api_version,
         app_version, description, type, created, archive_digest, archive_size, manifest_digest, protocol,
         index_yaml, index_json)
       SELECT p.repository_id, p.id, p.name, '1.' || v.i || '.0', '1.' || v.i || '.0',
         printf('%020d.%020d.%020d~', 1, v.i, 0) || char(0) || '1.' || v.i || '.0', 'v2', '1.16.0',
         'A Helm chart for Kubernetes, seeded for the index benchmark', 'application', '2026-01-01T00:00:00.000Z',
         'sha256:' || printf('%064d', p.id * 1000 + v.i), 4096, 'sha256:' || printf('%064d', p.id * 1000 + v.i), 'http',
         ${entryYaml}, ${entryJson}
       FROM packages p, ${versions} WHERE p.repository_id = (SELECT id FROM repositories WHERE name = 'big')`,
    ),
  ]);
}

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
    const seeding = await timed(() => seed(db));
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
