// Bad chart input: every rejection is a 4xx saying what is wrong, and nothing is stored (over 300 lines: one case per rejection, sharing one store check).
import { env } from 'cloudflare:workers';
import { createTarPacker } from 'modern-tar';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildChart,
  chartYamlOf,
  createRepository,
  gzip,
  pushChartOci,
  putChartHttp,
  tarOf,
  tarOfEntries,
} from '../helpers/charts';
import { hostileChartYaml } from '../helpers/hostile-yaml';
import { expectOciError, request } from '../helpers/oci';

interface Snapshot {
  versions: number;
  blobs: number;
  objects: number;
}

async function snapshot(): Promise<Snapshot> {
  const versions = await env.DB.prepare(`SELECT count(*) AS n FROM chart_versions`).first<{
    n: number;
  }>();
  const blobs = await env.DB.prepare(`SELECT count(*) AS n FROM blobs`).first<{ n: number }>();
  const listed = await env.BLOBS.list({ prefix: 'blobs/' });
  return { versions: versions!.n, blobs: blobs!.n, objects: listed.objects.length };
}

const yamlChart = (chartYaml: string) =>
  gzip_(tarOf({ 'bad/Chart.yaml': chartYaml, 'bad/values.yaml': '' }));
const bytes = (text: string) => new Uint8Array(new TextEncoder().encode(text));
const gzip_ = async (tar: Promise<Uint8Array<ArrayBuffer>>) => gzip(await tar);

/** A gzip stream that unpacks to `size` bytes of zeros in one tar entry, built without holding it. */
async function decompressionBomb(size: number): Promise<Uint8Array<ArrayBuffer>> {
  const { readable, controller } = createTarPacker();
  const compressed = new Response(
    readable.pipeThrough(new CompressionStream('gzip')),
  ).arrayBuffer();
  const chartYaml = new TextEncoder().encode(chartYamlOf({ name: 'bomb', version: '1.0.0' }));
  const head = controller.add({ name: 'bomb/Chart.yaml', size: chartYaml.byteLength }).getWriter();
  await head.write(chartYaml);
  await head.close();
  const writer = controller.add({ name: 'bomb/zeros.bin', size }).getWriter();
  const zeros = new Uint8Array(1024 * 1024);
  for (let written = 0; written < size; written += zeros.byteLength) await writer.write(zeros);
  await writer.close();
  controller.finalize();
  return new Uint8Array(await compressed);
}

const good = chartYamlOf({ name: 'bad', version: '1.0.0' });
/** `bad/Chart.yaml` then the given entries, names kept as given. */
const entriesChart = (...entries: { name: string; body: string | Uint8Array<ArrayBuffer> }[]) =>
  gzip_(tarOfEntries([{ name: 'bad/Chart.yaml', body: good }, ...entries]));
const chartYamlBytes = (body: Uint8Array<ArrayBuffer>) =>
  gzip_(tarOfEntries([{ name: 'bad/Chart.yaml', body }]));

/** Archives Helm's loader reads differently from a naive reader, or refuses (issue 13, item 11). */
const helmLayoutCases: [string, () => Promise<Uint8Array<ArrayBuffer>>, RegExp][] = [
  [
    'a second Chart.yaml as bad/./Chart.yaml',
    () =>
      entriesChart({
        name: 'bad/./Chart.yaml',
        body: chartYamlOf({ name: 'bad', version: '6.6.6' }),
      }),
    /more than one Chart\.yaml/,
  ],
  [
    'an entry bad\\..\\..\\evil',
    () => entriesChart({ name: 'bad\\..\\..\\evil', body: 'x' }),
    /illegal path/,
  ],
  ['an entry bad/c:/x', () => entriesChart({ name: 'bad/c:/x', body: 'x' }), /illegal path/],
  [
    'an entry bad//Chart.yaml',
    () => entriesChart({ name: 'bad//Chart.yaml', body: good }),
    /illegal path/,
  ],
  ['a Chart.yaml with a NUL', () => chartYamlBytes(bytes(`${good}#\0\n`)), /NUL/],
  [
    'a Chart.yaml in UTF-16',
    () =>
      chartYamlBytes(new Uint8Array([0xff, 0xfe, 0x61, 0x00, 0x3a, 0x00, 0x20, 0x00, 0x62, 0x00])),
    /UTF-16/,
  ],
  [
    'a chart name of 300 characters',
    () => yamlChart(`apiVersion: v2\nname: ${'a'.repeat(300)}\nversion: 1.0.0\n`),
    /300 characters long; at most 127/,
  ],
];

const ALIAS_BOMB = [
  'apiVersion: v2',
  'name: bad',
  'version: 1.0.0',
  'a: &a ["x","x","x","x","x","x","x","x","x"]',
  'b: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]',
  'c: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]',
  'd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]',
  'e: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]',
  'f: &f [*e,*e,*e,*e,*e,*e,*e,*e,*e]',
  'g: &g [*f,*f,*f,*f,*f,*f,*f,*f,*f]',
  '',
].join('\n');

describe('bad chart uploads', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await createRepository(env.DB);
  });

  const cases: [string, () => Promise<Uint8Array<ArrayBuffer>>, RegExp][] = [
    ['not gzip', async () => bytes('just some text, not an archive'), /not gzip/],
    ['gzip but not tar', () => gzip(bytes('x'.repeat(1000))), /not a valid gzip-compressed tar/],
    [
      'truncated archive',
      async () => {
        const whole = await buildChart({
          name: 'bad',
          version: '1.0.0',
          files: { 'big.txt': 'y'.repeat(50_000) },
        });
        return whole.slice(0, Math.floor(whole.byteLength / 2));
      },
      /not a valid gzip-compressed tar/,
    ],
    ['no Chart.yaml', () => gzip_(tarOf({ 'bad/values.yaml': 'a: 1\n' })), /no Chart\.yaml/],
    ['invalid YAML', () => yamlChart('name: [unclosed\nversion: 1.0.0\n'), /not valid YAML/],
    ['alias bomb', () => yamlChart(ALIAS_BOMB), /more than 50 aliases/],
    ['missing version', () => yamlChart('apiVersion: v2\nname: bad\n'), /Chart\.yaml: version/],
    [
      'bad apiVersion',
      () => yamlChart('apiVersion: v9\nname: bad\nversion: 1.0.0\n'),
      /apiVersion must be v1 or v2/,
    ],
    [
      'name with ..',
      () => yamlChart('apiVersion: v2\nname: a..b\nversion: 1.0.0\n'),
      /chart name "a\.\.b" is not allowed/,
    ],
    [
      'name with /',
      () => yamlChart('apiVersion: v2\nname: a/b\nversion: 1.0.0\n'),
      /chart name "a\/b" is not allowed/,
    ],
    [
      'upper-case name',
      () => yamlChart('apiVersion: v2\nname: MyChart\nversion: 1.0.0\n'),
      /chart name "MyChart" is not allowed/,
    ],
    [
      'version not semver',
      () => yamlChart('apiVersion: v2\nname: bad\nversion: "1.0"\n'),
      /"1\.0" is not a valid SemVer/,
    ],
    [
      'version with v prefix',
      () => yamlChart('apiVersion: v2\nname: bad\nversion: v1.0.0\n'),
      /"v1\.0\.0" is not a valid SemVer/,
    ],
    [
      'path traversal',
      () =>
        gzip_(
          tarOf({
            'bad/Chart.yaml': chartYamlOf({ name: 'bad', version: '1.0.0' }),
            '../evil.txt': 'x',
          }),
        ),
      /illegal path/,
    ],
    [
      'two top-level directories',
      () =>
        gzip_(
          tarOf({
            'bad/Chart.yaml': chartYamlOf({ name: 'bad', version: '1.0.0' }),
            'other/x.txt': 'x',
          }),
        ),
      /more than one top-level directory/,
    ],
    [
      'decompression bomb',
      () => decompressionBomb(101 * 1024 * 1024),
      /unpacked chart is more than 200 times/,
    ],
    ...helmLayoutCases,
    ...hostileChartYaml.map(
      ([what, yaml, message]) =>
        [
          `a Chart.yaml with ${what}`,
          () => yamlChart(yaml),
          message,
        ] as (typeof helmLayoutCases)[number],
    ),
  ];

  for (const [what, make, message] of cases) {
    it(`rejects ${what} with 400 and stores nothing`, async () => {
      const archive = await make();
      const before = await snapshot();
      const res = await request('POST', `/repositories/${repo}/api/charts`, {
        body: archive,
        headers: { 'content-length': String(archive.byteLength) },
      });
      const body = (await res.json()) as { error: string };
      expect(res.status, body.error).toBe(400);
      expect(body.error).toMatch(message);
      expect(await snapshot()).toEqual(before);
    });
  }

  it('rejects a file name that does not match the chart inside', async () => {
    const before = await snapshot();
    const res = await putChartHttp(
      repo,
      await buildChart({ name: 'real', version: '1.0.0' }),
      'fake-1.0.0.tgz',
    );
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: string }).error).toMatch(
      /does not match the chart inside \(real-1\.0\.0\.tgz\)/,
    );
    expect(await snapshot()).toEqual(before);
    const version = await putChartHttp(
      repo,
      await buildChart({ name: 'real', version: '1.0.0' }),
      'real-2.0.0.tgz',
    );
    expect(version.status).toBe(400);
  });

  it('needs a Content-Length, refuses oversize and empty bodies, and other file types', async () => {
    const stream = new ReadableStream({
      start(c) {
        c.enqueue(new Uint8Array([1, 2, 3]));
        c.close();
      },
    });
    const chunked = await request('PUT', `/repositories/${repo}/x-1.0.0.tgz`, { body: stream });
    expect(chunked.status).toBe(411);
    const huge = await request('PUT', `/repositories/${repo}/x-1.0.0.tgz`, {
      body: 'x',
      headers: { 'content-length': String(30 * 1024 * 1024) },
    });
    expect(huge.status).toBe(413);
    await huge.text();
    const other = await request('PUT', `/repositories/${repo}/notes.txt`, { body: 'x' });
    expect(other.status).toBe(400);
    expect(await other.json()).toHaveProperty('error');
  });

  it('rejects bad multipart bodies with 400', async () => {
    const res = await request('POST', `/repositories/${repo}/api/charts`, {
      body: '--zzz\r\nbroken',
      headers: { 'content-type': 'multipart/form-data; boundary=zzz' },
    });
    expect(res.status).toBe(400);
    const empty = new FormData();
    empty.append('other', 'value');
    const noChart = await request('POST', `/repositories/${repo}/api/charts`, { body: empty });
    expect(noChart.status).toBe(400);
    expect(((await noChart.json()) as { error: string }).error).toMatch(/"chart"/);
  });
});

describe('bad charts over OCI', () => {
  const ociCases: [string, () => Promise<Uint8Array<ArrayBuffer>>, RegExp][] = [
    ...helmLayoutCases.filter(([what]) => !what.includes('300')),
    ...hostileChartYaml
      .slice(0, 3)
      .map(
        ([what, yaml, message]) =>
          [
            `a Chart.yaml with ${what}`,
            () => yamlChart(yaml),
            message,
          ] as (typeof helmLayoutCases)[number],
      ),
  ];
  for (const [what, make, message] of ociCases) {
    it(`refuses ${what} with MANIFEST_INVALID and stores no version`, async () => {
      const repo = await createRepository(env.DB);
      const before = await snapshot();
      const res = await pushChartOci(repo, 'bad', await make(), '1.0.0');
      expect(String(await expectOciError(res.res, 400, 'MANIFEST_INVALID'))).toMatch(message);
      await expectOciError(
        await request('GET', `/v2/${repo}/bad/manifests/1.0.0`),
        404,
        'MANIFEST_UNKNOWN',
      );
      expect((await snapshot()).versions).toBe(before.versions);
    });
  }

  it('rejects an alias bomb and a non-semver version in a pushed chart with MANIFEST_INVALID', async () => {
    const repo = await createRepository(env.DB);
    const bomb = await gzip(await tarOf({ 'bad/Chart.yaml': ALIAS_BOMB }));
    const res = await pushChartOci(repo, 'bad', bomb, '1.0.0');
    expect(String(await expectOciError(res.res, 400, 'MANIFEST_INVALID'))).toMatch(/alias/i);
    const loose = await gzip(
      await tarOf({ 'bad/Chart.yaml': 'apiVersion: v2\nname: bad\nversion: "1.0"\n' }),
    );
    const res2 = await pushChartOci(repo, 'bad', loose, '1.0');
    expect(String(await expectOciError(res2.res, 400, 'MANIFEST_INVALID'))).toMatch(/SemVer/);
    await expectOciError(
      await request('GET', `/v2/${repo}/bad/manifests/1.0.0`),
      404,
      'MANIFEST_UNKNOWN',
    );
  });
});
