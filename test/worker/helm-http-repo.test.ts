// The HTTP chart repository and the ChartMuseum API on the same store as OCI (over 300 lines: one flow, each route in turn).
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { anonymousPull } from '../helpers/auth';
import {
  buildChart,
  createRepository,
  fakeProvenance,
  HELM_CHART,
  HELM_CONFIG,
  HELM_PROV,
  pushChartOci,
  putChartHttp,
  responseText,
} from '../helpers/charts';
import { expectOciError, request, sha256 } from '../helpers/oci';
import { INLINE_BLOB_LIMIT } from '../../src/storage/blob-bytes';

function form(fields: Record<string, Uint8Array<ArrayBuffer> | string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields))
    data.append(key, new Blob([value]), `${key}.bin`);
  return data;
}

describe('upload over HTTP, pull over OCI', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await createRepository(env.DB);
  });

  it('PUT <chart>-<version>.tgz stores the chart; GET and HEAD serve it', async () => {
    const archive = await buildChart({ name: 'httpchart', version: '0.3.0' });
    const res = await putChartHttp(repo, archive, 'httpchart-0.3.0.tgz');
    expect(res.status, await res.clone().text()).toBe(201);
    expect(await res.json()).toEqual({ saved: true });

    const head = await request(
      'HEAD',
      `/repositories/${repo}/charts/httpchart/httpchart-0.3.0.tgz`,
      { auth: false },
    );
    expect(head.status).toBe(200);
    expect(head.headers.get('content-length')).toBe(String(archive.byteLength));
    const get = await request('GET', `/repositories/${repo}/charts/httpchart/httpchart-0.3.0.tgz`, {
      auth: false,
    });
    expect(new Uint8Array(await get.arrayBuffer())).toEqual(archive);
  });

  it('keeps a small archive inline in D1 and a big one in R2; both download intact', async () => {
    const noise = [...crypto.getRandomValues(new Uint8Array(48 * 1024))]
      .map((b) => b.toString(16).padStart(2, '0'))
      .join('');
    const small = await buildChart({ name: 'sized', version: '1.0.0' });
    const big = await buildChart({ name: 'sized', version: '2.0.0', files: { noise } });
    expect(small.byteLength).toBeLessThanOrEqual(INLINE_BLOB_LIMIT);
    expect(big.byteLength).toBeGreaterThan(INLINE_BLOB_LIMIT);
    for (const [archive, version, inline] of [
      [small, '1.0.0', true],
      [big, '2.0.0', false],
    ] as const) {
      expect((await putChartHttp(repo, archive, `sized-${version}.tgz`)).status).toBe(201);
      const row = await env.DB.prepare(`SELECT r2_key FROM blobs WHERE digest = ?1`)
        .bind(await sha256(archive))
        .first<{ r2_key: string }>();
      expect(row!.r2_key === '').toBe(inline);
      if (!inline) expect(await env.BLOBS.head(row!.r2_key)).not.toBeNull();
      const url = `/repositories/${repo}/charts/sized/sized-${version}.tgz`;
      const got = await request('GET', url, { auth: false });
      expect(new Uint8Array(await got.arrayBuffer())).toEqual(archive);
    }
  });

  it('a chart uploaded over HTTP has an OCI manifest Helm can pull, with a stable digest', async () => {
    const archive = await buildChart({ name: 'ocipull', version: '1.0.0', appVersion: '3.1' });
    expect((await putChartHttp(repo, archive, 'ocipull-1.0.0.tgz')).status).toBe(201);
    const manifestRes = await request(
      'GET',
      `/v2/${repo}/ocipull/manifests/1.0.0`,
      await anonymousPull(),
    );
    expect(manifestRes.status).toBe(200);
    const manifest = (await manifestRes.json()) as {
      config: { mediaType: string; digest: string };
      layers: { mediaType: string; digest: string; size: number }[];
    };
    expect(manifest.config.mediaType).toBe(HELM_CONFIG);
    expect(manifest.layers).toEqual([
      { mediaType: HELM_CHART, digest: await sha256(archive), size: archive.byteLength },
    ]);
    const config = await request('GET', `/v2/${repo}/ocipull/blobs/${manifest.config.digest}`);
    expect(await config.json()).toEqual({
      name: 'ocipull',
      version: '1.0.0',
      description: 'A test chart',
      apiVersion: 'v2',
      appVersion: '3.1',
      type: 'application',
    });
    const layer = await request('GET', `/v2/${repo}/ocipull/blobs/${manifest.layers[0]!.digest}`);
    expect(new Uint8Array(await layer.arrayBuffer())).toEqual(archive);

    // Same chart, another repository: the same manifest digest.
    const other = await createRepository(env.DB);
    await putChartHttp(other, archive, 'ocipull-1.0.0.tgz');
    const again = await request('HEAD', `/v2/${other}/ocipull/manifests/1.0.0`);
    expect(again.headers.get('docker-content-digest')).toBe(
      manifestRes.headers.get('docker-content-digest'),
    );
  });

  it('versions are immutable over HTTP too; an identical re-upload succeeds', async () => {
    const archive = await buildChart({ name: 'fixed', version: '1.0.0' });
    expect((await putChartHttp(repo, archive, 'fixed-1.0.0.tgz')).status).toBe(201);
    expect((await putChartHttp(repo, archive, 'fixed-1.0.0.tgz')).status).toBe(201);
    const changed = await buildChart({ name: 'fixed', version: '1.0.0', description: 'other' });
    const conflict = await putChartHttp(repo, changed, 'fixed-1.0.0.tgz');
    expect(conflict.status).toBe(409);
    expect(((await conflict.json()) as { error: string }).error).toMatch(/immutable/);
    // Over OCI as well.
    const oci = await pushChartOci(repo, 'fixed', changed, '1.0.0');
    await expectOciError(oci.res, 409, 'DENIED');
  });

  it('HTTP and OCI uploads of the same version conflict unless identical', async () => {
    const archive = await buildChart({ name: 'both', version: '2.0.0' });
    await pushChartOci(repo, 'both', archive, '2.0.0', { expectStatus: 201 });
    expect((await putChartHttp(repo, archive, 'both-2.0.0.tgz')).status).toBe(201);
    const other = await buildChart({ name: 'both', version: '2.0.0', appVersion: '9' });
    expect((await putChartHttp(repo, other, 'both-2.0.0.tgz')).status).toBe(409);
  });

  it('deleting over the ChartMuseum API removes the version from OCI too', async () => {
    const archive = await buildChart({ name: 'tobedeleted', version: '1.0.0' });
    await pushChartOci(repo, 'tobedeleted', archive, '1.0.0', { expectStatus: 201 });
    const del = await request('DELETE', `/repositories/${repo}/api/charts/tobedeleted/1.0.0`);
    expect(del.status).toBe(200);
    expect(await del.json()).toEqual({ deleted: true });
    await expectOciError(
      await request('GET', `/v2/${repo}/tobedeleted/manifests/1.0.0`),
      404,
      'MANIFEST_UNKNOWN',
    );
    const again = await request('DELETE', `/repositories/${repo}/api/charts/tobedeleted/1.0.0`);
    expect(again.status).toBe(404);
    expect(await again.json()).toHaveProperty('error');
  });
});

describe('ChartMuseum API', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await createRepository(env.DB);
  });

  it('POST api/charts takes a raw body or a multipart form with chart and prov', async () => {
    const raw = await buildChart({ name: 'cm', version: '0.1.0' });
    const res = await request('POST', `/repositories/${repo}/api/charts`, {
      body: raw,
      headers: { 'content-length': String(raw.byteLength) },
    });
    expect(res.status).toBe(201);
    expect(await res.json()).toEqual({ saved: true });

    const signed = await buildChart({ name: 'cm', version: '0.2.0' });
    const prov = fakeProvenance('cm', '0.2.0', await sha256(signed));
    const multi = await request('POST', `/repositories/${repo}/api/charts`, {
      body: form({ chart: signed, prov }),
    });
    expect(multi.status, await multi.clone().text()).toBe(201);
    const provGet = await request('GET', `/repositories/${repo}/charts/cm/cm-0.2.0.tgz.prov`);
    expect(await provGet.text()).toBe(prov);
    // The provenance file is also a layer of the OCI manifest.
    const manifest = (await (await request('GET', `/v2/${repo}/cm/manifests/0.2.0`)).json()) as {
      layers: { mediaType: string; digest: string }[];
    };
    expect(manifest.layers.map((l) => l.mediaType)).toEqual([HELM_CHART, HELM_PROV]);
    expect(manifest.layers[1]!.digest).toBe(await sha256(prov));
  });

  it('GET api/charts, api/charts/<name>, api/charts/<name>/<version> in ChartMuseum shapes', async () => {
    await request('POST', `/repositories/${repo}/api/charts`, {
      body: form({ chart: await buildChart({ name: 'cm', version: '0.10.0' }) }),
    });
    await request('POST', `/repositories/${repo}/api/charts`, {
      body: form({ chart: await buildChart({ name: 'other', version: '1.0.0' }) }),
    });

    const all = (await (await request('GET', `/repositories/${repo}/api/charts`)).json()) as Record<
      string,
      { version: string }[]
    >;
    expect(Object.keys(all)).toEqual(['cm', 'other']);
    expect(all.cm!.map((v) => v.version)).toEqual(['0.10.0', '0.2.0', '0.1.0']);

    const versions = (await (
      await request('GET', `/repositories/${repo}/api/charts/cm`)
    ).json()) as { version: string; urls: string[] }[];
    expect(versions.map((v) => v.version)).toEqual(['0.10.0', '0.2.0', '0.1.0']);
    expect(versions[0]!.urls).toEqual(['charts/cm/cm-0.10.0.tgz']);

    const one = (await (
      await request('GET', `/repositories/${repo}/api/charts/cm/0.2.0`)
    ).json()) as { name: string; version: string; digest: string };
    expect(one).toMatchObject({ name: 'cm', version: '0.2.0' });
    expect(one.digest).toMatch(/^[0-9a-f]{64}$/);
    const latest = (await (
      await request('GET', `/repositories/${repo}/api/charts/cm/latest`)
    ).json()) as { version: string };
    expect(latest.version).toBe('0.10.0');

    expect((await request('HEAD', `/repositories/${repo}/api/charts/cm`)).status).toBe(200);
    expect((await request('HEAD', `/repositories/${repo}/api/charts/cm/0.2.0`)).status).toBe(200);
    expect((await request('HEAD', `/repositories/${repo}/api/charts/cm/9.9.9`)).status).toBe(404);
    const missing = await request('GET', `/repositories/${repo}/api/charts/nope`);
    expect(missing.status).toBe(404);
    expect(await missing.json()).toEqual({ error: 'chart not found' });
    const missingVersion = await request('GET', `/repositories/${repo}/api/charts/cm/9.9.9`);
    expect(missingVersion.status).toBe(404);
    expect(await missingVersion.json()).toEqual({ error: 'no chart version found for cm-9.9.9' });
  });

  it('POST api/prov and PUT .tgz.prov attach a provenance file to an existing version', async () => {
    const archive = await buildChart({ name: 'later', version: '1.0.0' });
    await putChartHttp(repo, archive, 'later-1.0.0.tgz');
    const before = await request('HEAD', `/v2/${repo}/later/manifests/1.0.0`);
    const prov = fakeProvenance('later', '1.0.0', await sha256(archive));
    const res = await request('POST', `/repositories/${repo}/api/prov`, { body: form({ prov }) });
    expect(res.status, await res.clone().text()).toBe(201);
    expect(
      await (
        await request('GET', `/repositories/${repo}/charts/later/later-1.0.0.tgz.prov`)
      ).text(),
    ).toBe(prov);
    const after = await request('HEAD', `/v2/${repo}/later/manifests/1.0.0`);
    expect(after.headers.get('docker-content-digest')).not.toBe(
      before.headers.get('docker-content-digest'),
    );

    const second = await buildChart({ name: 'later', version: '2.0.0' });
    await putChartHttp(repo, second, 'later-2.0.0.tgz');
    const put = await request('PUT', `/repositories/${repo}/later-2.0.0.tgz.prov`, {
      body: fakeProvenance('later', '2.0.0', await sha256(second)),
    });
    expect(put.status).toBe(201);
    expect(
      (await request('HEAD', `/repositories/${repo}/charts/later/later-2.0.0.tgz.prov`)).status,
    ).toBe(200);
  });

  it('refuses a provenance file for another archive, or for a version that does not exist', async () => {
    const archive = await buildChart({ name: 'provcheck', version: '1.0.0' });
    await putChartHttp(repo, archive, 'provcheck-1.0.0.tgz');
    const wrong = await request('POST', `/repositories/${repo}/api/prov`, {
      body: fakeProvenance('provcheck', '1.0.0', await sha256('other bytes')),
    });
    expect(wrong.status).toBe(400);
    expect(((await wrong.json()) as { error: string }).error).toMatch(/does not sign/);
    const none = await request('POST', `/repositories/${repo}/api/prov`, {
      body: fakeProvenance('ghost', '1.0.0', await sha256('x')),
    });
    expect(none.status).toBe(400);
    const garbage = await request('POST', `/repositories/${repo}/api/prov`, { body: 'not a prov' });
    expect(garbage.status).toBe(400);
    expect(((await garbage.json()) as { error: string }).error).toMatch(/PGP/);
  });

  it('writes need the credential', async () => {
    const res = await request('POST', `/repositories/${repo}/api/charts`, {
      auth: false,
      body: 'x',
    });
    expect(res.status).toBe(401);
    expect(res.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(await res.json()).toHaveProperty('error');
    expect(
      (await request('DELETE', `/repositories/${repo}/api/charts/cm/0.1.0`, { auth: false }))
        .status,
    ).toBe(401);
  });
});

describe('repository modes', () => {
  it('an http-mode repository refuses OCI with a clear error', async () => {
    const repo = await createRepository(env.DB, { mode: 'http' });
    const archive = await buildChart({ name: 'only', version: '1.0.0' });
    expect((await putChartHttp(repo, archive, 'only-1.0.0.tgz')).status).toBe(201);
    const pull = await request('GET', `/v2/${repo}/only/manifests/1.0.0`);
    expect(String(await expectOciError(pull, 403, 'DENIED'))).toMatch(/http mode/);
    const push = await request('POST', `/v2/${repo}/only/blobs/uploads/`);
    await expectOciError(push, 403, 'DENIED');
    const catalog = (await (await request('GET', '/v2/_catalog')).json()) as {
      repositories: string[];
    };
    expect(catalog.repositories).not.toContain(`${repo}/only`);
  });

  it('an oci-mode repository refuses the HTTP repository with a clear error', async () => {
    const repo = await createRepository(env.DB, { mode: 'oci' });
    await pushChartOci(
      repo,
      'ocionly',
      await buildChart({ name: 'ocionly', version: '1.0.0' }),
      '1.0.0',
      { expectStatus: 201 },
    );
    for (const path of ['index.yaml', 'charts/ocionly/ocionly-1.0.0.tgz', 'api/charts']) {
      const res = await request('GET', `/repositories/${repo}/${path}`);
      expect(res.status).toBe(403);
      expect(((await res.json()) as { error: string }).error).toMatch(/oci mode/);
    }
  });

  it('an unknown repository answers 404 JSON', async () => {
    const res = await request('GET', '/repositories/default/nothing/index.yaml');
    expect(res.status).toBe(404);
    expect(await responseText(res)).toMatch(/not found/);
  });
});
