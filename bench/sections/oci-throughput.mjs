// Section 1: OCI push and pull of chart-shaped artifacts (config + 4 KiB layer + manifest, and
// again with a 1 MiB layer), 8 concurrent clients, 300 charts per round, alternating sides.
import { chartArchive } from '../lib/charts.mjs';
import { runConcurrently, pullChart, pushChart } from '../lib/oci-client.mjs';
import { formatMs, median, percentile, table } from '../lib/stats.mjs';

const CHARTS = 300;
const CONCURRENCY = 8;
/** Rounds per layer size; each side runs once per round, in alternating order. */
const ROUNDS = { 4096: 4, [1024 * 1024]: 2 };

async function measure(side, size, round) {
  const chart = (i) => `oci-${size}-${round}-${i % 30}`;
  const name = (i) => `default/charts/${chart(i)}`;
  const tag = (i) => `1.${round}.${i}`;
  // Real chart archives (this registry reads every pushed chart), about `size` bytes each.
  const layers = await Promise.all(
    Array.from({ length: CHARTS }, (_, i) => chartArchive(chart(i), tag(i), size - 300)),
  );
  const push = await runConcurrently(CHARTS, CONCURRENCY, (i) =>
    pushChart(side.url, name(i), tag(i), layers[i], side.auth),
  );
  const pull = await runConcurrently(CHARTS, CONCURRENCY, (i) =>
    pullChart(side.url, name(i), tag(i)),
  );
  return { push, pull };
}

/** The median round's rate (a slow or fast round moves it least), and the pooled latencies. */
function summarize(runs) {
  const latencies = runs.flatMap((r) => r.latencies);
  return {
    rate: median(runs.map((r) => CHARTS / (r.wallMs / 1000))),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

export async function ociThroughput({ ours, reference, devServer, storageFloor }) {
  const rows = [];
  for (const size of [4096, 1024 * 1024]) {
    const results = new Map([
      [ours, []],
      [reference, []],
    ]);
    if (devServer) results.set(devServer, []);
    if (storageFloor) results.set(storageFloor, []);
    for (let round = 0; round < ROUNDS[size]; round++) {
      const order = round % 2 === 0 ? [...results.keys()] : [...results.keys()].reverse();
      for (const side of order) results.get(side).push(await measure(side, size, round));
    }
    const label = size === 4096 ? '4 KiB' : '1 MiB';
    const refPush = summarize(results.get(reference).map((r) => r.push));
    const refPull = summarize(results.get(reference).map((r) => r.pull));
    for (const [side, runs] of results) {
      const push = summarize(runs.map((r) => r.push));
      const pull = summarize(runs.map((r) => r.pull));
      rows.push([
        label,
        side.name,
        `${push.rate.toFixed(0)}/s (×${(push.rate / refPush.rate).toFixed(2)})`,
        `${formatMs(push.p50)} / ${formatMs(push.p99)}`,
        `${pull.rate.toFixed(0)}/s (×${(pull.rate / refPull.rate).toFixed(2)})`,
        `${formatMs(pull.p50)} / ${formatMs(pull.p99)}`,
      ]);
    }
  }
  return [
    `## OCI push and pull of charts (${CHARTS} charts per round, ${CONCURRENCY} concurrent clients)`,
    '',
    `Rounds: ${ROUNDS[4096]} with the 4 KiB layer, ${ROUNDS[1024 * 1024]} with the 1 MiB layer; every side runs once per round, in alternating order. Rates are the median round's; p50/p99 are over all rounds' requests.`,
    '',
    "Push is Helm's sequence (POST + PUT per blob, then the manifest); pull is manifest by tag, then config and layer (every pull is a chart's first: nothing is in the edge cache yet). Ratios are against Distribution.",
    '',
    "The floor row is a bare Worker in the same Miniflare setup making the same D1, R2 and Cache API calls per request as this registry (bench/lib/storage-floor.mjs) and nothing else: what this registry cannot go below while those calls go to Miniflare's local simulators, which run in the same workerd process.",
    '',
    table(
      ['layer', 'registry', 'push charts/s', 'push p50 / p99', 'pull charts/s', 'pull p50 / p99'],
      rows,
    ),
  ].join('\n');
}
