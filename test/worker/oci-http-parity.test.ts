// The same rules on both protocols: a provenance layer pushed over OCI is checked as a `.prov`
// uploaded over HTTP, descriptor sizes must match their blobs, and a `.prov` PUT must match the
// chart its URL names.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildChart,
  createRepository,
  fakeProvenance,
  HELM_CHART,
  HELM_CONFIG,
  pushChartOci,
  putChartHttp,
} from '../helpers/charts';
import { expectOciError, pushBlob, request, sha256 } from '../helpers/oci';

async function provOf(repo: string, chart: string, version: string): Promise<number> {
  const res = await request(
    'GET',
    `/repositories/${repo}/charts/${chart}/${chart}-${version}.tgz.prov`,
  );
  await res.body?.cancel();
  return res.status;
}

describe('OCI pushes follow the HTTP rules', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await createRepository(env.DB);
  });

  it('refuses a garbage provenance layer, or one signing another archive (MANIFEST_INVALID)', async () => {
    const archive = await buildChart({ name: 'provchk', version: '0.1.0' });
    const garbage = await pushChartOci(repo, 'provchk', archive, '0.1.0', { prov: 'not a prov' });
    await expectOciError(garbage.res, 400, 'MANIFEST_INVALID');
    const other = await pushChartOci(repo, 'provchk', archive, '0.1.0', {
      prov: fakeProvenance('provchk', '0.1.0', `sha256:${'0'.repeat(64)}`),
    });
    await expectOciError(other.res, 400, 'MANIFEST_INVALID');
    const wrongVersion = await pushChartOci(repo, 'provchk', archive, '0.1.0', {
      prov: fakeProvenance('provchk', '0.2.0', await sha256(archive)),
    });
    await expectOciError(wrongVersion.res, 400, 'MANIFEST_INVALID');
    expect(await provOf(repo, 'provchk', '0.1.0')).toBe(404);
    const row = await env.DB.prepare(
      `SELECT count(*) AS n FROM chart_versions WHERE name = 'provchk'`,
    ).first<number>('n');
    expect(row).toBe(0);

    const prov = fakeProvenance('provchk', '0.1.0', await sha256(archive));
    await pushChartOci(repo, 'provchk', archive, '0.1.0', { prov, expectStatus: 201 });
    const served = await request(
      'GET',
      `/repositories/${repo}/charts/provchk/provchk-0.1.0.tgz.prov`,
    );
    expect(await served.text()).toBe(prov);
  });

  it('refuses a descriptor whose size is not its blob size (MANIFEST_INVALID)', async () => {
    const archive = await buildChart({ name: 'sizechk', version: '0.1.0' });
    const name = `${repo}/sizechk`;
    const config = JSON.stringify({ name: 'sizechk', version: '0.1.0', apiVersion: 'v2' });
    const configDigest = await pushBlob(name, config);
    const chartDigest = await pushBlob(name, archive);
    const push = (configSize: number, chartSize: number) =>
      request('PUT', `/v2/${name}/manifests/0.1.0`, {
        body: JSON.stringify({
          schemaVersion: 2,
          mediaType: 'application/vnd.oci.image.manifest.v1+json',
          config: { mediaType: HELM_CONFIG, digest: configDigest, size: configSize },
          layers: [{ mediaType: HELM_CHART, digest: chartDigest, size: chartSize }],
        }),
        headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
      });
    const size = archive.byteLength;
    await expectOciError(await push(config.length, size + 1), 400, 'MANIFEST_INVALID');
    await expectOciError(await push(config.length, size - 1), 400, 'MANIFEST_INVALID');
    await expectOciError(await push(config.length + 5, size), 400, 'MANIFEST_INVALID');
    const ok = await push(config.length, size);
    expect(ok.status, await ok.text()).toBe(201);
  });
});

describe('PUT .prov over HTTP names its chart', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await createRepository(env.DB);
  });

  it('refuses a provenance file whose chart or version does not match the URL, or a bare .prov', async () => {
    const archive = await buildChart({ name: 'urlprov', version: '0.1.0' });
    expect((await putChartHttp(repo, archive, 'urlprov-0.1.0.tgz')).status).toBe(201);
    const prov = fakeProvenance('urlprov', '0.1.0', await sha256(archive));
    for (const file of [
      'whatever.prov',
      'urlprov-0.2.0.tgz.prov',
      'other-0.1.0.tgz.prov',
      '.tgz.prov',
    ]) {
      const res = await request('PUT', `/repositories/${repo}/${file}`, { body: prov });
      const text = await res.text();
      expect(res.status, `${file}: ${text}`).toBe(400);
      expect((JSON.parse(text) as { error: string }).error).toMatch(
        /urlprov-0\.1\.0\.tgz|<chart>-<version>\.tgz\.prov/,
      );
    }
    expect(await provOf(repo, 'urlprov', '0.1.0')).toBe(404);
    const res = await request('PUT', `/repositories/${repo}/urlprov-0.1.0.tgz.prov`, {
      body: prov,
    });
    expect(res.status, await res.text()).toBe(201);
    expect(await provOf(repo, 'urlprov', '0.1.0')).toBe(200);
  });
});
