// Chunked uploads through the session Durable Object: re-cut parts, ranges, status, cancel, eviction, expiry (over 300 lines: each case needs its session).
import { evictDurableObject, runDurableObjectAlarm, runInDurableObject } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import type { SessionState } from '../../src/uploads/session-state';
import { expectOciError, randomBytes, request, sha256, uniqueName } from '../helpers/oci';

const MiB = 1024 * 1024;

/**
 * Starts a session and moves it into its Durable Object with an empty first PATCH, returning the
 * Location to use from then on (clients always follow the most recent Location).
 */
async function startUpload(name: string): Promise<string> {
  const res = await request('POST', `/v2/${name}/blobs/uploads/`);
  expect(res.status).toBe(202);
  const moved = await request('PATCH', res.headers.get('location')!);
  expect(moved.status, await moved.clone().text()).toBe(202);
  const location = moved.headers.get('location')!;
  expect(location).toMatch(/\/blobs\/uploads\/[0-9a-f]{64}$/);
  return location;
}

function patch(location: string, chunk: Uint8Array<ArrayBuffer>, start: number | null) {
  const headers: Record<string, string> = { 'content-type': 'application/octet-stream' };
  if (start !== null) headers['content-range'] = `${start}-${start + chunk.byteLength - 1}`;
  return request('PATCH', location, { body: chunk, headers });
}

function sessionStub(location: string) {
  return env.UPLOADS.get(env.UPLOADS.idFromString(location.split('/').pop()!));
}

describe('chunked upload', () => {
  it('a 64 MiB blob in uneven chunks (3 MiB, 7 MiB, 1 byte, the rest) round-trips', async () => {
    const name = uniqueName('big');
    const blob = randomBytes(64 * MiB);
    const digest = await sha256(blob);
    const location = await startUpload(name);
    const cuts = [0, 3 * MiB, 10 * MiB, 10 * MiB + 1, blob.byteLength];
    for (let i = 0; i + 1 < cuts.length; i++) {
      const res = await patch(location, blob.slice(cuts[i], cuts[i + 1]), cuts[i]!);
      expect(res.status, await res.clone().text()).toBe(202);
      expect(res.headers.get('range')).toBe(`0-${cuts[i + 1]! - 1}`);
      expect(res.headers.get('location')).toBe(location);
    }
    const put = await request('PUT', `${location}?digest=${digest}`);
    expect(put.status, await put.clone().text()).toBe(201);

    const got = await request('GET', `/v2/${name}/blobs/${digest}`);
    expect(got.headers.get('content-length')).toBe(String(64 * MiB));
    expect(await sha256(new Uint8Array(await got.arrayBuffer()))).toBe(digest);
    // Ranges across the 8 MiB part boundaries and at the very end.
    for (const [from, to] of [
      [8 * MiB - 5, 8 * MiB + 5],
      [3 * MiB - 1, 10 * MiB + 1],
      [64 * MiB - 3, 64 * MiB - 1],
    ] as const) {
      const part = await request('GET', `/v2/${name}/blobs/${digest}`, {
        headers: { range: `bytes=${from}-${to}` },
      });
      expect(part.status).toBe(206);
      expect(new Uint8Array(await part.arrayBuffer())).toEqual(blob.slice(from, to + 1));
    }
  });

  it('PATCH without Content-Range appends (Docker: one PATCH then PUT)', async () => {
    const name = uniqueName();
    const blob = randomBytes(300_000);
    const digest = await sha256(blob);
    const location = await startUpload(name);
    const first = await patch(location, blob.slice(0, 100_000), null);
    expect(first.headers.get('range')).toBe('0-99999');
    const second = await patch(location, blob.slice(100_000), null);
    expect(second.headers.get('range')).toBe('0-299999');
    const put = await request('PUT', `${location}?digest=${digest}`);
    expect(put.status).toBe(201);
    const got = await request('GET', `/v2/${name}/blobs/${digest}`);
    expect(await sha256(new Uint8Array(await got.arrayBuffer()))).toBe(digest);
  });

  it('a small blob sent in chunks is kept inline in D1, with nothing left in R2', async () => {
    const name = uniqueName();
    const blob = randomBytes(3000);
    const digest = await sha256(blob);
    const location = await startUpload(name);
    expect((await patch(location, blob.slice(0, 1000), 0)).status).toBe(202);
    expect((await patch(location, blob.slice(1000), 1000)).status).toBe(202);
    expect((await request('PUT', `${location}?digest=${digest}`)).status).toBe(201);
    const row = await env.DB.prepare(`SELECT r2_key FROM blobs WHERE digest = ?1`)
      .bind(digest)
      .first<{ r2_key: string }>();
    expect(row!.r2_key).toBe('');
    expect(await env.BLOBS.head(`blobs/${location.split('/').pop()}`)).toBeNull();
    const got = await request('GET', `/v2/${name}/blobs/${digest}`);
    expect(new Uint8Array(await got.arrayBuffer())).toEqual(blob);
  });

  it('a stored tail longer than a part (after a body without Content-Length) is never lost', async () => {
    // 100 KiB, then 8 MiB streamed without Content-Length: the tail is then 8.1 MiB, read
    // lazily into the next streamed part, or whole for a PUT without a body.
    const unsized = (bytes: Uint8Array) =>
      new ReadableStream<Uint8Array>({
        start(controller) {
          controller.enqueue(bytes);
          controller.close();
        },
      });
    for (const ending of ['sized PATCH, then PUT', 'PUT without body'] as const) {
      const name = uniqueName();
      const blob = randomBytes(
        100 * 1024 + 8 * MiB + (ending === 'PUT without body' ? 0 : 2 * MiB),
      );
      const digest = await sha256(blob);
      const location = await startUpload(name);
      const cut = 100 * 1024;
      expect((await patch(location, blob.slice(0, cut), 0)).status).toBe(202);
      const streamed = await request('PATCH', location, {
        body: unsized(blob.slice(cut, cut + 8 * MiB)),
        headers: { 'content-range': `${cut}-${cut + 8 * MiB - 1}` },
      });
      expect(streamed.status, await streamed.clone().text()).toBe(202);
      const state = await runInDurableObject(
        sessionStub(location),
        async (_, st) => (await st.storage.get<SessionState>('state'))!,
      );
      expect([state.parts.length, state.offset]).toEqual([0, cut + 8 * MiB]); // all of it a tail
      if (ending === 'sized PATCH, then PUT') {
        const rest = blob.slice(cut + 8 * MiB);
        expect((await patch(location, rest, cut + 8 * MiB)).status).toBe(202);
      }
      const put = await request('PUT', `${location}?digest=${digest}`);
      expect(put.status, `${ending}: ${await put.clone().text()}`).toBe(201);
      const got = await request('GET', `/v2/${name}/blobs/${digest}`);
      expect(await sha256(new Uint8Array(await got.arrayBuffer()))).toBe(digest);
    }
  });

  it('a final chunk may come with the PUT', async () => {
    const name = uniqueName();
    const blob = randomBytes(9 * MiB + 17);
    const digest = await sha256(blob);
    const location = await startUpload(name);
    expect((await patch(location, blob.slice(0, 9 * MiB), 0)).status).toBe(202);
    const put = await request('PUT', `${location}?digest=${digest}`, {
      body: blob.slice(9 * MiB),
      headers: { 'content-range': `${9 * MiB}-${9 * MiB + 16}` },
    });
    expect(put.status, await put.clone().text()).toBe(201);
    const head = await request('HEAD', `/v2/${name}/blobs/${digest}`);
    expect(head.headers.get('content-length')).toBe(String(blob.byteLength));
  });

  it('out-of-order and overlapping chunks answer 416 with the current range', async () => {
    const name = uniqueName();
    const location = await startUpload(name);
    expect((await patch(location, randomBytes(100), 0)).status).toBe(202);

    const gap = await patch(location, randomBytes(10), 200);
    expect(gap.headers.get('range')).toBe('0-99');
    expect(gap.headers.get('location')).toBe(location);
    await expectOciError(gap, 416, 'BLOB_UPLOAD_INVALID');

    const overlap = await patch(location, randomBytes(10), 50);
    await expectOciError(overlap, 416, 'BLOB_UPLOAD_INVALID');

    const status = await request('GET', location);
    expect(status.status).toBe(204);
    expect(status.headers.get('range')).toBe('0-99');
  });

  it('a Content-Range that disagrees with the body or is malformed is refused without moving the offset', async () => {
    const name = uniqueName();
    const location = await startUpload(name);
    const res = await request('PATCH', location, {
      body: randomBytes(10),
      headers: { 'content-range': '0-99' },
    });
    await expectOciError(res, 400, 'BLOB_UPLOAD_INVALID');
    const garbage = await request('PATCH', location, {
      body: randomBytes(10),
      headers: { 'content-range': 'ten-twenty' },
    });
    await expectOciError(garbage, 416, 'BLOB_UPLOAD_INVALID');
    const status = await request('GET', location);
    expect(status.headers.get('range')).toBe('0-0');
    expect((await patch(location, randomBytes(10), 0)).status).toBe(202);
  });

  it('a body that ends before its Content-Length is refused without moving the offset, even mid-part', async () => {
    const name = uniqueName();
    const blob = randomBytes(11 * MiB);
    const digest = await sha256(blob);
    const location = await startUpload(name);
    const stub = sessionStub(location);
    const fullName = await runInDurableObject(
      stub,
      async (_, state) => (await state.storage.get<SessionState>('state'))!.target.fullName,
    );
    // 9 MiB announced, 8.5 MiB sent: the first part is already on its way to R2 when it ends.
    const short = new Response(blob.slice(0, 8.5 * MiB)).body!;
    expect(await stub.append(fullName, short, null, 9 * MiB)).toMatchObject({
      ok: false,
      error: 'BLOB_UPLOAD_INVALID',
    });
    expect((await request('GET', location)).headers.get('range')).toBe('0-0');
    // The session goes on as if the failed request never happened.
    expect((await patch(location, blob.slice(0, 9 * MiB), 0)).status).toBe(202);
    expect((await patch(location, blob.slice(9 * MiB), 9 * MiB)).status).toBe(202);
    expect((await request('PUT', `${location}?digest=${digest}`)).status).toBe(201);
    const got = await request('GET', `/v2/${name}/blobs/${digest}`);
    expect(await sha256(new Uint8Array(await got.arrayBuffer()))).toBe(digest);
  });

  it('GET reports progress; DELETE cancels; a finished or cancelled session is unknown', async () => {
    const name = uniqueName();
    const location = await startUpload(name);
    const empty = await request('GET', location);
    expect(empty.status).toBe(204);
    expect(empty.headers.get('range')).toBe('0-0');
    expect(empty.headers.get('docker-upload-uuid')).toBe(location.split('/').pop());
    await patch(location, randomBytes(5), 0);
    expect((await request('DELETE', location)).status).toBe(204);
    await expectOciError(await request('GET', location), 404, 'BLOB_UPLOAD_UNKNOWN');
    await expectOciError(
      await request('PATCH', location, { body: 'x' }),
      404,
      'BLOB_UPLOAD_UNKNOWN',
    );
    await expectOciError(await request('DELETE', location), 404, 'BLOB_UPLOAD_UNKNOWN');

    const done = await startUpload(name);
    const bytes = randomBytes(20);
    await request('PUT', `${done}?digest=${await sha256(bytes)}`, { body: bytes });
    await expectOciError(await request('GET', done), 404, 'BLOB_UPLOAD_UNKNOWN');
  });

  it('session ids are bound to their name and must be well-formed', async () => {
    const location = await startUpload(uniqueName());
    const id = location.split('/').pop();
    await expectOciError(
      await request('GET', `/v2/${uniqueName()}/blobs/uploads/${id}`),
      404,
      'BLOB_UPLOAD_UNKNOWN',
    );
    await expectOciError(
      await request('GET', `/v2/${uniqueName()}/blobs/uploads/not-a-session`),
      404,
      'BLOB_UPLOAD_UNKNOWN',
    );
    await expectOciError(
      await request('GET', `/v2/${uniqueName()}/blobs/uploads/${'0'.repeat(64)}`),
      404,
      'BLOB_UPLOAD_UNKNOWN',
    );
  });

  it('PUT without a digest answers DIGEST_INVALID', async () => {
    const location = await startUpload(uniqueName());
    await expectOciError(await request('PUT', location, { body: 'abc' }), 400, 'DIGEST_INVALID');
  });

  it('survives eviction of its Durable Object between chunks', async () => {
    const name = uniqueName();
    const blob = randomBytes(12 * MiB);
    const digest = await sha256(blob);
    const location = await startUpload(name);
    const stub = sessionStub(location);
    expect((await patch(location, blob.slice(0, 5 * MiB), 0)).status).toBe(202);
    await evictDurableObject(stub);
    expect((await patch(location, blob.slice(5 * MiB, 10 * MiB), 5 * MiB)).status).toBe(202);
    await evictDurableObject(stub);
    const status = await request('GET', location);
    expect(status.headers.get('range')).toBe(`0-${10 * MiB - 1}`);
    expect((await patch(location, blob.slice(10 * MiB), 10 * MiB)).status).toBe(202);
    await evictDurableObject(stub);
    expect((await request('PUT', `${location}?digest=${digest}`)).status).toBe(201);
    const got = await request('GET', `/v2/${name}/blobs/${digest}`);
    expect(await sha256(new Uint8Array(await got.arrayBuffer()))).toBe(digest);
  });

  it('each PATCH stores only the bytes it added, in values of at most 1 MiB', async () => {
    const name = uniqueName();
    const blob = randomBytes(2.5 * MiB + 1000);
    const digest = await sha256(blob);
    const location = await startUpload(name);
    const stub = sessionStub(location);
    const stored = () =>
      runInDurableObject(stub, async (_, ctx) => {
        const values = await ctx.storage.list<Uint8Array>({ prefix: 'tail:' });
        return new Map([...values].map(([key, bytes]) => [key, bytes]));
      });
    expect((await patch(location, blob.slice(0, 1.5 * MiB), 0)).status).toBe(202);
    // Mark the first value: a request that rewrote the whole tail would put its bytes back.
    await runInDurableObject(stub, (_, ctx) => ctx.storage.put('tail:0', new Uint8Array(MiB)));
    expect((await patch(location, blob.slice(1.5 * MiB, 2.5 * MiB), 1.5 * MiB)).status).toBe(202);
    const after = await stored();
    expect([...after].map(([key, bytes]) => [key, bytes.byteLength])).toEqual([
      ['tail:0', MiB],
      ['tail:1048576', MiB], // the short value the first request left, filled up
      ['tail:2097152', 0.5 * MiB],
    ]);
    expect(after.get('tail:0')).toEqual(new Uint8Array(MiB));
    expect(after.get('tail:1048576')).toEqual(blob.slice(MiB, 2 * MiB));

    // Put the real bytes back; after an eviction the tail is read back from these values.
    await runInDurableObject(stub, (_, ctx) => ctx.storage.put('tail:0', blob.slice(0, MiB)));
    await evictDurableObject(stub);
    expect((await patch(location, blob.slice(2.5 * MiB), 2.5 * MiB)).status).toBe(202);
    expect((await request('PUT', `${location}?digest=${digest}`)).status).toBe(201);
    const got = await request('GET', `/v2/${name}/blobs/${digest}`);
    expect(await sha256(new Uint8Array(await got.arrayBuffer()))).toBe(digest);
  });

  it('an abandoned upload is aborted by its alarm, and its multipart upload is gone', async () => {
    const name = uniqueName();
    const location = await startUpload(name);
    expect((await patch(location, randomBytes(9 * MiB), 0)).status).toBe(202);
    const stub = sessionStub(location);
    const state = await runInDurableObject(stub, async (_instance, ctx) => {
      const saved = (await ctx.storage.get<SessionState>('state'))!;
      // Pretend the TTL has passed.
      await ctx.storage.put('state', { ...saved, expiresAt: Date.now() - 1 });
      return saved;
    });
    expect(state.multipartId).not.toBeNull();
    expect(await runDurableObjectAlarm(stub)).toBe(true);

    await expectOciError(await request('GET', location), 404, 'BLOB_UPLOAD_UNKNOWN');
    const keys = await runInDurableObject(stub, (_i, ctx) => ctx.storage.list());
    expect(keys.size).toBe(0);
    const aborted = env.BLOBS.resumeMultipartUpload(state.key, state.multipartId!);
    await expect(aborted.uploadPart(2, randomBytes(10))).rejects.toThrow();
    expect(await env.BLOBS.head(state.key)).toBeNull();
  });

  it('an alarm before expiry only re-arms itself', async () => {
    const location = await startUpload(uniqueName());
    const stub = sessionStub(location);
    expect(await runDurableObjectAlarm(stub)).toBe(true);
    expect((await request('GET', location)).status).toBe(204);
  });

  it('two sessions uploading the same blob at once both succeed and store it once', async () => {
    const name = uniqueName();
    const blob = randomBytes(10 * MiB);
    const digest = await sha256(blob);
    const [a, b] = await Promise.all([startUpload(name), startUpload(name)]);
    await Promise.all([patch(a!, blob.slice(0, 6 * MiB), 0), patch(b!, blob.slice(0, 4 * MiB), 0)]);
    await Promise.all([
      patch(a!, blob.slice(6 * MiB), 6 * MiB),
      patch(b!, blob.slice(4 * MiB), 4 * MiB),
    ]);
    const puts = await Promise.all([
      request('PUT', `${a}?digest=${digest}`),
      request('PUT', `${b}?digest=${digest}`),
    ]);
    expect(puts.map((r) => r.status)).toEqual([201, 201]);
    const row = await env.DB.prepare(`SELECT r2_key FROM blobs WHERE digest = ?1`)
      .bind(digest)
      .first<{ r2_key: string }>();
    const keys = [a, b].map((l) => `blobs/${l!.split('/').pop()}`);
    expect(keys).toContain(row!.r2_key);
    const loser = keys.find((k) => k !== row!.r2_key)!;
    expect(await env.BLOBS.head(loser)).toBeNull();
    const got = await request('GET', `/v2/${name}/blobs/${digest}`);
    expect(await sha256(new Uint8Array(await got.arrayBuffer()))).toBe(digest);
  });

  it('a multipart upload with the wrong digest is deleted', async () => {
    const name = uniqueName();
    const location = await startUpload(name);
    await patch(location, randomBytes(9 * MiB), 0);
    await patch(location, randomBytes(MiB), 9 * MiB);
    const wrong = await sha256('nope');
    await expectOciError(
      await request('PUT', `${location}?digest=${wrong}`),
      400,
      'DIGEST_INVALID',
    );
    expect(await env.BLOBS.head(`blobs/${location.split('/').pop()}`)).toBeNull();
    await expectOciError(await request('GET', location), 404, 'BLOB_UPLOAD_UNKNOWN');
  });
});
