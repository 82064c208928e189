// Section 3 (`index`): index.yaml of 20,000 versions under wrk beside nginx, and push latency into that repository.
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { chartArchive } from '../lib/charts';
import type { BenchContext } from '../lib/context';
import { startNginx, wrk } from '../lib/processes';
import { seedBigRepository } from '../lib/seed-index';
import { formatBytes, formatMs, median, table, timed } from '../lib/stats';

const SAMPLES = 15;

async function pushHttp(
  base: string,
  auth: Record<string, string>,
  repo: string,
  version: string,
): Promise<void> {
  const archive = await chartArchive('fresh', version);
  const res = await fetch(`${base}/repositories/${repo}/fresh-${version}.tgz`, {
    method: 'PUT',
    body: archive,
    headers: auth,
  });
  if (res.status !== 201) throw new Error(`push failed: ${res.status} ${await res.text()}`);
}

export async function indexAtScale({ ours }: BenchContext): Promise<string> {
  await seedBigRepository(ours.db);
  const indexUrl = `${ours.url}/repositories/default/big/index.yaml`;
  const first = await fetch(indexUrl);
  const body = Buffer.from(await first.arrayBuffer());
  const etag = first.headers.get('etag') ?? '';

  const root = mkdtempSync(join(tmpdir(), 'nginx-root-'));
  writeFileSync(join(root, 'index.yaml'), body);
  writeFileSync(join(root, 'index.yaml.gz'), gzipSync(body, { level: 6 }));
  const nginx = await startNginx(root);
  const nginxUrl = `${nginx.url}/index.yaml`;
  // Asked without gzip: fetch() would otherwise get index.yaml.gz (gzip_static) and its ETag,
  // which never matches the plain file wrk asks for.
  const nginxEtag =
    (await fetch(nginxUrl, { headers: { 'accept-encoding': 'identity' } })).headers.get('etag') ??
    '';
  const rows: string[][] = [];
  try {
    const cases: [string, Record<string, string>, Record<string, string>][] = [
      ['full GET (identity, as Helm asks)', {}, {}],
      [
        'full GET (Accept-Encoding: gzip)',
        { 'accept-encoding': 'gzip' },
        { 'accept-encoding': 'gzip' },
      ],
      [
        'conditional GET (If-None-Match → 304)',
        { 'if-none-match': etag },
        { 'if-none-match': nginxEtag },
      ],
    ];
    for (const [label, ourHeaders, nginxHeaders] of cases) {
      const theirs = wrk(nginxUrl, { headers: nginxHeaders });
      const mine = wrk(indexUrl, { headers: ourHeaders });
      for (const [who, r] of [
        ['nginx', theirs],
        ['this registry', mine],
      ] as const) {
        if (r.non2xx > 0 && !label.startsWith('conditional'))
          throw new Error(`${who} answered errors under wrk:\n${r.raw}`);
      }
      rows.push([
        label,
        `${mine.rps.toFixed(0)} req/s`,
        `${theirs.rps.toFixed(0)} req/s`,
        `×${(mine.rps / theirs.rps).toFixed(2)}`,
      ]);
    }
  } finally {
    await nginx.stop();
  }

  for (let i = 0; i < 3; i++) await pushHttp(ours.url, ours.auth, 'default/charts', `0.0.${i}`);
  const intoBig: number[] = [];
  const intoEmpty: number[] = [];
  for (let i = 0; i < SAMPLES * 2; i++) {
    const big = i % 2 === 0;
    (big ? intoBig : intoEmpty).push(
      (
        await timed(() =>
          pushHttp(ours.url, ours.auth, big ? 'default/big' : 'default/charts', `9.${i}.0`),
        )
      ).ms,
    );
  }
  const afterPush = await timed(async () => (await fetch(indexUrl)).arrayBuffer());
  const ratio = median(intoBig) / median(intoEmpty);
  return [
    `## index.yaml with 20,000 versions (${formatBytes(body.length)}, ${formatBytes(gzipSync(body).length)} gzipped), 8 connections for 8 s`,
    '',
    table(['request', 'this registry', 'nginx (same file from disk)', 'ratio'], rows),
    '',
    table(
      ['measure', 'value'],
      [
        ['first GET after a push (renders 20,000 entries)', formatMs(afterPush.ms)],
        [
          `chart push into the 20,000-version repository (median of ${SAMPLES})`,
          formatMs(median(intoBig)),
        ],
        [`chart push into an empty repository (median of ${SAMPLES})`, formatMs(median(intoEmpty))],
        [
          'push into the big repository vs the empty one',
          `×${ratio.toFixed(2)} (target ≤ ×1.20: ${ratio <= 1.2 ? 'met' : 'missed'})`,
        ],
      ],
    ),
  ].join('\n');
}
