// Garbage collection: unreferenced blobs go (rows and R2 objects), referenced and recent ones stay,
// uploads in progress are untouched, and a push racing the collection fails cleanly.
import { env } from 'cloudflare:workers';
import {
  createScheduledController,
  createExecutionContext,
  waitOnExecutionContext,
} from 'cloudflare:test';
import { describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { collectGarbage } from '../../src/gc/collect-garbage';
import { deleteOrphanObjects } from '../../src/gc/orphan-objects';
import { INLINE_BLOB_LIMIT } from '../../src/storage/blob-bytes';
import { newBlobKey } from '../../src/storage/blob-writes';
import { buildChart, createRepository, pushChartOci } from '../helpers/charts';
import {
  expectOciError,
  pushBlob,
  pushImage,
  randomBytes,
  request,
  sha256,
  uniqueName,
} from '../helpers/oci';

const HOUR = 3600;
const later = () => Math.floor(Date.now() / 1000) + 2 * 24 * HOUR;

async function blobRow(digest: string) {
  return env.DB.prepare(`SELECT r2_key FROM blobs WHERE digest = ?1`)
    .bind(digest)
    .first<{ r2_key: string }>();
}

describe('garbage collection', () => {
  it('deletes blobs nothing references once the grace period has passed, and keeps shared ones', async () => {
    const name = uniqueName('gc');
    const shared = await pushBlob(name, 'shared layer');
    const bigLayer = 'big, only in a '.repeat(INLINE_BLOB_LIMIT / 8);
    const a = await pushImage(name, 'a', { layers: ['only in a', bigLayer, 'shared layer'] });
    await pushImage(name, 'b', { layers: ['shared layer'] });
    const onlyA = await sha256('only in a');
    const bigOnlyA = await sha256(bigLayer);
    expect((await blobRow(onlyA))!.r2_key).toBe(''); // inline in D1: no object
    const bigKey = (await blobRow(bigOnlyA))!.r2_key;
    expect(await env.BLOBS.head(bigKey)).not.toBeNull();

    // Right after the delete, the grace period still protects the blob.
    expect((await request('DELETE', `/v2/${name}/manifests/${a.digest}`)).status).toBe(202);
    await collectGarbage(env);
    expect(await blobRow(onlyA)).not.toBeNull();

    const report = await collectGarbage(env, later());
    expect(report.blobsDeleted).toBeGreaterThanOrEqual(2);
    expect(await blobRow(onlyA)).toBeNull();
    expect(await blobRow(bigOnlyA)).toBeNull();
    expect(await env.BLOBS.head(bigKey)).toBeNull();
    await expectOciError(await request('GET', `/v2/${name}/blobs/${onlyA}`), 404, 'BLOB_UNKNOWN');
    expect(await blobRow(shared)).not.toBeNull();
    expect((await request('GET', `/v2/${name}/blobs/${shared}`)).status).toBe(200);
    expect((await request('GET', `/v2/${name}/manifests/b`)).status).toBe(200);
  });

  it('removes the archive of a deleted chart version', async () => {
    const repo = await createRepository(env.DB);
    const archive = await buildChart({ name: 'collected', version: '1.0.0' });
    const pushed = await pushChartOci(repo, 'collected', archive, '1.0.0', { expectStatus: 201 });
    const key = (await blobRow(pushed.chartDigest))!.r2_key;
    expect(
      (await request('DELETE', `/repositories/${repo}/api/charts/collected/1.0.0`)).status,
    ).toBe(200);
    await collectGarbage(env, later());
    expect(await blobRow(pushed.chartDigest)).toBeNull();
    if (key) expect(await env.BLOBS.head(key)).toBeNull();
  });

  it('leaves a blob that an upload just finished alone, even when it is old and unreferenced', async () => {
    const name = uniqueName('gc');
    const digest = await pushBlob(name, 'old bytes');
    await env.DB.prepare(`UPDATE blobs SET created_at = created_at - 10 * 86400 WHERE digest = ?1`)
      .bind(digest)
      .run();
    await env.DB.prepare(
      `UPDATE package_blobs SET created_at = created_at - 10 * 86400 WHERE digest = ?1`,
    )
      .bind(digest)
      .run();
    // Uploaded again now (as a client would before pushing a manifest): the link is refreshed.
    await pushBlob(uniqueName('gc'), 'old bytes');
    await collectGarbage(env, Math.floor(Date.now() / 1000) + HOUR);
    expect(await blobRow(digest)).not.toBeNull();
  });

  it('does not touch uploads in progress', async () => {
    const name = uniqueName('gc');
    const blob = randomBytes(9 * 1024 * 1024);
    const start = await request('POST', `/v2/${name}/blobs/uploads/`);
    const patched = await request('PATCH', start.headers.get('location')!, {
      body: blob.slice(0, 8 * 1024 * 1024 + 1),
      headers: { 'content-range': `0-${8 * 1024 * 1024}` },
    });
    const location = patched.headers.get('location')!;
    await collectGarbage(env, later());
    const put = await request('PUT', `${location}?digest=${await sha256(blob)}`, {
      body: blob.slice(8 * 1024 * 1024 + 1),
    });
    expect(put.status).toBe(201);
  });

  it('a manifest push that races the collection fails with MANIFEST_BLOB_UNKNOWN instead of leaving a dangling reference', async () => {
    const { putManifest } = await import('../../src/storage/manifest-writes');
    const name = uniqueName('gc');
    await pushImage(name, 'v1');
    const pkg = await env.DB.prepare(`SELECT id FROM packages WHERE name = ?1`)
      .bind(name.split('/').slice(2).join('/'))
      .first<{ id: number }>();
    const vanished = await sha256('collected meanwhile');
    await expect(
      putManifest(env.DB, {
        nameId: pkg!.id,
        digest: await sha256('m'),
        mediaType: 'application/vnd.oci.image.manifest.v1+json',
        size: 1,
        content: 'm',
        artifactType: null,
        subject: null,
        annotations: null,
        blobReferences: [vanished],
        manifestReferences: [],
        tag: 'race',
      }),
    ).rejects.toThrow(/CHECK constraint failed/);
    await expectOciError(
      await request('GET', `/v2/${name}/manifests/race`),
      404,
      'MANIFEST_UNKNOWN',
    );
  });

  it('runs from the Cron Trigger', async () => {
    const ctx = createExecutionContext();
    await worker.scheduled!(
      createScheduledController({ scheduledTime: Date.now(), cron: '17 * * * *' }),
      env,
      ctx,
    );
    await waitOnExecutionContext(ctx);
  });

  it('finds an object a direct upload wrote but never committed (Worker killed before D1) and deletes it after the grace period', async () => {
    const name = uniqueName('gc');
    // A committed direct upload (POST, then PUT streamed to R2) beside it must stay.
    const started = await request('POST', `/v2/${name}/blobs/uploads/`);
    const kept = randomBytes(INLINE_BLOB_LIMIT + 1000);
    const keptDigest = await sha256(kept);
    const put = await request('PUT', `${started.headers.get('location')}?digest=${keptDigest}`, {
      body: kept,
    });
    expect(put.status).toBe(201);
    const keptKey = (await blobRow(keptDigest))!.r2_key;
    expect(keptKey).toMatch(/^blobs\/w\/\d{4}-\d\d-\d\dT\d\d\//);
    // The killed upload: its object is written under a fresh key, and no commit follows.
    const orphan = newBlobKey();
    await env.BLOBS.put(orphan, randomBytes(2000));

    const now = Math.floor(Date.now() / 1000);
    // Within the grace period it is left alone: its upload may still be committing.
    expect((await collectGarbage(env, now)).orphansDeleted).toBe(0);
    expect(await env.BLOBS.head(orphan)).not.toBeNull();

    // Past it, the orphan goes and the committed object stays (the blob itself is unreferenced,
    // so only the orphan sweep runs here; the blob sweep is covered above).
    const cutoff = now + HOUR;
    expect(await deleteOrphanObjects(env.DB, env.BLOBS, cutoff)).toBeGreaterThanOrEqual(1);
    expect(await env.BLOBS.head(orphan)).toBeNull();
    expect(await env.BLOBS.head(keptKey)).not.toBeNull();
    const got = await request('GET', `/v2/${name}/blobs/${keptDigest}`);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(kept);
  });
});
