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
    expect(
      (await request('PUT', `${moved}?digest=${await sha256(bytes)}`, { body: bytes.slice(400) }))
        .status,
    ).toBe(201);
  });

  it('the POST Location keeps addressing the session after the first PATCH (conformance: retry a chunk, ask the status)', async () => {
    const name = uniqueName('url');
    const location = await start(name);
    const bytes = randomBytes(1000);
    const chunk = { body: bytes.slice(0, 400), headers: { 'content-range': '0-399' } };
    const moved = (await request('PATCH', location, chunk)).headers.get('location')!;

    // Retrying the first chunk on the POST's Location: 416 with the session's range, not 404.
    const retried = await request('PATCH', location, chunk);
    expect(retried.headers.get('range')).toBe('0-399');
    expect(retried.headers.get('location')).toBe(moved);
    await expectOciError(retried, 416, 'BLOB_UPLOAD_INVALID');
    const status = await request('GET', location);
    expect(status.status).toBe(204);
    expect(status.headers.get('range')).toBe('0-399');
    expect(status.headers.get('location')).toBe(moved);

    // The next chunk on either Location continues the same session.
    const second = await request('PATCH', location, {
      body: bytes.slice(400, 700),
      headers: { 'content-range': '400-699' },
    });
    expect(second.status).toBe(202);
    expect(second.headers.get('range')).toBe('0-699');
    expect((await request('GET', moved)).headers.get('range')).toBe('0-699');

    // A PUT on the POST's Location finishes that session with its last chunk.
    const digest = await sha256(bytes);
    const put = await request('PUT', `${location}?digest=${digest}`, { body: bytes.slice(700) });
    expect(put.status, await put.clone().text()).toBe(201);
    expect(
      new Uint8Array(await (await request('GET', `/v2/${name}/blobs/${digest}`)).arrayBuffer()),
    ).toEqual(bytes);

    // Finished: every Location it ever had is unknown, for every method.
    for (const url of [location, moved]) {
      await expectOciError(await request('GET', url), 404, 'BLOB_UPLOAD_UNKNOWN');
      await expectOciError(await request('PATCH', url, chunk), 404, 'BLOB_UPLOAD_UNKNOWN');
      await expectOciError(
        await request('PUT', `${url}?digest=${digest}`, { body: bytes }),
        404,
        'BLOB_UPLOAD_UNKNOWN',
      );
      await expectOciError(await request('DELETE', url), 404, 'BLOB_UPLOAD_UNKNOWN');
    }
  });

  it('a PUT of a big last chunk on the POST Location of a moved session is handed to it', async () => {
    const name = uniqueName('url');
    const location = await start(name);
    const bytes = randomBytes(200_000);
    const first = await request('PATCH', location, {
      body: bytes.slice(0, 1000),
      headers: { 'content-range': '0-999' },
    });
    expect(first.status).toBe(202);
    const digest = await sha256(bytes);
    const put = await request('PUT', `${location}?digest=${digest}`, { body: bytes.slice(1000) });
    expect(put.status, await put.clone().text()).toBe(201);
    expect(
      new Uint8Array(await (await request('GET', `/v2/${name}/blobs/${digest}`)).arrayBuffer()),
    ).toEqual(bytes);
  });

  it('a session moved and then cancelled is unknown under both Locations', async () => {
    const name = uniqueName('url');
    const location = await start(name);
    const chunk = { body: 'abc', headers: { 'content-range': '0-2' } };
    const moved = (await request('PATCH', location, chunk)).headers.get('location')!;
    expect((await request('DELETE', location)).status).toBe(204);
    for (const url of [location, moved]) {
      await expectOciError(await request('GET', url), 404, 'BLOB_UPLOAD_UNKNOWN');
      await expectOciError(await request('PATCH', url, chunk), 404, 'BLOB_UPLOAD_UNKNOWN');
      await expectOciError(await request('DELETE', url), 404, 'BLOB_UPLOAD_UNKNOWN');
    }
  });

  it('a session id is one exact string: a suffix, a prefix or another case is unknown, so an ended session never reopens', async () => {
    const name = uniqueName('url');
    const bytes = randomBytes(3000);
    const digest = await sha256(bytes);
    const finished = await start(name);
    expect((await request('PUT', `${finished}?digest=${digest}`, { body: bytes })).status).toBe(
      201,
    );
    const cancelled = await start(name);
    expect((await request('DELETE', cancelled)).status).toBe(204);
    const moved = (
      await request('PATCH', await start(name), {
        body: 'abc',
        headers: { 'content-range': '0-2' },
      })
    ).headers.get('location')!;
    const fresh = await start(name);
    for (const location of [finished, cancelled, moved, fresh]) {
      const id = location.split('/').pop()!;
      const base = location.slice(0, -id.length);
      const variants = [
        `${id}.x`,
        `${id}.`,
        `${id}.${id.split('.').pop()}`,
        `${id}%00`,
        `x${id}`,
        id.toUpperCase(),
        `${id.slice(0, -1)}`,
      ];
      for (const variant of variants) {
        const url = `${base}${variant}`;
        await expectOciError(
          await request('PUT', `${url}?digest=${digest}`, { body: bytes }),
          404,
          'BLOB_UPLOAD_UNKNOWN',
        );
        await expectOciError(
          await request('PATCH', url, { body: 'z' }),
          404,
          'BLOB_UPLOAD_UNKNOWN',
        );
        await expectOciError(await request('GET', url), 404, 'BLOB_UPLOAD_UNKNOWN');
        await expectOciError(await request('DELETE', url), 404, 'BLOB_UPLOAD_UNKNOWN');
      }
    }
    // The exact fresh one still works.
    expect((await request('PUT', `${fresh}?digest=${digest}`, { body: bytes })).status).toBe(201);
  });

  it('a finished URL-held session cannot be finished twice: the second PUT creates nothing', async () => {
    const name = uniqueName('url');
    const location = await start(name);
    const bytes = randomBytes(3000);
    const digest = await sha256(bytes);
    expect((await request('PUT', `${location}?digest=${digest}`, { body: bytes })).status).toBe(
      201,
    );
    const objects = async () => (await env.BLOBS.list({ prefix: 'blobs/' })).objects.length;
    const before = await objects();
    const other = randomBytes(300_000);
    for (const [body, sent] of [
      [bytes, digest],
      [other, await sha256(other)],
      [new Uint8Array([1, 2, 3]), await sha256(new Uint8Array([1, 2, 3]))],
    ] as const) {
      await expectOciError(
        await request('PUT', `${location}?digest=${sent}`, { body }),
        404,
        'BLOB_UPLOAD_UNKNOWN',
      );
    }
    await expectOciError(
      await request('GET', `/v2/${name}/blobs/${await sha256(other)}`),
      404,
      'BLOB_UNKNOWN',
    );
    expect(await objects()).toBe(before);
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
