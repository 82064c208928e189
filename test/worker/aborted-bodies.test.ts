// A client that disconnects mid-body (simulated with a ReadableStream that errors): every upload
// path answers 400 BLOB_UPLOAD_INVALID, never a 500, and a chunked session stays usable where it
// was before the aborted request. The requests go to the Worker's fetch handler itself, so the
// stream's error reaches it as an error (through exports.default.fetch it arrives as an early end).
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../../src/index';
import {
  ADMIN,
  ORIGIN,
  expectOciError,
  randomBytes,
  request as viaExports,
  sha256,
  uniqueName,
  type RequestOptions,
} from '../helpers/oci';

async function request(method: string, path: string, options: RequestOptions = {}) {
  const headers = new Headers(options.headers);
  headers.set('authorization', ADMIN);
  const body = options.body ?? null;
  if (!(body instanceof ReadableStream)) return viaExports(method, path, options);
  const init = { method, headers, body, duplex: 'half' } as RequestInit;
  const ctx = createExecutionContext();
  const incoming = new Request(new URL(path, ORIGIN), init) as Parameters<
    NonNullable<typeof worker.fetch>
  >[0];
  const res = await worker.fetch!(incoming, env, ctx);
  await waitOnExecutionContext(ctx);
  return res;
}

const MiB = 1024 * 1024;

/** A body that sends `sent` and then fails, as a connection cut mid-request does. */
function abortedBody(sent: Uint8Array): ReadableStream<Uint8Array> {
  let done = false;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (done) {
        controller.error(new Error('connection reset by peer'));
        return;
      }
      done = true;
      controller.enqueue(sent);
    },
  });
}

async function start(name: string): Promise<string> {
  const res = await request('POST', `/v2/${name}/blobs/uploads/`);
  expect(res.status).toBe(202);
  return res.headers.get('location')!;
}

describe('aborted request bodies', () => {
  for (const [label, size, declared] of [
    ['a small chunk', 1000, null],
    ['a small chunk with Content-Length', 1000, 2000],
    ['a chunk past a whole part, with Content-Length', 6 * MiB, 7 * MiB],
    ['a chunk past a whole part, without Content-Length', 6 * MiB, null],
  ] as const) {
    it(`a PATCH whose body aborts (${label}) is a 400 and the session goes on`, async () => {
      const name = uniqueName('abort');
      const blob = randomBytes(8 * MiB);
      const first = await request('PATCH', await start(name), {
        body: blob.slice(0, 100),
        headers: { 'content-range': '0-99' },
      });
      expect(first.status).toBe(202);
      const location = first.headers.get('location')!;
      const headers: Record<string, string> = {};
      if (declared !== null) headers['content-length'] = String(declared);
      const aborted = await request('PATCH', location, {
        body: abortedBody(blob.slice(100, 100 + size)),
        headers,
      });
      await expectOciError(aborted, 400, 'BLOB_UPLOAD_INVALID');
      const status = await request('GET', location);
      expect(status.status).toBe(204);
      expect(status.headers.get('range')).toBe('0-99');
      expect(
        (
          await request('PATCH', location, {
            body: blob.slice(100),
            headers: { 'content-range': `100-${blob.byteLength - 1}` },
          })
        ).status,
      ).toBe(202);
      const digest = await sha256(blob);
      expect((await request('PUT', `${location}?digest=${digest}`)).status).toBe(201);
    });
  }

  it('a first PATCH on a URL-held session whose body aborts is a 400', async () => {
    const name = uniqueName('abort');
    const location = await start(name);
    await expectOciError(
      await request('PATCH', location, { body: abortedBody(randomBytes(1000)) }),
      400,
      'BLOB_UPLOAD_INVALID',
    );
  });

  it('a PUT whose body aborts is a 400 on every path (monolithic POST, URL-held, in an object)', async () => {
    const name = uniqueName('abort');
    const bytes = randomBytes(300_000);
    const digest = await sha256(bytes);
    await expectOciError(
      await request('POST', `/v2/${name}/blobs/uploads/?digest=${digest}`, {
        body: abortedBody(bytes.slice(0, 1000)),
      }),
      400,
      'BLOB_UPLOAD_INVALID',
    );
    await expectOciError(
      await request('PUT', `${await start(name)}?digest=${digest}`, {
        body: abortedBody(bytes.slice(0, 1000)),
        headers: { 'content-length': '3000' },
      }),
      400,
      'BLOB_UPLOAD_INVALID',
    );
    const moved = (
      await request('PATCH', await start(name), {
        body: bytes.slice(0, 10),
        headers: { 'content-range': '0-9' },
      })
    ).headers.get('location')!;
    await expectOciError(
      await request('PUT', `${moved}?digest=${digest}`, {
        body: abortedBody(bytes.slice(10, 1000)),
      }),
      400,
      'BLOB_UPLOAD_INVALID',
    );
  });
});
