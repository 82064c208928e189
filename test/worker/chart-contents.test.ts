// What a chart page shows, extracted at publish (src/helm/chart-contents.ts): the same whichever way a chart arrives.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import {
  buildChart,
  chartYamlOf,
  createRepository,
  pushChartOci,
  putChartHttp,
  repositoryId,
} from '../helpers/charts';
import { request, sha256 } from '../helpers/oci';
import { findChartContents } from '../../src/storage/chart-contents-db';
import { readChartBody } from '../../src/storage/chart-contents-objects';
import { BODY_CAPS } from '../../src/helm/chart-contents';
import { backfillChartContents } from '../../src/helm/backfill-contents';

const annotated = [
  chartYamlOf({ name: 'paged', version: '1.0.0' }).trimEnd(),
  'annotations:',
  '  artifacthub.io/changes: |',
  '    - kind: added',
  '      description: <script>alert(1)</script>',
  '  artifacthub.io/license: Apache-2.0',
  '  artifacthub.io/prerelease: "false"',
  '  example.com/other: ignored',
  '',
].join('\n');

const files = {
  'README.md': '# paged\n\nA chart with everything.\n',
  'values.yaml': 'replicaCount: 2\n',
  'values.schema.json': '{"type": "object"}\n',
  'templates/configmap.yaml': 'kind: ConfigMap\n',
  'templates/_helpers.tpl': '{{- define "x" -}}{{- end -}}\n',
  'crds/widget.yaml': 'kind: CustomResourceDefinition\n',
  'Chart.lock': 'dependencies: []\n',
  'charts/sub/README.md': 'a subchart: not this chart page',
  LICENSE: 'not extracted',
};

type Publish = (
  repo: string,
  name: string,
  version: string,
  archive: Uint8Array<ArrayBuffer>,
) => Promise<number>;
const ways: [string, Publish][] = [
  [
    'OCI push',
    async (repo, name, version, archive) =>
      (await pushChartOci(repo, name, archive, version)).res.status,
  ],
  [
    'HTTP PUT',
    async (repo, name, version, archive) =>
      (await putChartHttp(repo, archive, `${name}-${version}.tgz`)).status,
  ],
  [
    'ChartMuseum POST',
    async (repo, _name, _version, archive) =>
      (
        await request('POST', `/repositories/${repo}/api/charts`, {
          body: archive,
          headers: { 'content-length': String(archive.byteLength) },
        })
      ).status,
  ],
];

/** The stored summary and every stored body as text, by path. */
async function contentsOf(repo: string, archive: Uint8Array) {
  const stored = await findChartContents(
    env.DB,
    await repositoryId(env.DB, repo),
    await sha256(archive),
  );
  if (!stored) return null;
  const bodies: Record<string, string> = {};
  for (const f of stored.files) {
    const bytes = stored.bodiesR2Key
      ? await readChartBody(env, 'BLOBS', stored.bodiesR2Key, f.offset, f.stored)
      : stored.bodies!.subarray(f.offset, f.offset + f.stored);
    bodies[f.path] = new TextDecoder().decode(bytes!);
  }
  const { files: list, filesOmitted, annotations, bodiesR2Key } = stored;
  return { files: list, filesOmitted, annotations, bodies, inR2: bodiesR2Key !== null };
}

describe('chart contents extracted at publish', () => {
  it('the same summary and bodies whichever way the chart arrives', async () => {
    const archive = await buildChart({
      name: 'paged',
      version: '1.0.0',
      chartYaml: annotated,
      files,
    });
    const seen = [];
    for (const [, publish] of ways) {
      const repo = await createRepository(env.DB);
      expect(await publish(repo, 'paged', '1.0.0', archive)).toBe(201);
      seen.push(await contentsOf(repo, archive));
    }
    expect(seen[1]).toEqual(seen[0]);
    expect(seen[2]).toEqual(seen[0]);
    const got = seen[0]!;
    expect(got.inR2).toBe(false);
    expect(got.files.map((f) => [f.kind, f.path, f.truncated])).toEqual(
      expect.arrayContaining([
        ['readme', 'README.md', false],
        ['values', 'values.yaml', false],
        ['schema', 'values.schema.json', false],
        ['template', 'templates/configmap.yaml', false],
        ['template', 'templates/_helpers.tpl', false],
        ['crd', 'crds/widget.yaml', false],
        ['lock', 'Chart.lock', false],
      ]),
    );
    expect(got.files).toHaveLength(7);
    for (const [path, text] of Object.entries(files)) {
      if (!path.startsWith('charts/') && path !== 'LICENSE') expect(got.bodies[path]).toBe(text);
    }
    expect(got.annotations).toEqual({
      changes: '- kind: added\n  description: <script>alert(1)</script>\n',
      license: 'Apache-2.0',
      prerelease: 'false',
    });
  });

  it('finds a lower-case readme.md', async () => {
    const repo = await createRepository(env.DB);
    const archive = await buildChart({
      name: 'lower',
      version: '1.0.0',
      files: { 'readme.md': 'hi' },
    });
    expect((await putChartHttp(repo, archive, 'lower-1.0.0.tgz')).status).toBe(201);
    const got = await contentsOf(repo, archive);
    expect(got!.files.find((f) => f.kind === 'readme')).toMatchObject({ path: 'readme.md' });
    expect(got!.bodies['readme.md']).toBe('hi');
  });

  it('caps big bodies, marks them truncated and keeps them in R2 (streamed archives too)', async () => {
    const noise = (n: number) => {
      let out = '';
      while (out.length < n) {
        const bytes = crypto.getRandomValues(
          new Uint8Array(Math.min(32 * 1024, (n - out.length) / 2)),
        );
        out += [...bytes].map((b) => b.toString(16).padStart(2, '0')).join('');
      }
      return out;
    };
    const big = noise(BODY_CAPS.template + 1024);
    const archive = await buildChart({
      name: 'big',
      version: '1.0.0',
      files: { 'templates/big.yaml': big, 'README.md': noise(64 * 1024) },
    });
    for (const [, publish] of ways) {
      const repo = await createRepository(env.DB);
      expect(await publish(repo, 'big', '1.0.0', archive)).toBe(201);
      const got = await contentsOf(repo, archive);
      expect(got!.inR2).toBe(true);
      expect(got!.files.find((f) => f.path === 'templates/big.yaml')).toMatchObject({
        size: big.length,
        stored: BODY_CAPS.template,
        truncated: true,
      });
      expect(got!.bodies['templates/big.yaml']).toBe(big.slice(0, BODY_CAPS.template));
      expect(got!.files.find((f) => f.kind === 'readme')!.truncated).toBe(false);
    }
  });

  it('a chart without any of them has an empty summary', async () => {
    const repo = await createRepository(env.DB);
    const { gzip, tarOf } = await import('../helpers/chart-archive');
    const yaml = chartYamlOf({ name: 'bare', version: '1.0.0' });
    const archive = await gzip(await tarOf({ 'bare/Chart.yaml': yaml }));
    expect((await putChartHttp(repo, archive, 'bare-1.0.0.tgz')).status).toBe(201);
    expect(await contentsOf(repo, archive)).toEqual({
      files: [],
      filesOmitted: 0,
      annotations: {},
      bodies: {},
      inR2: false,
    });
  });

  it('a rejected chart stores nothing', async () => {
    const repo = await createRepository(env.DB);
    const wrongName = await buildChart({ name: 'other', version: '1.0.0', files });
    await pushChartOci(repo, 'paged', wrongName, '1.0.0', { expectStatus: 400 });
    const first = await buildChart({ name: 'kept', version: '1.0.0' });
    const second = await buildChart({ name: 'kept', version: '1.0.0', files });
    expect((await putChartHttp(repo, first, 'kept-1.0.0.tgz')).status).toBe(201);
    expect((await putChartHttp(repo, second, 'kept-1.0.0.tgz')).status).toBe(409);
    const rows = await env.DB.prepare(
      'SELECT archive_digest FROM chart_contents WHERE repository_id = ?1',
    )
      .bind(await repositoryId(env.DB, repo))
      .all<{ archive_digest: string }>();
    expect(rows.results.map((r) => r.archive_digest)).toEqual([await sha256(first)]);
  });

  it('the backfill extracts versions stored before extraction, a bounded few per run', async () => {
    const repo = await createRepository(env.DB);
    const small = await buildChart({
      name: 'old',
      version: '1.0.0',
      chartYaml: annotated.replace('paged', 'old'),
      files,
    });
    const big = await buildChart({
      name: 'old',
      version: '2.0.0',
      files: {
        'README.md': 'r'.repeat(8 * 1024),
        'templates/x.yaml': crypto.randomUUID().repeat(2000),
      },
    });
    expect((await putChartHttp(repo, small, 'old-1.0.0.tgz')).status).toBe(201);
    expect((await pushChartOci(repo, 'old', big, '2.0.0')).res.status).toBe(201);
    const published = [await contentsOf(repo, small), await contentsOf(repo, big)];
    expect(published[1]!.inR2).toBe(true);
    // As before migration 0009: versions without a row.
    await env.DB.prepare('DELETE FROM chart_contents WHERE repository_id = ?1')
      .bind(await repositoryId(env.DB, repo))
      .run();
    expect(await backfillChartContents(env, 1)).toMatchObject({ extracted: 1 });
    expect(await backfillChartContents(env, 1)).toMatchObject({ extracted: 1 });
    expect(await backfillChartContents(env, 1)).toMatchObject({ extracted: 0 });
    expect([await contentsOf(repo, small), await contentsOf(repo, big)]).toEqual(published);
  });
});
