// The signing key id of a version's .prov (src/helm/prov-key-id.ts) lands in chart_versions on every publish path and via the backfill.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import gpgEd25519 from '../fixtures/provenance/gpg-ed25519.prov?raw';
import helmRsa from '../fixtures/provenance/helm-rsa.prov?raw';
import { backfillProvenanceKeyIds } from '../../src/helm/backfill-contents';
import {
  buildChart,
  createRepository,
  fakeProvenance,
  pushChartOci,
  putChartHttp,
  repositoryId,
} from '../helpers/charts';
import { request, sha256 } from '../helpers/oci';

const ED25519_FINGERPRINT = '6587C6C76A43B663FD955EDF70E7435332FAC95D';
const HELM_KEY_ID = 'F6A3233EB8AD2B1A';

/**
 * A provenance file for this archive carrying a real signature block (from a fixture): the
 * registry checks the body names the archive, and reads the signature's issuer; it does not
 * verify the signature itself.
 */
function signedProvenance(name: string, version: string, digest: string, fixture: string): string {
  const signature = fixture.slice(fixture.indexOf('-----BEGIN PGP SIGNATURE-----'));
  const body = fakeProvenance(name, version, digest);
  return body.slice(0, body.indexOf('-----BEGIN PGP SIGNATURE-----')) + signature;
}

function form(fields: Record<string, Uint8Array<ArrayBuffer> | string>): FormData {
  const data = new FormData();
  for (const [key, value] of Object.entries(fields))
    data.append(key, new Blob([value]), `${key}.bin`);
  return data;
}

async function keyIdOf(repo: string, name: string, version: string): Promise<string | null> {
  return env.DB.prepare(
    'SELECT prov_key_id FROM chart_versions WHERE repository_id = ?1 AND name = ?2 AND version = ?3',
  )
    .bind(await repositoryId(env.DB, repo), name, version)
    .first<string | null>('prov_key_id');
}

async function chartWithProv(name: string, version: string, fixture = gpgEd25519) {
  const archive = await buildChart({ name, version });
  const prov = signedProvenance(name, version, await sha256(archive), fixture);
  return { archive, prov };
}

describe('the .prov signing key id', () => {
  it('OCI push with a provenance layer', async () => {
    const repo = await createRepository(env.DB);
    const { archive, prov } = await chartWithProv('ocisigned', '1.0.0');
    await pushChartOci(repo, 'ocisigned', archive, '1.0.0', { prov, expectStatus: 201 });
    expect(await keyIdOf(repo, 'ocisigned', '1.0.0')).toBe(ED25519_FINGERPRINT);
  });

  it('ChartMuseum POST api/charts with chart and prov; PUT .tgz.prov and POST api/prov after the chart', async () => {
    const repo = await createRepository(env.DB);
    const one = await chartWithProv('cmsigned', '1.0.0', helmRsa);
    const posted = await request('POST', `/repositories/${repo}/api/charts`, {
      body: form({ chart: one.archive, prov: one.prov }),
    });
    expect(posted.status, await posted.clone().text()).toBe(201);
    expect(await keyIdOf(repo, 'cmsigned', '1.0.0')).toBe(HELM_KEY_ID);

    const two = await chartWithProv('cmsigned', '2.0.0');
    expect((await putChartHttp(repo, two.archive, 'cmsigned-2.0.0.tgz')).status).toBe(201);
    expect(await keyIdOf(repo, 'cmsigned', '2.0.0')).toBeNull();
    const put = await request('PUT', `/repositories/${repo}/cmsigned-2.0.0.tgz.prov`, {
      body: two.prov,
      headers: { 'content-length': String(new TextEncoder().encode(two.prov).byteLength) },
    });
    expect(put.status, await put.clone().text()).toBe(201);
    expect(await keyIdOf(repo, 'cmsigned', '2.0.0')).toBe(ED25519_FINGERPRINT);

    const three = await chartWithProv('cmsigned', '3.0.0', helmRsa);
    expect((await putChartHttp(repo, three.archive, 'cmsigned-3.0.0.tgz')).status).toBe(201);
    const prov = await request('POST', `/repositories/${repo}/api/prov`, {
      body: form({ prov: three.prov }),
    });
    expect(prov.status, await prov.clone().text()).toBe(201);
    expect(await keyIdOf(repo, 'cmsigned', '3.0.0')).toBe(HELM_KEY_ID);
  });

  it("a .prov whose signature cannot be read is recorded as '' (read, nothing found)", async () => {
    const repo = await createRepository(env.DB);
    const archive = await buildChart({ name: 'fakesig', version: '1.0.0' });
    const prov = fakeProvenance('fakesig', '1.0.0', await sha256(archive));
    await pushChartOci(repo, 'fakesig', archive, '1.0.0', { prov, expectStatus: 201 });
    expect(await keyIdOf(repo, 'fakesig', '1.0.0')).toBe('');
  });

  it('the backfill reads versions stored before migration 0010, a bounded few per run, once each', async () => {
    const repo = await createRepository(env.DB);
    for (const version of ['1.0.0', '2.0.0']) {
      const { archive, prov } = await chartWithProv('oldsigned', version);
      await pushChartOci(repo, 'oldsigned', archive, version, { prov, expectStatus: 201 });
    }
    const archive = await buildChart({ name: 'oldsigned', version: '3.0.0' });
    const broken = fakeProvenance('oldsigned', '3.0.0', await sha256(archive));
    await pushChartOci(repo, 'oldsigned', archive, '3.0.0', { prov: broken, expectStatus: 201 });
    // As before migration 0010: every key id unknown, in every repository of this file.
    await env.DB.prepare('UPDATE chart_versions SET prov_key_id = NULL').run();
    const pending = await env.DB.prepare(
      'SELECT count(*) AS n FROM chart_versions WHERE prov_key_id IS NULL AND prov_digest IS NOT NULL',
    ).first<number>('n');
    let runs = 0;
    let total = 0;
    for (;;) {
      const read = await backfillProvenanceKeyIds(env, 2);
      expect(read).toBeLessThanOrEqual(2);
      if (read === 0) break;
      total += read;
      runs += 1;
    }
    expect(total).toBe(pending);
    expect(runs).toBe(Math.ceil(pending! / 2));
    expect(await keyIdOf(repo, 'oldsigned', '1.0.0')).toBe(ED25519_FINGERPRINT);
    expect(await keyIdOf(repo, 'oldsigned', '2.0.0')).toBe(ED25519_FINGERPRINT);
    // Unreadable: remembered as '', so the next run does not take it again.
    expect(await keyIdOf(repo, 'oldsigned', '3.0.0')).toBe('');
    expect(await backfillProvenanceKeyIds(env)).toBe(0);
  });

  it('the backfill remembers a .prov whose blob is gone', async () => {
    const repo = await createRepository(env.DB);
    const { archive, prov } = await chartWithProv('goneprov', '1.0.0');
    await pushChartOci(repo, 'goneprov', archive, '1.0.0', { prov, expectStatus: 201 });
    await env.DB.prepare(
      `UPDATE chart_versions SET prov_key_id = NULL, prov_digest = 'sha256:' || hex(randomblob(32))
       WHERE name = 'goneprov'`,
    ).run();
    expect(await backfillProvenanceKeyIds(env)).toBeGreaterThanOrEqual(1);
    expect(await keyIdOf(repo, 'goneprov', '1.0.0')).toBe('');
  });
});
