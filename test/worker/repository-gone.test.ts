// A repository deleted while an upload into it is under way: the upload ends with NAME_UNKNOWN
// and leaves nothing behind (no blob row, no R2 object).
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { INLINE_BLOB_LIMIT } from '../../src/storage/blob-bytes';
import { expectOciError, randomBytes, request, sha256 } from '../helpers/oci';

async function newRepository(): Promise<{ id: number; name: string }> {
  const name = `gone-${Math.random().toString(36).slice(2, 8)}`;
  const res = await request('POST', '/api/repositories', {
    body: JSON.stringify({ storage: 'default', name }),
    headers: { 'content-type': 'application/json' },
  });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: number; name: string };
}

async function r2Keys(): Promise<string[]> {
  const page = await env.BLOBS.list({ prefix: 'blobs/' });
  return page.objects.map((o) => o.key);
}

describe('a repository deleted during an upload', () => {
  for (const [kind, size] of [
    ['inline', 1000],
    ['in R2', INLINE_BLOB_LIMIT + 1000],
  ] as const) {
    it(`refuses the finishing PUT (${kind}) with NAME_UNKNOWN and keeps nothing`, async () => {
      const repo = await newRepository();
      const name = `default/${repo.name}/app`;
      const start = await request('POST', `/v2/${name}/blobs/uploads/`);
      expect(start.status).toBe(202);
      expect((await request('DELETE', `/api/repository/${repo.id}`)).status).toBe(200);
      const before = await r2Keys();

      const bytes = randomBytes(size);
      const digest = await sha256(bytes);
      const put = await request('PUT', `${start.headers.get('location')}?digest=${digest}`, {
        body: bytes,
      });
      await expectOciError(put, 404, 'NAME_UNKNOWN');
      const row = await env.DB.prepare('SELECT 1 FROM blobs WHERE digest = ?1')
        .bind(digest)
        .first();
      expect(row).toBeNull();
      expect(await r2Keys()).toEqual(before);
    });
  }

  it('refuses the finishing PUT of a chunked session with NAME_UNKNOWN and keeps nothing', async () => {
    const repo = await newRepository();
    const name = `default/${repo.name}/app`;
    const before = await r2Keys();
    const start = await request('POST', `/v2/${name}/blobs/uploads/`);
    const bytes = randomBytes(INLINE_BLOB_LIMIT + 1000);
    const patch = await request('PATCH', start.headers.get('location')!, {
      body: bytes,
      headers: { 'content-range': `0-${bytes.byteLength - 1}` },
    });
    expect(patch.status).toBe(202);
    expect((await request('DELETE', `/api/repository/${repo.id}`)).status).toBe(200);

    const digest = await sha256(bytes);
    const put = await request('PUT', `${patch.headers.get('location')}?digest=${digest}`);
    await expectOciError(put, 404, 'NAME_UNKNOWN');
    const row = await env.DB.prepare('SELECT 1 FROM blobs WHERE digest = ?1').bind(digest).first();
    expect(row).toBeNull();
    expect(await r2Keys()).toEqual(before);
  });
});
