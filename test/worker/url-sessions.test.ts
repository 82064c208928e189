// Upload sessions held in their URL: POST then one PUT needs no Durable Object; the first PATCH
// moves the session into one; a used, cancelled, tampered or foreign URL is unknown.
import { listDurableObjectIds } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { expectOciError, randomBytes, request, sha256, uniqueName } from '../helpers/oci';

async function start(name: string): Promise<string> {
  const res = await request('POST', `/v2/${name}/blobs/uploads/`);
  expect(res.status).toBe(202);
  return res.headers.get('location')!;
}

describe('URL-held upload sessions', () => {
  it('POST then PUT stores the blob without any Durable Object, and the URL is then used up', async () => {
    const before = (await listDurableObjectIds(env.UPLOADS)).length;
    const name = uniqueName('url');
    const location = await start(name);
    const status = await request('GET', location);
    expect(status.status).toBe(204);
    expect(status.headers.get('range')).toBe('0-0');
    const bytes = randomBytes(3000);
    const digest = await sha256(bytes);
    expect((await request('PUT', `${location}?digest=${digest}`, { body: bytes })).status).toBe(
      201,
    );
    expect((await listDurableObjectIds(env.UPLOADS)).length).toBe(before);
    await expectOciError(await request('GET', location), 404, 'BLOB_UPLOAD_UNKNOWN');
    await expectOciError(
      await request('PUT', `${location}?digest=${digest}`, { body: bytes }),
      404,
      'BLOB_UPLOAD_UNKNOWN',
    );
    expect(
      new Uint8Array(await (await request('GET', `/v2/${name}/blobs/${digest}`)).arrayBuffer()),
    ).toEqual(bytes);
  });

  it('a PUT without Content-Length (chunked transfer) is streamed too', async () => {
    const name = uniqueName('url');
    const location = await start(name);
    const bytes = randomBytes(100_000);
    const body = new ReadableStream({
      start(controller) {
        controller.enqueue(bytes.slice(0, 50_000));
        controller.enqueue(bytes.slice(50_000));
        controller.close();
      },
    });
    const res = await request('PUT', `${location}?digest=${await sha256(bytes)}`, { body });
    expect(res.status).toBe(201);
  });

  it('the first PATCH moves the session into a Durable Object with a new Location', async () => {
    const name = uniqueName('url');
    const location = await start(name);
    const bytes = randomBytes(1000);
    const patched = await request('PATCH', location, {
      body: bytes.slice(0, 400),
      headers: { 'content-range': '0-399' },
    });
    expect(patched.status).toBe(202);
    const moved = patched.headers.get('location')!;
    expect(moved).toMatch(/\/blobs\/uploads\/[0-9a-f]{64}$/);
    expect(patched.headers.get('range')).toBe('0-399');
    await expectOciError(
      await request('PATCH', location, { body: 'x' }),
      404,
      'BLOB_UPLOAD_UNKNOWN',
    );
    expect(
      (await request('PUT', `${moved}?digest=${await sha256(bytes)}`, { body: bytes.slice(400) }))
        .status,
    ).toBe(201);
  });

  it('refuses a first chunk that does not start at 0 with 416', async () => {
    const location = await start(uniqueName('url'));
    const res = await request('PATCH', location, {
      body: 'abc',
      headers: { 'content-range': '5-7' },
    });
    expect(res.headers.get('range')).toBe('0-0');
    await expectOciError(res, 416, 'BLOB_UPLOAD_INVALID');
  });

  it('DELETE cancels; a digest mismatch ends the session', async () => {
    const name = uniqueName('url');
    const cancelled = await start(name);
    expect((await request('DELETE', cancelled)).status).toBe(204);
    await expectOciError(await request('GET', cancelled), 404, 'BLOB_UPLOAD_UNKNOWN');
    await expectOciError(await request('DELETE', cancelled), 404, 'BLOB_UPLOAD_UNKNOWN');

    const mismatched = await start(name);
    await expectOciError(
      await request('PUT', `${mismatched}?digest=${await sha256('other')}`, { body: 'data' }),
      400,
      'DIGEST_INVALID',
    );
    await expectOciError(await request('GET', mismatched), 404, 'BLOB_UPLOAD_UNKNOWN');
  });

  it('a tampered URL, or one for another name, is unknown', async () => {
    const name = uniqueName('url');
    const location = await start(name);
    const id = location.split('/').pop()!;
    const tampered = `${id.slice(0, -2)}${id.endsWith('00') ? '11' : '00'}`;
    await expectOciError(
      await request('GET', `/v2/${name}/blobs/uploads/${tampered}`),
      404,
      'BLOB_UPLOAD_UNKNOWN',
    );
    await expectOciError(
      await request('GET', `/v2/${uniqueName('url')}/blobs/uploads/${id}`),
      404,
      'BLOB_UPLOAD_UNKNOWN',
    );
    await expectOciError(
      await request('GET', `/v2/${name}/blobs/uploads/u1.garbage`),
      404,
      'BLOB_UPLOAD_UNKNOWN',
    );
  });
});
