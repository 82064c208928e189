// The chart JSON API (src/api/): every route, for a chart pushed over OCI and one uploaded over HTTP.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildChart,
  chartYamlOf,
  createRepository,
  fakeProvenance,
  pushChartOci,
  putChartHttp,
} from '../helpers/charts';
import { request, sha256 } from '../helpers/oci';
import type {
  ChartOverview,
  ChartVersionDetail,
  FileBody,
  FileRef,
  SchemaView,
  SearchPage,
} from '../../src/catalog/types';

type Detail = { chart: ChartOverview; version: ChartVersionDetail; contents?: unknown };
type FileList = { files: FileRef[]; omitted: number };

const anon = { auth: false };
const get = (path: string, options = {}) => request('GET', path, options);
const body = async <T>(res: Response) => (await res.json()) as T;

const chartYaml = (name: string, version: string, extra = '') =>
  [
    chartYamlOf({ name, version }).trimEnd(),
    'keywords: [web, demo]',
    'home: https://example.com',
    'maintainers:',
    '  - name: Ada',
    '    email: ada@example.com',
    'annotations:',
    '  artifacthub.io/changes: |',
    '    - kind: added',
    '      description: A new thing',
    '      links:',
    '        - name: PR',
    '          url: https://example.com/pr/1',
    '    - plain change',
    '  artifacthub.io/license: Apache-2.0',
    '  artifacthub.io/containsSecurityUpdates: "true"',
    '  artifacthub.io/links: |',
    '    - name: docs',
    '      url: https://example.com/docs',
    '  artifacthub.io/images: |',
    '    - name: app',
    '      image: example.com/app:1.0',
    extra,
    '',
  ].join('\n');

const files = (version: string) => ({
  'README.md': `# demo ${version}\n`,
  'values.yaml': `replicaCount: ${version === '1.0.0' ? 1 : 2}\nimage:\n  tag: "${version}"\n`,
  'values.schema.json': '{"type": "object", "properties": {"replicaCount": {"type": "integer"}}}',
  'templates/sub/deep.yaml': 'kind: Deep\n',
  'crds/widget.yaml': 'kind: CustomResourceDefinition\n',
});

describe('chart API', () => {
  let repo: string;
  const oci = 'ociapp';
  const http = 'httpapp';

  beforeAll(async () => {
    repo = await createRepository(env.DB);
    for (const version of ['1.0.0', '1.1.0', '2.0.0-rc.1']) {
      const archive = await buildChart({
        name: oci,
        version,
        chartYaml: chartYaml(oci, version),
        files: files(version),
      });
      await pushChartOci(repo, oci, archive, version, { expectStatus: 201 });
    }
    const archive = await buildChart({
      name: http,
      version: '0.1.0',
      chartYaml: chartYaml(http, '0.1.0'),
      files: files('0.1.0'),
    });
    expect((await putChartHttp(repo, archive, `${http}-0.1.0.tgz`)).status).toBe(201);
  });

  it('GET /api/charts/<s>/<r>/<chart>: every version, newest first', async () => {
    const res = await get(`/api/charts/${repo}/${oci}`, anon);
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('public, max-age=60');
    const chart = await body<ChartOverview>(res);
    expect(chart.name).toBe(oci);
    expect(chart.versions.map((v) => [v.version, v.prerelease, v.protocol])).toEqual([
      ['2.0.0-rc.1', true, 'oci'],
      ['1.1.0', false, 'oci'],
      ['1.0.0', false, 'oci'],
    ]);
  });

  it('GET …/<version>: the detail, in one D1 query and no R2 read', async () => {
    const res = await get(`/api/charts/${repo}/${oci}/1.1.0`, anon);
    expect(res.status).toBe(200);
    expect(res.headers.get('x-storage-d1')).toBe('1');
    expect(res.headers.get('x-storage-r2')).toBe('0');
    const { chart, version, contents } = await body<Detail>(res);
    expect(contents).toBeUndefined();
    expect(chart.versions).toHaveLength(3);
    expect(version).toMatchObject({
      name: oci,
      version: '1.1.0',
      keywords: ['web', 'demo'],
      license: 'Apache-2.0',
      containsSecurityUpdates: true,
      links: [{ name: 'docs', url: 'https://example.com/docs' }],
      images: [{ name: 'app', image: 'example.com/app:1.0', whitelisted: false }],
      changes: [
        {
          kind: 'added',
          description: 'A new thing',
          links: [{ name: 'PR', url: 'https://example.com/pr/1' }],
        },
        { kind: null, description: 'plain change', links: [] },
      ],
      provenance: { signed: false, keyId: null },
      download: {
        http: `/repositories/${repo}/charts/${oci}/${oci}-1.1.0.tgz`,
        oci: `${repo}/${oci}:1.1.0`,
      },
      mode: 'hybrid',
    });
    expect(version.digest).toMatch(/^sha256:[0-9a-f]{64}$/);
    expect(version.files!.readme).toEqual({ path: 'README.md', size: 13, truncated: false });
    expect(version.files!.templates.map((f) => f.path)).toContain('templates/sub/deep.yaml');
  });

  it('the file routes, over OCI and HTTP alike', async () => {
    for (const [name, version] of [
      [oci, '1.1.0'],
      [http, '0.1.0'],
    ]) {
      const base = `/api/charts/${repo}/${name}/${version}`;
      const readme = await body<FileBody>(await get(`${base}/readme`, anon));
      expect(readme.text).toBe(`# demo ${version}\n`);
      const values = await body<FileBody>(await get(`${base}/values`, anon));
      expect(values.text).toContain('replicaCount');
      const schema = await body<
        SchemaView & { schema: { properties: { replicaCount: { type: string } } } }
      >(await get(`${base}/schema`, anon));
      expect(schema.error).toBeNull();
      expect(schema.schema.properties.replicaCount.type).toBe('integer');
      const templates = await body<FileList>(await get(`${base}/templates`, anon));
      expect(templates.files.map((f) => f.path)).toContain('templates/sub/deep.yaml');
      const deep = await body<FileBody>(await get(`${base}/templates/sub/deep.yaml`, anon));
      expect(deep.text).toBe('kind: Deep\n');
      const crds = await body<FileList>(await get(`${base}/crds`, anon));
      expect(crds.files).toEqual([{ path: 'crds/widget.yaml', size: 31, truncated: false }]);
      const crd = await body<FileBody>(await get(`${base}/crds/widget.yaml`, anon));
      expect(crd.text).toBe('kind: CustomResourceDefinition\n');
      const changelog = await body<{ changes: unknown[] }>(await get(`${base}/changelog`, anon));
      expect(changelog.changes).toHaveLength(2);
    }
  });

  it('values-diff: changes between two versions', async () => {
    const res = await get(`/api/charts/${repo}/${oci}/1.1.0/values-diff/1.0.0`, anon);
    expect(res.status).toBe(200);
    expect(await body<unknown>(res)).toEqual({
      from: '1.0.0',
      to: '1.1.0',
      changes: [
        { path: ['replicaCount'], kind: 'changed', from: 1, to: 2 },
        { path: ['image', 'tag'], kind: 'changed', from: '1.0.0', to: '1.1.0' },
      ],
      truncated: false,
      error: null,
    });
  });

  it('search finds both charts', async () => {
    const res = await get(`/api/search?q=app`, anon);
    expect(res.status).toBe(200);
    const found = await body<SearchPage>(res);
    const names = found.hits.map((h) => `${h.storage}/${h.repository}/${h.name}`);
    expect(names).toEqual(expect.arrayContaining([`${repo}/${oci}`, `${repo}/${http}`]));
    const hit = found.hits.find((h) => h.name === oci);
    expect(hit).toMatchObject({ latestVersion: '2.0.0-rc.1', visibility: 'public' });
  });

  it('signed versions and provenance', async () => {
    const archive = await buildChart({ name: 'signed', version: '1.0.0' });
    await pushChartOci(repo, 'signed', archive, '1.0.0', {
      prov: fakeProvenance('signed', '1.0.0', await sha256(archive)),
      expectStatus: 201,
    });
    const { version } = await body<Detail>(await get(`/api/charts/${repo}/signed/1.0.0`, anon));
    expect(version.signed).toBe(true);
    expect(version.provenance.signed).toBe(true);
  });
});
