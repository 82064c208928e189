// Section `pages`: a chart version's page, first GET and warm GETs, with its D1/R2 round trips.
import { OciClient } from '../../test/helpers/oci-client';
import { buildChart } from '../../test/helpers/chart-archive';
import type { BenchContext } from '../lib/context';
import { ADMIN_TOKEN, startRegistry } from '../lib/registry';
import { formatBytes, formatMs, median, now, table } from '../lib/stats';

const WARM_GETS = 25;

/** A chart with a README, values and schema; `big`: their bodies together over 16 KiB (in R2). */
function pageChart(name: string, big: boolean): Promise<Uint8Array<ArrayBuffer>> {
  const repeat = big ? 200 : 2;
  const readme = [
    `# ${name}`,
    '',
    'A benchmark chart with **Markdown**, [links](https://example.com) and a table.',
    '',
    '| key | default |',
    '| --- | --- |',
    ...Array.from({ length: repeat }, (_, i) => `| \`key${i}\` | \`value ${i}\` |`),
    '',
  ].join('\n');
  const values = Array.from(
    { length: repeat },
    (_, i) => `# Setting ${i}\nsetting${i}:\n  enabled: true\n  replicas: ${i}\n  name: "s-${i}"\n`,
  ).join('');
  const schema = JSON.stringify({
    type: 'object',
    properties: Object.fromEntries(
      Array.from({ length: repeat }, (_, i) => [
        `setting${i}`,
        {
          type: 'object',
          description: `Setting ${i}`,
          properties: { enabled: { type: 'boolean' }, replicas: { type: 'integer', default: i } },
        },
      ]),
    ),
  });
  return buildChart({
    name,
    version: '1.0.0',
    description: 'Benchmark chart page',
    files: { 'README.md': readme, 'values.yaml': values, 'values.schema.json': schema },
  });
}

interface Measured {
  status: number;
  ms: number;
  bytes: number;
  d1: string;
  r2: string;
}

async function measure(url: string): Promise<Measured> {
  const start = now();
  const res = await fetch(url, { headers: { accept: 'text/html' } });
  const body = await res.arrayBuffer();
  return {
    status: res.status,
    ms: now() - start,
    bytes: body.byteLength,
    d1: res.headers.get('x-storage-d1') ?? '',
    r2: res.headers.get('x-storage-r2') ?? '',
  };
}

/** The first GET, then WARM_GETS more: the first's figures and the warm ones' median. */
async function firstAndWarm(label: string, url: string): Promise<string[][]> {
  const first = await measure(url);
  const warm: Measured[] = [];
  for (let i = 0; i < WARM_GETS; i++) warm.push(await measure(url));
  const last = warm.at(-1)!;
  const ms = median(warm.map((m) => m.ms));
  return [
    [
      `${label}: first GET`,
      String(first.status),
      formatMs(first.ms),
      formatBytes(first.bytes),
      first.d1,
      first.r2,
    ],
    [
      `${label}: warm GET (median of ${WARM_GETS})`,
      String(last.status),
      formatMs(ms),
      formatBytes(last.bytes),
      last.d1,
      last.r2,
    ],
  ];
}

export async function chartPage({ build }: BenchContext): Promise<string> {
  const registry = await startRegistry(build, { bindings: { COUNT_STORAGE_CALLS: 'true' } });
  const base = registry.url;
  const admin = new OciClient(base, { authorization: `Bearer ${ADMIN_TOKEN}` });
  try {
    const charts = [
      ['page-big', 'README, values and schema over 16 KiB (bodies in R2)', true],
      ['page-small', 'small (bodies inline in D1)', false],
    ] as const;
    for (const [name, , big] of charts)
      await admin.pushChart(`default/charts/${name}`, '1.0.0', await pageChart(name, big));
    // The pages (pages helper's routes) when this build has them; else the chart API they read.
    const probe = await fetch(`${base}/charts/default/charts/page-small/1.0.0`, {
      headers: { accept: 'text/html' },
    });
    await probe.arrayBuffer();
    const pages = probe.status === 200;
    const rows: string[][] = [];
    for (const [name, what] of charts) {
      if (pages) {
        const page = `${base}/charts/default/charts/${name}/1.0.0`;
        rows.push(...(await firstAndWarm(`page, ${what}`, page)));
        // The tabs that show the other two bodies.
        for (const tab of ['values', 'schema'])
          rows.push(...(await firstAndWarm(`${tab} tab, ${what}`, `${page}/${tab}`)));
      } else {
        const api = `${base}/api/charts/default/charts/${name}/1.0.0`;
        rows.push(...(await firstAndWarm(`chart API, ${what}`, api)));
        rows.push(...(await firstAndWarm(`chart API readme, ${what}`, `${api}/readme`)));
      }
    }
    // References in the same run: the repository's index and the registry's cheapest answer.
    rows.push(
      ...(await firstAndWarm(
        'reference: index.yaml',
        `${base}/repositories/default/charts/index.yaml`,
      )),
    );
    rows.push(
      ...(await firstAndWarm('reference: GET /v2/ (floor: no storage call)', `${base}/v2/`)),
    );
    return [
      '## Chart page',
      '',
      pages
        ? "A chart version's page (`/charts/<storage>/<repository>/<chart>/<version>`, HTML, anonymous),"
        : 'This build has no chart pages: the chart API they read (`/api/charts/…/<version>` and `…/readme`),',
      'first GET right after the push, then warm GETs one after another; D1/R2 as the Worker counts',
      "them (COUNT_STORAGE_CALLS, the warm figures are the last GET's). Times include the HTTP",
      'round trip on 127.0.0.1 and the body; the references show the floor of the same server.',
      '',
      table(['request', 'status', 'time', 'size', 'D1', 'R2'], rows),
    ].join('\n');
  } finally {
    await registry.stop();
  }
}
