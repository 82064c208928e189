// Section 1 (`oci`): OCI push and pull of 4 KiB and 1 MiB charts, 8 concurrent clients, every side in turn.
import { OciClient } from '../../test/helpers/oci-client';
import { chartArchive } from '../lib/charts';
import type { BenchContext, Side } from '../lib/context';
import { cpuMs } from '../lib/registry';
import { formatMs, median, percentile, runConcurrently, table } from '../lib/stats';

const CHARTS = 300;
const CONCURRENCY = 8;
/** Rounds per layer size; each side runs once per round, in alternating order. */
const ROUNDS: Record<number, number> = { 4096: 4, [1024 * 1024]: 2 };

/** Charts pushed and pulled once per side before anything is measured (JIT warm-up). */
const WARM_UP = 150;

interface Run {
  latencies: number[];
  wallMs: number;
  cpuPerChart: number;
}

async function measure(
  side: Side,
  size: number,
  round: number,
  count = CHARTS,
): Promise<{ push: Run; pull: Run }> {
  const chart = (i: number) => `oci-${size}-${round}-${i % 30}`;
  const name = (i: number) => `default/charts/${chart(i)}`;
  const tag = (i: number) => `1.${round}.${i}`;
  const pusher = new OciClient(side.url, side.auth);
  const puller = new OciClient(side.url);
  // Real chart archives (this registry reads every pushed chart), about `size` bytes each.
  const layers = await Promise.all(
    Array.from({ length: count }, (_, i) => chartArchive(chart(i), tag(i), size - 300)),
  );
  // The server's own CPU per chart (what running it costs), where its process is known.
  const cpu = () => (side.pid ? cpuMs(side.pid) : NaN);
  const c0 = cpu();
  const push = await runConcurrently(count, CONCURRENCY, (i) =>
    pusher.pushChart(name(i), tag(i), layers[i]!),
  );
  const c1 = cpu();
  const pull = await runConcurrently(count, CONCURRENCY, (i) => puller.pullChart(name(i), tag(i)));
  return {
    push: { ...push, cpuPerChart: (c1 - c0) / count },
    pull: { ...pull, cpuPerChart: (cpu() - c1) / count },
  };
}

/** The median round's rate (a slow or fast round moves it least), and the pooled latencies. */
function summarize(runs: Run[]) {
  const latencies = runs.flatMap((r) => r.latencies);
  return {
    rate: median(runs.map((r) => CHARTS / (r.wallMs / 1000))),
    cpu: median(runs.map((r) => r.cpuPerChart)),
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
  };
}

export async function ociThroughput({
  ours,
  reference,
  devServer,
  storageFloor,
}: BenchContext): Promise<string> {
  const rows: string[][] = [];
  // A Worker's code is compiled as it runs: the first few hundred requests of a fresh isolate
  // are slower (measured: 20-30% in the first round), which says nothing about steady serving.
  const sides = [ours, reference, devServer, storageFloor].filter((s): s is Side => s !== null);
  for (const side of sides) {
    await measure(side, 4096, 99, WARM_UP); // tags 1.99.x: no round uses them
  }
  for (const size of [4096, 1024 * 1024]) {
    const results = new Map<Side, { push: Run; pull: Run }[]>([
      [ours, []],
      [reference, []],
    ]);
    if (devServer) results.set(devServer, []);
    if (storageFloor) results.set(storageFloor, []);
    for (let round = 0; round < ROUNDS[size]!; round++) {
      const order = round % 2 === 0 ? [...results.keys()] : [...results.keys()].reverse();
      for (const side of order) {
        const run = await measure(side, size, round);
        results.get(side)!.push(run);
        const rate = (r: Run) => `${(r.latencies.length / (r.wallMs / 1000)).toFixed(0)}/s`;
        console.error(
          `  ${size} B round ${round}: ${side.name}: push ${rate(run.push)}, pull ${rate(run.pull)}`,
        );
      }
    }
    const label = size === 4096 ? '4 KiB' : '1 MiB';
    const refPush = summarize(results.get(reference)!.map((r) => r.push));
    const refPull = summarize(results.get(reference)!.map((r) => r.pull));
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
        Number.isNaN(push.cpu) ? '—' : `${push.cpu.toFixed(1)} / ${pull.cpu.toFixed(1)} ms`,
      ]);
    }
  }
  return [
    `## OCI push and pull of charts (${CHARTS} charts per round, ${CONCURRENCY} concurrent clients)`,
    '',
    `Rounds: ${ROUNDS[4096]} with the 4 KiB layer, ${ROUNDS[1024 * 1024]} with the 1 MiB layer, after ${WARM_UP} unmeasured 4 KiB charts per side (JIT warm-up); every side runs once per round, in alternating order. Rates are the median round's; p50/p99 are over all rounds' requests.`,
    '',
    "Push is Helm's sequence (POST + PUT per blob, then the manifest); pull is manifest by tag, then config and layer (every pull is a chart's first: nothing is in the edge cache yet; blobs up to 16 KiB come with the manifest's D1 lookup and are served from memory, the 1 MiB layer is read from R2 and stored in the edge cache). Ratios are against Distribution.",
    '',
    'Server CPU is the user + system time of the server process per chart (median round): for workerd that includes the D1, R2 and Cache API simulators, for Distribution its filesystem storage. workerd runs JavaScript on one thread, Distribution on every core (2 here), so at equal CPU per chart Distribution serves up to twice the rate. Not measured for `wrangler dev` (several processes).',
    '',
    "The floor row is a bare Worker in the same Miniflare setup making the same D1, R2 and Cache API calls per request as this registry (bench/floor/storage-floor-worker.ts, through the registry's own storage functions) and nothing else: what this registry cannot go below while those calls go to Miniflare's local simulators, which run in the same workerd process.",
    '',
    table(
      [
        'layer',
        'registry',
        'push charts/s',
        'push p50 / p99',
        'pull charts/s',
        'pull p50 / p99',
        'server CPU per chart, push / pull',
      ],
      rows,
    ),
  ].join('\n');
}
