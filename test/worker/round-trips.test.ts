// Storage round trips of the hot paths, counted by the COUNT_STORAGE_CALLS instrumentation, and
// the edge cache for immutable content of public repositories.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import {
  buildChart,
  createRepository,
  patchRepository,
  putChartHttp,
  repositoryId,
} from '../helpers/charts';
import { pushImage, request, type RequestOptions } from '../helpers/oci';
import { anonymousPull, createToken, privateImageWithReader } from '../helpers/auth';
import { INLINE_BLOB_LIMIT } from '../../src/storage/blob-bytes';

const calls = (res: Response) => ({
  d1: Number(res.headers.get('x-storage-d1')),
  r2: Number(res.headers.get('x-storage-r2')),
});

async function drained(res: Promise<Response>): Promise<Response> {
  const r = await res;
  await r.arrayBuffer();
  return r;
}

/** An anonymous client after the token flow (/v2 challenges every request without credentials). */
let anonymous: RequestOptions;
beforeAll(async () => {
  anonymous = await anonymousPull();
});

describe('round trips per request', () => {
  it('a manifest by tag is one D1 query and no R2 call', async () => {
    const repo = await createRepository(env.DB);
    const image = await pushImage(`${repo}/app`, 'v1');
    const res = await drained(request('GET', `/v2/${repo}/app/manifests/v1`, anonymous));
    expect(res.status).toBe(200);
    expect(calls(res)).toEqual({ d1: 1, r2: 0 });
    expect(res.headers.get('cache-control')).toBeNull();
    expect(image.digest).toBeTruthy();
  });

  it('public blobs and manifests by digest are cached: no D1 or R2 after the first pull', async () => {
    const repo = await createRepository(env.DB);
    const image = await pushImage(`${repo}/app`, 'v1', { layers: ['cached layer'] });
    const layer = JSON.parse(image.manifest).layers[0].digest as string;
    const first = await drained(request('GET', `/v2/${repo}/app/blobs/${layer}`, anonymous));
    // A small blob's bytes come with its D1 row (storage/blob-bytes.ts).
    expect(calls(first)).toEqual({ d1: 1, r2: 0 });
    expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    const second = await request('GET', `/v2/${repo}/app/blobs/${layer}`, anonymous);
    expect(await second.text()).toBe('cached layer');
    expect(calls(second)).toEqual({ d1: 0, r2: 0 });
    const viaAlias = await drained(
      request('HEAD', `/v2/repositories/${repo}/app/blobs/${layer}`, anonymous),
    );
    expect(calls(viaAlias)).toEqual({ d1: 0, r2: 0 });
    expect(viaAlias.headers.get('content-length')).toBe('12');

    const path = `/v2/${repo}/app/manifests/${image.digest}`;
    expect(calls(await drained(request('GET', path, anonymous)))).toEqual({ d1: 1, r2: 0 });
    // The isolate forgets it (as after 10 s), then reads another tag of the repository: the
    // manifest is not in its memory, the repository is known public, so the cache answers.
    await pushImage(`${repo}/app`, 'v2', { layers: ['other'] });
    await drained(request('PATCH', `/v2/${repo}/app/blobs/uploads/unknown`));
    await drained(request('HEAD', `/v2/${repo}/app/manifests/v2`, anonymous));
    const match = vi.spyOn(caches.default, 'match');
    try {
      const manifest = await request('GET', path, anonymous);
      expect(await manifest.text()).toBe(image.manifest);
      expect(calls(manifest)).toEqual({ d1: 0, r2: 0 });
      expect(match).toHaveBeenCalledOnce();
    } finally {
      vi.restoreAllMocks();
    }
  });

  // Past 1 MiB the first response is stored first and read back from the cache (no tee copy).
  it.each([INLINE_BLOB_LIMIT + 1, 3 * 1024 * 1024])(
    'a blob too big for D1 (%i bytes) is one D1 query and one R2 read, then cached',
    async (size) => {
      const repo = await createRepository(env.DB);
      const big = 'x'.repeat(size - 1) + 'y';
      const image = await pushImage(`${repo}/app`, 'v1', { layers: [big] });
      const layer = JSON.parse(image.manifest).layers[0].digest as string;
      const first = await request('GET', `/v2/${repo}/app/blobs/${layer}`, anonymous);
      expect(first.headers.get('content-length')).toBe(String(size));
      expect(first.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expect(await first.text()).toBe(big);
      expect(calls(first)).toEqual({ d1: 1, r2: 1 });
      const second = await request('GET', `/v2/${repo}/app/blobs/${layer}`, anonymous);
      expect(await second.text()).toBe(big);
      expect(calls(second)).toEqual({ d1: 0, r2: 0 });
    },
  );

  it('a blob miss is one D1 query, whichever error it answers (as helm push checks each blob)', async () => {
    const repo = await createRepository(env.DB);
    await pushImage(`${repo}/app`, 'v1');
    const absent = `sha256:${'0'.repeat(64)}`;
    const admin = { auth: true };
    for (const [path, as, status, d1] of [
      [`${repo}/app`, admin, 404, 1], // BLOB_UNKNOWN
      [`${repo}/new-chart`, admin, 404, 1], // NAME_UNKNOWN
      [`${repo}/new-chart`, anonymous, 401, 1], // unknown to an anonymous token: the challenge
      [`${repo}/app`, { auth: false }, 401, 0], // no credentials: the challenge, before any query
    ] as const) {
      const res = await drained(request('HEAD', `/v2/${path}/blobs/${absent}`, as));
      expect(res.status).toBe(status);
      expect(calls(res)).toEqual({ d1, r2: 0 });
    }
  });

  it('private content is never cached, so it never reaches an unauthenticated request', async () => {
    const { repo, layer, asReader: auth } = await privateImageWithReader('secret layer');
    for (let i = 0; i < 2; i++) {
      const res = await drained(request('GET', `/v2/${repo}/app/blobs/${layer}`, auth));
      expect(res.status).toBe(200);
      expect(res.headers.get('cache-control')).toMatch(/^private/);
      expect(calls(res).d1).toBeGreaterThan(0);
    }
    for (const as of [anonymous, { auth: false }]) {
      const refused = await drained(request('GET', `/v2/${repo}/app/blobs/${layer}`, as));
      expect(refused.status).toBe(401);
    }
  });

  it('an access token is read once, and its use written once a minute: a tag stays one D1 query', async () => {
    const { repo, image, asReader } = await privateImageWithReader('token layer');
    const tag = `/v2/${repo}/app/manifests/v1`;
    // First use: the manifest lookup, the token's row, and the write of its last use.
    expect(calls(await drained(request('GET', tag, asReader)))).toEqual({ d1: 3, r2: 0 });
    for (const path of [tag, `/v2/${repo}/app/manifests/${image.digest}`, tag]) {
      const res = await drained(request('GET', path, asReader));
      expect(res.status).toBe(200);
      expect(calls(res).d1).toBeLessThanOrEqual(1);
    }
    expect(calls(await drained(request('GET', tag, asReader)))).toEqual({ d1: 1, r2: 0 });
  });

  it('a remembered access token still expires on its second', async () => {
    const { repo } = await privateImageWithReader('expiring');
    const token = await createToken({
      name: 'soon',
      expiresInSeconds: 3,
      scopes: [{ repository: repo, actions: ['read'] }],
    });
    const asToken = { auth: false, headers: { authorization: `Bearer ${token.secret}` } };
    const tag = `/v2/${repo}/app/manifests/v1`;
    expect((await drained(request('GET', tag, asToken))).status).toBe(200);
    const now = Date.now();
    vi.spyOn(Date, 'now').mockReturnValue(now + 4000); // within the 10 s the row is kept
    try {
      const res = await drained(request('GET', tag, asToken));
      expect([res.status, calls(res).d1]).toEqual([401, 0]);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('a repository made private, or deleted, is no longer served from the edge cache', async () => {
    const repo = await createRepository(env.DB);
    const image = await pushImage(`${repo}/app`, 'v1', { layers: ['was public'] });
    const layer = JSON.parse(image.manifest).layers[0].digest as string;
    const paths = [`/v2/${repo}/app/blobs/${layer}`, `/v2/${repo}/app/manifests/${image.digest}`];
    for (const path of paths) {
      await drained(request('GET', path, anonymous));
      expect(calls(await drained(request('GET', path, anonymous)))).toEqual({ d1: 0, r2: 0 });
    }
    await patchRepository(env.DB, repo, { visibility: 'private' });
    const reader = await createToken({
      name: 'r',
      scopes: [{ repository: repo, actions: ['read'] }],
    });
    for (const path of paths) {
      for (const method of ['GET', 'HEAD']) {
        const challenged = await drained(request(method, path, { auth: false }));
        expect(challenged.status).toBe(401);
        const closed = await drained(request(method, path, anonymous));
        expect(closed.status).toBe(401);
      }
      const allowed = await drained(
        request('GET', path, {
          auth: false,
          headers: { authorization: `Bearer ${reader.secret}` },
        }),
      );
      expect(allowed.status).toBe(200);
      expect(allowed.headers.get('cache-control')).toMatch(/^private/);
    }
    const id = await repositoryId(env.DB, repo);
    expect((await request('DELETE', `/api/repository/${id}`)).status).toBeLessThan(300);
    for (const path of paths) {
      const gone = await drained(request('GET', path));
      expect(gone.status).toBe(404);
    }
  });

  it('an isolate that has not read the repository lately asks D1 once, then the cache', async () => {
    const repo = await createRepository(env.DB);
    const big = 'z'.repeat(INLINE_BLOB_LIMIT + 1);
    const image = await pushImage(`${repo}/app`, 'v1', { layers: [big] });
    const layer = JSON.parse(image.manifest).layers[0].digest as string;
    const path = `/v2/${repo}/app/blobs/${layer}`;
    expect(calls(await drained(request('GET', path, anonymous)))).toEqual({ d1: 1, r2: 1 });
    // Any PATCH clears what this isolate remembers (recent/recent-reads.ts), as 10 s would.
    await drained(request('PATCH', `/v2/${repo}/app/blobs/uploads/unknown`));
    const cold = await request('GET', path, anonymous);
    expect(await cold.text()).toBe(big);
    expect(calls(cold)).toEqual({ d1: 1, r2: 0 });
    expect(calls(await drained(request('GET', path, anonymous)))).toEqual({ d1: 0, r2: 0 });
  });

  it('a warm index.yaml is one small D1 read and no chart archive read; a 304 renders nothing', async () => {
    const repo = await createRepository(env.DB);
    await putChartHttp(
      repo,
      await buildChart({ name: 'warm', version: '1.0.0' }),
      'warm-1.0.0.tgz',
    );
    const cold = await drained(request('GET', `/repositories/${repo}/index.yaml`, { auth: false }));
    expect(calls(cold).d1).toBeGreaterThanOrEqual(2);
    const warm = await drained(request('GET', `/repositories/${repo}/index.yaml`, { auth: false }));
    expect(calls(warm)).toEqual({ d1: 1, r2: 0 });
    const notModified = await drained(
      request('GET', `/repositories/${repo}/index.yaml`, {
        auth: false,
        headers: { 'if-none-match': warm.headers.get('etag')! },
      }),
    );
    expect(notModified.status).toBe(304);
    expect(calls(notModified)).toEqual({ d1: 1, r2: 0 });
  });
});
