// What a request just read, kept per isolate (src/recent/recent-reads.ts), seen via requests.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { INLINE_BLOB_LIMIT } from '../../src/storage/blob-bytes';
import { REFERENCED_BLOBS_MAX } from '../../src/storage/manifest-lookup';
import { createRepository, patchRepository } from '../helpers/charts';
import { anonymousPull, privateImageWithReader } from '../helpers/auth';
import { expectOciError, pushImage, request, type RequestOptions } from '../helpers/oci';

const d1 = (res: Response) => Number(res.headers.get('x-storage-d1'));

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

// A pull's blob GETs after its manifest GET, and an upload's start after the previous one, skip
// their D1 query; a deletion or change is never answered from that memory in the isolate that
// made it. RecentMap itself: src/recent/recent-map.test.ts.
describe('a pull after its manifest', () => {
  it('answers the config and layers from what the manifest GET brought: one D1 query in all', async () => {
    const repo = await createRepository(env.DB);
    const image = await pushImage(`${repo}/app`, '1.0.0', {
      layers: ['chart', 'x'.repeat(20_000)],
    });
    const manifest = JSON.parse(image.manifest);
    const get = await drained(request('GET', `/v2/${repo}/app/manifests/1.0.0`, anonymous));
    expect(d1(get)).toBe(1);
    for (const blob of [manifest.config, ...manifest.layers]) {
      const res = await request('GET', `/v2/${repo}/app/blobs/${blob.digest}`, anonymous);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-length')).toBe(String(blob.size));
      expect((await res.arrayBuffer()).byteLength).toBe(blob.size);
      expect(d1(res)).toBe(0);
    }
  });

  it("answers Helm's sequence (HEAD by tag, GET by digest, config, layer) with one D1 query", async () => {
    const repo = await createRepository(env.DB);
    const image = await pushImage(`${repo}/app`, '1.0.0', { layers: ['chart'] });
    const manifest = JSON.parse(image.manifest);
    const head = await drained(request('HEAD', `/v2/${repo}/app/manifests/1.0.0`, anonymous));
    expect(head.headers.get('docker-content-digest')).toBe(image.digest);
    expect(d1(head)).toBe(1);
    const get = await request('GET', `/v2/${repo}/app/manifests/${image.digest}`, anonymous);
    expect(await get.text()).toBe(image.manifest);
    expect(get.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(d1(get)).toBe(0);
    for (const blob of [manifest.config, ...manifest.layers]) {
      const res = await drained(request('GET', `/v2/${repo}/app/blobs/${blob.digest}`, anonymous));
      expect(res.status).toBe(200);
      expect(d1(res)).toBe(0);
    }
  });

  it('serves what the lookup brought without the edge cache; a blob in R2 still goes through it', async () => {
    const repo = await createRepository(env.DB);
    const inR2 = 'y'.repeat(INLINE_BLOB_LIMIT + 1);
    const image = await pushImage(`${repo}/app`, '1.0.0', { layers: ['chart', inR2] });
    const [config, chart, big] = (() => {
      const m = JSON.parse(image.manifest);
      return [m.config, ...m.layers] as { digest: string }[];
    })();
    await drained(request('HEAD', `/v2/${repo}/app/manifests/1.0.0`, anonymous));
    const match = vi.spyOn(caches.default, 'match');
    const put = vi.spyOn(caches.default, 'put');
    try {
      const get = await request('GET', `/v2/${repo}/app/manifests/${image.digest}`, anonymous);
      expect(await get.text()).toBe(image.manifest);
      expect(get.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      for (const blob of [config!, chart!]) {
        const res = await drained(
          request('GET', `/v2/${repo}/app/blobs/${blob.digest}`, anonymous),
        );
        expect([res.status, d1(res)]).toEqual([200, 0]);
        expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      }
      expect([match.mock.calls.length, put.mock.calls.length]).toEqual([0, 0]);
      const res = await request('GET', `/v2/${repo}/app/blobs/${big!.digest}`, anonymous);
      expect(await res.text()).toBe(inR2);
      expect([match.mock.calls.length, put.mock.calls.length]).toEqual([1, 1]);
    } finally {
      vi.restoreAllMocks();
    }
  });

  it('does not answer a manifest deleted after its tag was resolved', async () => {
    const repo = await createRepository(env.DB);
    const image = await pushImage(`${repo}/app`, 'v1');
    await drained(request('HEAD', `/v2/${repo}/app/manifests/v1`, anonymous));
    const manifest = `/v2/${repo}/app/manifests/${image.digest}`;
    expect((await request('DELETE', manifest)).status).toBe(202);
    await expectOciError(await request('GET', manifest, anonymous), 404, 'MANIFEST_UNKNOWN');
  });

  it(`brings at most ${REFERENCED_BLOBS_MAX} blobs; the others are looked up when asked for`, async () => {
    const repo = await createRepository(env.DB);
    const layers = Array.from({ length: REFERENCED_BLOBS_MAX + 2 }, (_, i) => `layer ${i}`);
    const image = await pushImage(`${repo}/app`, 'v1', { layers });
    const manifest = JSON.parse(image.manifest);
    await drained(request('GET', `/v2/${repo}/app/manifests/v1`, anonymous));
    const queries = [];
    for (const blob of [manifest.config, ...manifest.layers]) {
      const res = await drained(request('GET', `/v2/${repo}/app/blobs/${blob.digest}`, anonymous));
      expect(res.status).toBe(200);
      queries.push(d1(res));
    }
    expect(queries.filter((n) => n === 0)).toHaveLength(REFERENCED_BLOBS_MAX);
    expect(queries.filter((n) => n === 1)).toHaveLength(3);
  });

  it('does not answer a blob deleted after the manifest GET', async () => {
    const repo = await createRepository(env.DB);
    const image = await pushImage(`${repo}/app`, 'v1', { layers: ['to delete'] });
    const layer = JSON.parse(image.manifest).layers[0].digest as string;
    await drained(request('GET', `/v2/${repo}/app/manifests/v1`, anonymous));
    expect((await request('DELETE', `/v2/${repo}/app/blobs/${layer}`)).status).toBe(202);
    const res = await request('GET', `/v2/${repo}/app/blobs/${layer}`, anonymous);
    await expectOciError(res, 404, 'BLOB_UNKNOWN');
  });

  it('does not answer a repository made private after the manifest GET', async () => {
    const repo = await createRepository(env.DB);
    const image = await pushImage(`${repo}/app`, 'v1', { layers: ['soon private'] });
    const layer = JSON.parse(image.manifest).layers[0].digest as string;
    await drained(request('GET', `/v2/${repo}/app/manifests/v1`, anonymous));
    await patchRepository(env.DB, repo, { visibility: 'private' });
    const res = await request('GET', `/v2/${repo}/app/blobs/${layer}`, anonymous);
    await expectOciError(res, 401, 'UNAUTHORIZED');
  });

  it('gives what a reader of a private repository fetched to nobody without that access', async () => {
    const { repo, image, layer, asReader } = await privateImageWithReader('private layer');
    const config = JSON.parse(image.manifest).config.digest as string;
    await drained(request('GET', `/v2/${repo}/app/blobs/${config}`, asReader));
    await drained(request('GET', `/v2/${repo}/app/manifests/v1`, asReader));
    const res = await request('GET', `/v2/${repo}/app/blobs/${layer}`, asReader);
    expect(await res.text()).toBe('private layer');
    // The blob row came with the manifest, the token with the first request.
    expect(d1(res)).toBe(0);
    await expectOciError(
      await request('GET', `/v2/${repo}/app/blobs/${layer}`, anonymous),
      401,
      'UNAUTHORIZED',
    );
    const byDigest = await request('GET', `/v2/${repo}/app/manifests/${image.digest}`, asReader);
    expect(await byDigest.text()).toBe(image.manifest);
    expect(d1(byDigest)).toBe(0);
    await expectOciError(
      await request('GET', `/v2/${repo}/app/manifests/${image.digest}`, anonymous),
      401,
      'UNAUTHORIZED',
    );
  });
});

describe('upload starts', () => {
  it('look the repository up once for uploads started one after the other', async () => {
    const repo = await createRepository(env.DB);
    const first = await request('POST', `/v2/${repo}/app/blobs/uploads/`);
    expect(first.status).toBe(202);
    const second = await request('POST', `/v2/${repo}/app/blobs/uploads/`);
    expect(second.status).toBe(202);
    expect(d1(second)).toBe(0);
  });

  it('see a repository switched to http mode at once', async () => {
    const repo = await createRepository(env.DB);
    expect((await request('POST', `/v2/${repo}/app/blobs/uploads/`)).status).toBe(202);
    await patchRepository(env.DB, repo, { mode: 'http' });
    await expectOciError(await request('POST', `/v2/${repo}/app/blobs/uploads/`), 403, 'DENIED');
  });
});
