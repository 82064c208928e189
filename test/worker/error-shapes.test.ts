// Each surface answers every error in its own shape: OCI JSON on /v2, `{"error"}` elsewhere.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildChart, createRepository, fakeProvenance, putChartHttp } from '../helpers/charts';
import { expectOciError, randomBytes, request, sha256 } from '../helpers/oci';

async function expectApiError(res: Response, status: number, message: RegExp): Promise<void> {
  const text = await res.text();
  expect(res.status, text).toBe(status);
  expect(res.headers.get('content-type')).toMatch(/^application\/json/);
  const body = JSON.parse(text) as Record<string, unknown>;
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toMatch(message);
}

/** A repository in a storage whose bucket binding is not configured: its R2 writes fail unexpectedly. */
async function repositoryWithoutBucket(): Promise<string> {
  const storage = `nobucket${Math.random().toString(36).slice(2, 8)}`;
  await env.DB.prepare(`INSERT INTO storages (name, bucket) VALUES (?1, 'NO_SUCH_BUCKET')`)
    .bind(storage)
    .run();
  await env.DB.prepare(
    `INSERT INTO repositories (storage_id, name) SELECT id, 'repo' FROM storages WHERE name = ?1`,
  )
    .bind(storage)
    .run();
  return `${storage}/repo`;
}

describe('error shapes', () => {
  let repo: string;
  beforeAll(async () => {
    repo = await createRepository(env.DB);
  });

  it('a stored manifest that no longer parses answers the ChartMuseum API in its shape, not OCI', async () => {
    // attachProvenance re-reads the version's OCI manifest (parseManifest) to add the layer.
    const archive = await buildChart({ name: 'reparse', version: '1.0.0' });
    expect((await putChartHttp(repo, archive, 'reparse-1.0.0.tgz')).status).toBe(201);
    await env.DB.prepare(
      `UPDATE manifests SET content = 'not json' WHERE digest =
         (SELECT manifest_digest FROM chart_versions WHERE name = 'reparse' AND version = '1.0.0')`,
    ).run();
    const prov = fakeProvenance('reparse', '1.0.0', await sha256(archive));
    const res = await request('POST', `/repositories/${repo}/api/prov`, { body: prov });
    await expectApiError(res, 400, /manifest is not valid JSON/);
  });

  it('a chart domain error keeps its status and message on the HTTP API (409, 400)', async () => {
    const archive = await buildChart({ name: 'twice', version: '1.0.0' });
    expect((await putChartHttp(repo, archive, 'twice-1.0.0.tgz')).status).toBe(201);
    const other = await buildChart({ name: 'twice', version: '1.0.0', description: 'other' });
    await expectApiError(
      await putChartHttp(repo, other, 'twice-1.0.0.tgz'),
      409,
      /already exists|immutable/,
    );
    const garbage = new Uint8Array(new TextEncoder().encode('not a chart'));
    await expectApiError(
      await putChartHttp(repo, garbage, 'garbage-1.0.0.tgz'),
      400,
      /gzip|chart archive/,
    );
  });

  it('an unknown /v2 path is OCI-shaped; an unknown path elsewhere is {"error"}', async () => {
    await expectOciError(await request('GET', '/v2/nothing-here'), 404, 'UNSUPPORTED');
    await expectOciError(await request('POST', `/v2/${repo}/app/tags/list`), 405, 'UNSUPPORTED');
    await expectApiError(await request('POST', '/v2'), 404, /no route for POST \/v2/);
    await expectApiError(await request('GET', '/nothing-here'), 404, /no route/);
    await expectApiError(
      await request('GET', `/repositories/${repo}/nothing/here/x`),
      404,
      /no route/,
    );
  });

  it('an unexpected failure is a 500 without internals: UNKNOWN on /v2, {"error"} elsewhere', async () => {
    const broken = await repositoryWithoutBucket();
    const bytes = randomBytes(64 * 1024);
    const upload = await request(
      'POST',
      `/v2/${broken}/app/blobs/uploads/?digest=${await sha256(bytes)}`,
      { body: bytes },
    );
    expect(await expectOciError(upload, 500, 'UNKNOWN')).toBeNull();

    const big = await buildChart({
      name: 'big',
      version: '1.0.0',
      files: { 'blob.txt': [...randomBytes(48 * 1024)].map((b) => b.toString(16)).join('') },
    });
    await expectApiError(
      await putChartHttp(broken, big, 'big-1.0.0.tgz'),
      500,
      /^internal server error$/,
    );
  });
});
