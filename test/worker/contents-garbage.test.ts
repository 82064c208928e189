// Garbage collection of extracted chart contents (src/gc/orphan-contents.ts): the D1 rows and R2
// bodies of deleted versions and repositories go, those still used and young objects stay.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../src/gc/collect-garbage';
import { chartBodiesKey } from '../../src/storage/r2-keys';
import { buildChart, createRepository, pushChartOci, repositoryId } from '../helpers/charts';
import { request, sha256 } from '../helpers/oci';

const HOUR = 3600;
const later = () => Math.floor(Date.now() / 1000) + 2 * 24 * HOUR;

/** A chart whose extracted bodies are over 16 KiB, so they live in R2. */
const bigChart = (name: string, version = '1.0.0') =>
  buildChart({ name, version, files: { 'README.md': `# ${name}\n\n${'words '.repeat(5000)}` } });

async function contentsRow(repositoryId: number, archiveDigest: string) {
  return env.DB.prepare(
    `SELECT bodies_r2_key FROM chart_contents WHERE repository_id = ?1 AND archive_digest = ?2`,
  )
    .bind(repositoryId, archiveDigest)
    .first<{ bodies_r2_key: string | null }>();
}

async function published(repo: string, name: string, archive: Uint8Array<ArrayBuffer>) {
  await pushChartOci(repo, name, archive, '1.0.0', { expectStatus: 201 });
  const id = await repositoryId(env.DB, repo);
  const digest = await sha256(archive);
  const row = await contentsRow(id, digest);
  expect(row?.bodies_r2_key).toBe(chartBodiesKey(id, digest));
  expect(await env.BLOBS.head(row!.bodies_r2_key!)).not.toBeNull();
  return { id, digest, key: row!.bodies_r2_key! };
}

describe('garbage collection of chart contents', () => {
  it('removes the row and the R2 bodies of a deleted version', async () => {
    const repo = await createRepository(env.DB);
    const big = await published(repo, 'gone', await bigChart('gone'));
    const small = await buildChart({ name: 'gone-small', version: '1.0.0' });
    await pushChartOci(repo, 'gone-small', small, '1.0.0', { expectStatus: 201 });
    const smallDigest = await sha256(small);
    expect((await contentsRow(big.id, smallDigest))?.bodies_r2_key).toBeNull(); // inline

    for (const chart of ['gone', 'gone-small'])
      expect(
        (await request('DELETE', `/repositories/${repo}/api/charts/${chart}/1.0.0`)).status,
      ).toBe(200);
    const report = await collectGarbage(env, later());
    expect(report.contentsDeleted).toBeGreaterThanOrEqual(2);
    expect(report.contentObjectsDeleted).toBeGreaterThanOrEqual(1);
    expect(await contentsRow(big.id, big.digest)).toBeNull();
    expect(await contentsRow(big.id, smallDigest)).toBeNull();
    expect(await env.BLOBS.head(big.key)).toBeNull();
  });

  it('keeps contents a version still uses: another OCI name, another repository', async () => {
    const repo = await createRepository(env.DB);
    const other = await createRepository(env.DB);
    const archive = await bigChart('kept');
    const here = await published(repo, 'kept', archive);
    const pushed = await pushChartOci(repo, 'coll/kept', archive, '1.0.0', { expectStatus: 201 });
    const there = await published(other, 'kept', archive);

    // An OCI delete of one name leaves the version (the other name carries it).
    expect(
      (await request('DELETE', `/v2/${repo}/coll/kept/manifests/${pushed.digest}`)).status,
    ).toBe(202);
    // The other repository deletes its copy of the same archive.
    expect((await request('DELETE', `/repositories/${other}/api/charts/kept/1.0.0`)).status).toBe(
      200,
    );
    await collectGarbage(env, later());

    expect(await contentsRow(here.id, here.digest)).not.toBeNull();
    expect(await env.BLOBS.head(here.key)).not.toBeNull();
    expect(await contentsRow(there.id, there.digest)).toBeNull();
    expect(await env.BLOBS.head(there.key)).toBeNull();
  });

  it('removes the bodies of a deleted repository', async () => {
    const created = await request('POST', '/api/repositories', {
      body: JSON.stringify({ storage: 'default', name: `gc-contents-${Date.now()}` }),
      headers: { 'content-type': 'application/json' },
    });
    expect(created.status).toBe(201);
    const { id, storage, name } = await created.json<{
      id: number;
      storage: string;
      name: string;
    }>();
    const big = await published(`${storage}/${name}`, 'repo-gone', await bigChart('repo-gone'));
    expect(big.id).toBe(id);

    expect((await request('DELETE', `/api/repositories/${id}`)).status).toBe(200);
    expect(await contentsRow(id, big.digest)).toBeNull(); // the rows cascade
    expect(await env.BLOBS.head(big.key)).not.toBeNull();
    await collectGarbage(env, later());
    expect(await env.BLOBS.head(big.key)).toBeNull();
  });

  it('leaves young objects alone: a publish puts its bodies before its D1 batch', async () => {
    const repo = await createRepository(env.DB);
    const big = await published(repo, 'young', await bigChart('young'));
    expect((await request('DELETE', `/repositories/${repo}/api/charts/young/1.0.0`)).status).toBe(
      200,
    );
    // A publish in flight: its object is written, its row not yet.
    const inFlight = chartBodiesKey(big.id, 'sha256:' + 'ab'.repeat(32));
    await env.BLOBS.put(inFlight, 'bodies');
    // Another kind of key under contents/ is not the collection's to delete.
    await env.BLOBS.put('contents/notes.txt', 'not bodies');

    await collectGarbage(env);
    expect(await contentsRow(big.id, big.digest)).toBeNull(); // rows need no grace period
    expect(await env.BLOBS.head(big.key)).not.toBeNull();
    expect(await env.BLOBS.head(inFlight)).not.toBeNull();

    await collectGarbage(env, later());
    expect(await env.BLOBS.head(big.key)).toBeNull();
    expect(await env.BLOBS.head(inFlight)).toBeNull();
    expect(await env.BLOBS.head('contents/notes.txt')).not.toBeNull();
  });

  it('keeps the row and bodies of a version published again after its delete', async () => {
    const repo = await createRepository(env.DB);
    const archive = await bigChart('again');
    const first = await published(repo, 'again', archive);
    expect((await request('DELETE', `/repositories/${repo}/api/charts/again/1.0.0`)).status).toBe(
      200,
    );
    await pushChartOci(repo, 'again', archive, '1.0.0', { expectStatus: 201 });
    await collectGarbage(env, later());
    expect((await contentsRow(first.id, first.digest))?.bodies_r2_key).toBe(first.key);
    expect(await env.BLOBS.head(first.key)).not.toBeNull();
  });
});
