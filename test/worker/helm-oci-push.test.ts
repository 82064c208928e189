// Charts pushed over OCI (`helm push`): recorded as chart versions, checked against name and tag,
// immutable by default, and visible in the HTTP repository at once.
import { env } from 'cloudflare:workers';
import { parse } from 'yaml';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildChart, createRepository, pushChartOci, responseText } from '../helpers/charts';
import { expectOciError, pushBlob, request, sha256 } from '../helpers/oci';
import { INLINE_BLOB_LIMIT } from '../../src/storage/blob-bytes';

interface IndexFile {
  apiVersion: string;
  generated: string;
  entries: Record<
    string,
    { version: string; digest: string; urls: string[]; name: string; appVersion?: string }[]
  >;
}

async function index(repo: string): Promise<IndexFile> {
  const res = await request('GET', `/repositories/${repo}/index.yaml`, { auth: false });
  expect(res.status).toBe(200);
  return parse(await responseText(res)) as IndexFile;
}

describe('helm push (OCI)', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await createRepository(env.DB);
  });

  it('records the chart version with its metadata and serves it in index.yaml', async () => {
    const archive = await buildChart({
      name: 'webapp',
      version: '1.2.3',
      appVersion: '2.0.0',
      description: 'Web app',
    });
    const pushed = await pushChartOci(repo, 'webapp', archive, '1.2.3', { expectStatus: 201 });
    const row = await env.DB.prepare(
      `SELECT name, version, app_version, description, type, archive_digest, manifest_digest, protocol, prov_digest
       FROM chart_versions WHERE name = 'webapp' AND version = '1.2.3'`,
    ).first();
    expect(row).toEqual({
      name: 'webapp',
      version: '1.2.3',
      app_version: '2.0.0',
      description: 'Web app',
      type: 'application',
      archive_digest: await sha256(archive),
      manifest_digest: pushed.digest,
      protocol: 'oci',
      prov_digest: null,
    });
    const idx = await index(repo);
    expect(idx.entries.webapp![0]).toMatchObject({
      name: 'webapp',
      version: '1.2.3',
      appVersion: '2.0.0',
      digest: (await sha256(archive)).slice('sha256:'.length),
      urls: ['charts/webapp/webapp-1.2.3.tgz'],
    });
    const download = await request('GET', `/repositories/${repo}/charts/webapp/webapp-1.2.3.tgz`);
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(archive);
  });

  it('reads a chart archive too big for D1 from R2, and serves it over HTTP', async () => {
    const noise = [...crypto.getRandomValues(new Uint8Array(48 * 1024))]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('');
    const archive = await buildChart({ name: 'bigchart', version: '1.0.0', files: { noise } });
    expect(archive.byteLength).toBeGreaterThan(INLINE_BLOB_LIMIT);
    const pushed = await pushChartOci(repo, 'bigchart', archive, '1.0.0', { expectStatus: 201 });
    const row = await env.DB.prepare(`SELECT r2_key FROM blobs WHERE digest = ?1`)
      .bind(pushed.chartDigest)
      .first<{ r2_key: string }>();
    expect(row!.r2_key).not.toBe('');
    expect((await index(repo)).entries.bigchart![0]!.version).toBe('1.0.0');
    const download = await request(
      'GET',
      `/repositories/${repo}/charts/bigchart/bigchart-1.0.0.tgz`,
    );
    expect(new Uint8Array(await download.arrayBuffer())).toEqual(archive);
  });

  it('writes + as _ in the tag, and accepts the legacy and experimental chart layouts', async () => {
    const plus = await buildChart({ name: 'buildmeta', version: '1.0.0+build.5' });
    await pushChartOci(repo, 'buildmeta', plus, '1.0.0_build.5', { expectStatus: 201 });
    const legacy = await buildChart({ name: 'legacy', version: '0.1.0' });
    await pushChartOci(repo, 'legacy', legacy, '0.1.0', {
      chartMediaType: 'application/tar+gzip',
      expectStatus: 201,
    });
    // The experimental `helm chart save` layout: OCI image config, a meta layer, a content layer.
    const early = await buildChart({ name: 'early', version: '0.0.1' });
    const name = `${repo}/early`;
    const config = await pushBlob(name, '{}');
    const meta = await pushBlob(name, '{"name":"early","version":"0.0.1"}');
    const content = await pushBlob(name, early);
    const manifest = JSON.stringify({
      schemaVersion: 2,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: 2 },
      layers: [
        { mediaType: 'application/vnd.cncf.helm.chart.meta.v1+json', digest: meta, size: 34 },
        {
          mediaType: 'application/vnd.cncf.helm.chart.content.v1+tar',
          digest: content,
          size: early.byteLength,
        },
      ],
    });
    const put = await request('PUT', `/v2/${name}/manifests/0.0.1`, {
      body: manifest,
      headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
    });
    expect(put.status).toBe(201);

    const idx = await index(repo);
    expect(idx.entries.buildmeta![0]!.version).toBe('1.0.0+build.5');
    expect(idx.entries.legacy![0]!.version).toBe('0.1.0');
    expect(idx.entries.early![0]!.version).toBe('0.0.1');
  });

  it('refuses a chart whose name or version does not match the OCI name or tag, storing nothing', async () => {
    const archive = await buildChart({ name: 'alpha', version: '1.0.0' });
    const wrongName = await pushChartOci(repo, 'beta', archive, '1.0.0');
    const detail = await expectOciError(wrongName.res, 400, 'MANIFEST_INVALID');
    expect(String(detail)).toMatch(/chart name "alpha" does not match the repository name "beta"/);
    const wrongTag = await pushChartOci(repo, 'alpha', archive, '1.0.1');
    expect(String(await expectOciError(wrongTag.res, 400, 'MANIFEST_INVALID'))).toMatch(
      /does not match the chart version "1.0.0"/,
    );
    await expectOciError(
      await request('GET', `/v2/${repo}/beta/manifests/1.0.0`),
      404,
      'MANIFEST_UNKNOWN',
    );
    await expectOciError(
      await request('GET', `/v2/${repo}/alpha/manifests/1.0.1`),
      404,
      'MANIFEST_UNKNOWN',
    );
    const rows = await env.DB.prepare(
      `SELECT count(*) AS n FROM chart_versions WHERE name IN ('alpha', 'beta')`,
    ).first<{ n: number }>();
    expect(rows!.n).toBe(0);
  });

  it('refuses a chart layer that is not a chart archive', async () => {
    const notGzip = new TextEncoder().encode('definitely not a tarball');
    const res = await pushChartOci(repo, 'broken', notGzip as Uint8Array<ArrayBuffer>, '1.0.0');
    expect(String(await expectOciError(res.res, 400, 'MANIFEST_INVALID'))).toMatch(/not gzip/);
  });

  it('keeps versions immutable: different content is refused with 409, an identical re-push succeeds', async () => {
    const first = await buildChart({ name: 'stable', version: '1.0.0' });
    await pushChartOci(repo, 'stable', first, '1.0.0', { expectStatus: 201 });
    await pushChartOci(repo, 'stable', first, '1.0.0', { expectStatus: 201 });
    const other = await buildChart({ name: 'stable', version: '1.0.0', description: 'changed' });
    const conflict = await pushChartOci(repo, 'stable', other, '1.0.0');
    expect(String(await expectOciError(conflict.res, 409, 'DENIED'))).toMatch(/immutable/);
    const got = await request('GET', `/repositories/${repo}/charts/stable/stable-1.0.0.tgz`);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(first);
    const tag = await request('HEAD', `/v2/${repo}/stable/manifests/1.0.0`);
    expect(tag.headers.get('docker-content-digest')).not.toBe(conflict.digest);
  });

  it('allows overwriting when the repository says so', async () => {
    const open = await createRepository(env.DB, { allowOverwrite: true });
    await pushChartOci(
      open,
      'mutable',
      await buildChart({ name: 'mutable', version: '1.0.0' }),
      '1.0.0',
      { expectStatus: 201 },
    );
    const second = await buildChart({ name: 'mutable', version: '1.0.0', description: 'second' });
    await pushChartOci(open, 'mutable', second, '1.0.0', { expectStatus: 201 });
    const got = await request('GET', `/repositories/${open}/charts/mutable/mutable-1.0.0.tgz`);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(second);
  });

  it('deleting the manifest or the tag over OCI removes the version from index.yaml', async () => {
    const r = await createRepository(env.DB);
    const a = await pushChartOci(
      r,
      'gone',
      await buildChart({ name: 'gone', version: '1.0.0' }),
      '1.0.0',
      { expectStatus: 201 },
    );
    await pushChartOci(r, 'gone', await buildChart({ name: 'gone', version: '2.0.0' }), '2.0.0', {
      expectStatus: 201,
    });
    expect((await request('DELETE', `/v2/${r}/gone/manifests/${a.digest}`)).status).toBe(202);
    expect((await index(r)).entries.gone!.map((e) => e.version)).toEqual(['2.0.0']);
    expect((await request('DELETE', `/v2/${r}/gone/manifests/2.0.0`)).status).toBe(202);
    expect((await index(r)).entries).toEqual({});
  });
});
