// In an immutable repository a chart version's OCI manifest is fixed once published: a re-push of
// the same archive in another manifest is stored (so the digest the client printed can be
// pulled; oras-go v2 checks the PUT's Docker-Content-Digest) but the tag stays, except to add
// provenance to a version that had none. A different archive is 409 DENIED.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildChart,
  createRepository,
  fakeProvenance,
  pushChartOci,
  putChartHttp,
} from '../helpers/charts';
import { expectOciError, request, sha256 } from '../helpers/oci';

async function tagDigest(repo: string, chart: string, tag: string): Promise<string | null> {
  const res = await request('HEAD', `/v2/${repo}/${chart}/manifests/${tag}`);
  return res.status === 200 ? res.headers.get('docker-content-digest') : null;
}

async function versionManifest(chart: string, version: string): Promise<string | null> {
  return env.DB.prepare(
    `SELECT manifest_digest FROM chart_versions WHERE name = ?1 AND version = ?2`,
  )
    .bind(chart, version)
    .first<string>('manifest_digest');
}

/** A config as Helm writes it (helm/pkg/chart Metadata as JSON), unlike the registry's own. */
const helmConfig = (name: string, version: string, extra = '') =>
  `{"name":"${name}","version":"${version}","description":"A test chart","apiVersion":"v2","appVersion":"1.0.0","type":"application"${extra}}`;

describe('tags of published chart versions', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await createRepository(env.DB);
  });

  it('helm push of the archive uploaded over HTTP leaves the tag on the published manifest', async () => {
    const archive = await buildChart({ name: 'same', version: '0.1.0' });
    expect((await putChartHttp(repo, archive, 'same-0.1.0.tgz')).status).toBe(201);
    const published = await tagDigest(repo, 'same', '0.1.0');
    expect(published).toMatch(/^sha256:/);

    const pushed = await pushChartOci(repo, 'same', archive, '0.1.0', {
      config: helmConfig('same', '0.1.0'),
      expectStatus: 201,
    });
    expect(pushed.digest).not.toBe(published);
    expect(pushed.res.headers.get('docker-content-digest')).toBe(pushed.digest);
    expect(await tagDigest(repo, 'same', '0.1.0')).toBe(published);
    expect(await versionManifest('same', '0.1.0')).toBe(published);
    // The manifest the client pushed can be pulled by the digest it printed.
    const byDigest = await request('GET', `/v2/${repo}/same/manifests/${pushed.digest}`);
    expect(await byDigest.text()).toBe(pushed.manifest);
  });

  it('an OCI push twice with different config bytes keeps the first manifest', async () => {
    const archive = await buildChart({ name: 'twice', version: '1.0.0' });
    const first = await pushChartOci(repo, 'twice', archive, '1.0.0', {
      config: helmConfig('twice', '1.0.0'),
      expectStatus: 201,
    });
    const second = await pushChartOci(repo, 'twice', archive, '1.0.0', {
      config: helmConfig('twice', '1.0.0', ',"home":"https://example.test"'),
      expectStatus: 201,
    });
    expect(second.digest).not.toBe(first.digest);
    expect(await tagDigest(repo, 'twice', '1.0.0')).toBe(first.digest);
    expect(await versionManifest('twice', '1.0.0')).toBe(first.digest);
  });

  it('a different archive for a published version is 409 DENIED and moves nothing', async () => {
    const first = await pushChartOci(
      repo,
      'differs',
      await buildChart({ name: 'differs', version: '1.0.0' }),
      '1.0.0',
      { expectStatus: 201 },
    );
    const other = await buildChart({ name: 'differs', version: '1.0.0', description: 'other' });
    const res = (await pushChartOci(repo, 'differs', other, '1.0.0')).res;
    await expectOciError(res, 409, 'DENIED');
    expect(await tagDigest(repo, 'differs', '1.0.0')).toBe(first.digest);
  });

  it('adding provenance to a version without one moves the tag, over OCI and over HTTP', async () => {
    const archive = await buildChart({ name: 'signme', version: '1.0.0' });
    const plain = await pushChartOci(repo, 'signme', archive, '1.0.0', { expectStatus: 201 });
    const prov = fakeProvenance('signme', '1.0.0', await sha256(archive));
    const signed = await pushChartOci(repo, 'signme', archive, '1.0.0', {
      prov,
      expectStatus: 201,
    });
    expect(signed.digest).not.toBe(plain.digest);
    expect(await tagDigest(repo, 'signme', '1.0.0')).toBe(signed.digest);
    expect(await versionManifest('signme', '1.0.0')).toBe(signed.digest);
    const served = await request(
      'GET',
      `/repositories/${repo}/charts/signme/signme-1.0.0.tgz.prov`,
    );
    expect(await served.text()).toBe(prov);
    // Once signed, a push without the provenance layer does not take it away.
    await pushChartOci(repo, 'signme', archive, '1.0.0', { expectStatus: 201 });
    expect(await tagDigest(repo, 'signme', '1.0.0')).toBe(signed.digest);

    const httpArchive = await buildChart({ name: 'signhttp', version: '1.0.0' });
    expect((await putChartHttp(repo, httpArchive, 'signhttp-1.0.0.tgz')).status).toBe(201);
    const before = await tagDigest(repo, 'signhttp', '1.0.0');
    const httpProv = fakeProvenance('signhttp', '1.0.0', await sha256(httpArchive));
    const put = await request('PUT', `/repositories/${repo}/signhttp-1.0.0.tgz.prov`, {
      body: httpProv,
    });
    expect(put.status, await put.text()).toBe(201);
    const after = await tagDigest(repo, 'signhttp', '1.0.0');
    expect(after).not.toBe(before);
    expect(await versionManifest('signhttp', '1.0.0')).toBe(after);
    // A different provenance file for a signed version is refused.
    const again = await request('PUT', `/repositories/${repo}/signhttp-1.0.0.tgz.prov`, {
      body: httpProv.replace('Hash: SHA512', 'Hash: SHA256'),
    });
    expect(again.status, await again.text()).toBe(409);
    expect(await tagDigest(repo, 'signhttp', '1.0.0')).toBe(after);
  });

  it('where overwrite is allowed, a re-push moves the tag as before', async () => {
    const open = await createRepository(env.DB, { allowOverwrite: true });
    const archive = await buildChart({ name: 'movable', version: '1.0.0' });
    await pushChartOci(open, 'movable', archive, '1.0.0', { expectStatus: 201 });
    const second = await pushChartOci(open, 'movable', archive, '1.0.0', {
      config: helmConfig('movable', '1.0.0'),
      expectStatus: 201,
    });
    expect(await tagDigest(open, 'movable', '1.0.0')).toBe(second.digest);
  });
});
