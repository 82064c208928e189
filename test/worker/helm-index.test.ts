// index.yaml / index.json: Helm's format, semver order, validators and 304s, gzip, and a cache
// that is invalidated exactly when the repository changes.
import { env, exports } from 'cloudflare:workers';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import {
  buildChart,
  createRepository,
  putChartHttp,
  repositoryId,
  responseText,
} from '../helpers/charts';
import { request } from '../helpers/oci';

// Fields of helm/pkg/repo.ChartVersion (chart.Metadata + urls, created, removed, digest).
const HELM_FIELDS = new Set([
  'name',
  'home',
  'sources',
  'version',
  'description',
  'keywords',
  'maintainers',
  'icon',
  'apiVersion',
  'condition',
  'tags',
  'appVersion',
  'deprecated',
  'annotations',
  'kubeVersion',
  'dependencies',
  'type',
  'urls',
  'created',
  'removed',
  'digest',
]);

describe('index.yaml', () => {
  it('is a valid Helm index with entries in semver order, highest first', async () => {
    const repo = await createRepository(env.DB);
    const versions = [
      '1.0.0',
      '1.10.0',
      '1.2.0',
      '2.0.0-alpha',
      '2.0.0-alpha.1',
      '2.0.0-alpha.beta',
      '2.0.0-beta.2',
      '2.0.0-beta.11',
      '2.0.0-rc.1',
      '2.0.0',
    ];
    for (const version of versions) {
      expect(
        (
          await putChartHttp(
            repo,
            await buildChart({ name: 'ordered', version }),
            `ordered-${version}.tgz`,
          )
        ).status,
      ).toBe(201);
    }
    await putChartHttp(
      repo,
      await buildChart({ name: 'another', version: '0.1.0' }),
      'another-0.1.0.tgz',
    );
    // A name YAML would read as null must be quoted as a key.
    const quoted = await buildChart({
      name: 'null',
      version: '0.1.0',
      chartYaml: 'apiVersion: v2\nname: "null"\nversion: 0.1.0\n',
    });
    expect((await putChartHttp(repo, quoted, 'null-0.1.0.tgz')).status).toBe(201);

    const res = await request('GET', `/repositories/${repo}/index.yaml`, { auth: false });
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/yaml/);
    const text = await responseText(res);
    const index = parse(text) as {
      apiVersion: string;
      generated: string;
      entries: Record<string, Record<string, unknown>[]>;
    };
    expect(Object.keys(index).sort()).toEqual(['apiVersion', 'entries', 'generated']);
    expect(index.apiVersion).toBe('v1');
    expect(Object.keys(index.entries)).toEqual(['another', 'null', 'ordered']);
    expect(index.entries.ordered!.map((e) => e.version)).toEqual([
      '2.0.0',
      '2.0.0-rc.1',
      '2.0.0-beta.11',
      '2.0.0-beta.2',
      '2.0.0-alpha.beta',
      '2.0.0-alpha.1',
      '2.0.0-alpha',
      '1.10.0',
      '1.2.0',
      '1.0.0',
    ]);
    for (const entries of Object.values(index.entries)) {
      for (const entry of entries) {
        for (const key of Object.keys(entry)) expect(HELM_FIELDS.has(key), key).toBe(true);
        expect(entry.digest).toMatch(/^[0-9a-f]{64}$/);
        expect(entry.urls).toEqual([`charts/${entry.name}/${entry.name}-${entry.version}.tgz`]);
        expect(Date.parse(entry.created as string)).not.toBeNaN();
      }
    }
    expect(new Date(index.generated).toUTCString()).toBe(res.headers.get('last-modified'));
  });

  it('an empty repository has an empty entries map', async () => {
    const repo = await createRepository(env.DB);
    const text = await responseText(await request('GET', `/repositories/${repo}/index.yaml`));
    expect(parse(text)).toMatchObject({ apiVersion: 'v1', entries: {} });
  });

  it('has a strong ETag and Last-Modified, and answers 304 to If-None-Match and If-Modified-Since', async () => {
    const repo = await createRepository(env.DB);
    await putChartHttp(
      repo,
      await buildChart({ name: 'etag', version: '1.0.0' }),
      'etag-1.0.0.tgz',
    );
    const first = await request('GET', `/repositories/${repo}/index.yaml`);
    const etag = first.headers.get('etag')!;
    const lastModified = first.headers.get('last-modified')!;
    expect(etag).toMatch(/^"[^"]+"$/);
    await first.arrayBuffer();

    const byTag = await request('GET', `/repositories/${repo}/index.yaml`, {
      headers: { 'if-none-match': etag },
    });
    expect(byTag.status).toBe(304);
    expect(byTag.headers.get('etag')).toBe(etag);
    const byDate = await request('GET', `/repositories/${repo}/index.yaml`, {
      headers: { 'if-modified-since': lastModified },
    });
    expect(byDate.status).toBe(304);

    await putChartHttp(
      repo,
      await buildChart({ name: 'etag', version: '1.1.0' }),
      'etag-1.1.0.tgz',
    );
    const changed = await request('GET', `/repositories/${repo}/index.yaml`, {
      headers: { 'if-none-match': etag },
    });
    expect(changed.status).toBe(200);
    expect(changed.headers.get('etag')).not.toBe(etag);
    expect(await responseText(changed)).toContain('1.1.0');
  });

  it('is gzip-encoded when the client accepts gzip, with the same content', async () => {
    const repo = await createRepository(env.DB);
    await putChartHttp(
      repo,
      await buildChart({ name: 'zipped', version: '1.0.0' }),
      'zipped-1.0.0.tgz',
    );
    const plain = await request('GET', `/repositories/${repo}/index.yaml`);
    expect(plain.headers.get('content-encoding')).toBeNull();
    const zipped = await request('GET', `/repositories/${repo}/index.yaml`, {
      headers: { 'accept-encoding': 'gzip, deflate' },
    });
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    expect(zipped.headers.get('vary')).toBe('Accept-Encoding');
    expect(await responseText(zipped)).toBe(await plain.text());
    // A gzip ETag also validates.
    const again = await request('GET', `/repositories/${repo}/index.yaml`, {
      headers: { 'if-none-match': zipped.headers.get('etag')! },
    });
    expect(again.status).toBe(304);
  });

  it("follows the client's own Accept-Encoding (cf.clientAcceptEncoding), not the edge's rewrite", async () => {
    const repo = await createRepository(env.DB);
    await putChartHttp(
      repo,
      await buildChart({ name: 'edge', version: '1.0.0' }),
      'edge-1.0.0.tgz',
    );
    const viaEdge = (clientAcceptEncoding: string) =>
      exports.default.fetch(
        new Request(`http://registry.test/repositories/${repo}/index.yaml`, {
          headers: { 'accept-encoding': 'br, gzip' },
          cf: { clientAcceptEncoding },
        }),
      );
    const plain = await viaEdge('');
    expect(plain.headers.get('content-encoding')).toBeNull();
    expect(await plain.text()).toContain('edge');
    const zipped = await viaEdge('gzip');
    expect(zipped.headers.get('content-encoding')).toBe('gzip');
    await zipped.arrayBuffer();
  });

  it('is offered as JSON at index.json with the same content', async () => {
    const repo = await createRepository(env.DB);
    await putChartHttp(
      repo,
      await buildChart({ name: 'json', version: '1.0.0' }),
      'json-1.0.0.tgz',
    );
    await putChartHttp(
      repo,
      await buildChart({ name: 'json', version: '1.1.0' }),
      'json-1.1.0.tgz',
    );
    const yaml = parse(
      await responseText(await request('GET', `/repositories/${repo}/index.yaml`)),
    );
    const res = await request('GET', `/repositories/${repo}/index.json`);
    expect(res.headers.get('content-type')).toMatch(/json/);
    expect(JSON.parse(await responseText(res))).toEqual(yaml);
  });

  it('is cached per generation: served without re-rendering until the repository changes', async () => {
    const repo = await createRepository(env.DB);
    const id = await repositoryId(env.DB, repo);
    await putChartHttp(
      repo,
      await buildChart({ name: 'cached', version: '1.0.0' }),
      'cached-1.0.0.tgz',
    );
    await (await request('GET', `/repositories/${repo}/index.yaml`)).arrayBuffer();
    const listed = async () =>
      (await env.BLOBS.list({ prefix: `indexes/${id}/` })).objects.map((o) => o.key);
    const first = await listed();
    expect(first).toHaveLength(1);

    // A repeated fetch is not rendered again: one D1 read (the repository), nothing else.
    const warm = await request('GET', `/repositories/${repo}/index.yaml`);
    expect(await warm.text()).toContain('cached-1.0.0.tgz');
    expect(warm.headers.get('x-storage-d1')).toBe('1');

    await putChartHttp(
      repo,
      await buildChart({ name: 'cached', version: '2.0.0' }),
      'cached-2.0.0.tgz',
    );
    const fresh = await responseText(await request('GET', `/repositories/${repo}/index.yaml`));
    expect(fresh).toContain('2.0.0');
    await new Promise((r) => setTimeout(r, 50));
    const second = await listed();
    expect(second).toHaveLength(1);
    expect(second[0]).not.toBe(first[0]);

    // Deleting a version moves the generation too.
    await request('DELETE', `/repositories/${repo}/api/charts/cached/2.0.0`);
    expect(
      await responseText(await request('GET', `/repositories/${repo}/index.yaml`)),
    ).not.toContain('2.0.0');
  });
});
