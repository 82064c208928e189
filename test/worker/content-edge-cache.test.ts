// Content by digest at the edge (src/content/): a hit answers as the first pull did, and deletes
// purge what reads stored: the key a pull kept (through `/v2` or its `/v2/repositories` alias)
// is the one a delete over OCI or Helm drops.
import { env } from 'cloudflare:workers';
import { afterEach, describe, expect, it, vi } from 'vitest';
import { anonymousPull } from '../helpers/auth';
import { buildChart, createRepository, pushChartOci } from '../helpers/charts';
import { pushImage, request, type RequestOptions } from '../helpers/oci';

/** Reads `paths` anonymously; returns the cache keys the reads stored. */
async function storedBy(paths: string[], as: RequestOptions): Promise<string[]> {
  const put = vi.spyOn(caches.default, 'put');
  for (const path of paths) {
    const res = await request('GET', path, as);
    expect(res.status).toBe(200);
    await res.arrayBuffer();
  }
  const keys = put.mock.calls.map(([key]) => (key instanceof Request ? key.url : String(key)));
  put.mockRestore();
  return keys;
}

async function cached(keys: string[]): Promise<boolean[]> {
  return Promise.all(keys.map(async (k) => (await caches.default.match(k)) !== undefined));
}

describe('edge cache purges', () => {
  afterEach(() => vi.restoreAllMocks());

  it('a chart version deleted over the Helm API drops the manifests every OCI name kept', async () => {
    const repo = await createRepository(env.DB);
    const archive = await buildChart({ name: 'purged', version: '0.1.0' });
    const pushed = [];
    for (const name of ['purged', 'coll/purged']) {
      pushed.push({ name, ...(await pushChartOci(repo, name, archive, '0.1.0')) });
    }
    const anonymous = await anonymousPull();
    const keys = await storedBy(
      pushed.flatMap(({ name, digest }) => [
        `/v2/${repo}/${name}/manifests/${digest}`,
        `/v2/repositories/${repo}/${name}/manifests/${digest}`,
      ]),
      anonymous,
    );
    expect(keys).toHaveLength(2);
    expect(await cached(keys)).toEqual([true, true]);
    const del = await request('DELETE', `/repositories/${repo}/api/charts/purged/0.1.0`);
    expect(del.status).toBe(200);
    expect(await cached(keys)).toEqual([false, false]);
  });

  it('a blob or manifest deleted over OCI drops what its pull kept', async () => {
    const repo = await createRepository(env.DB);
    const image = await pushImage(`${repo}/app`, 'v1', { layers: ['purged layer'] });
    const layer = JSON.parse(image.manifest).layers[0].digest as string;
    const anonymous = await anonymousPull();
    const blobKeys = await storedBy([`/v2/repositories/${repo}/app/blobs/${layer}`], anonymous);
    const manifestKeys = await storedBy([`/v2/${repo}/app/manifests/${image.digest}`], anonymous);
    expect(await cached([...blobKeys, ...manifestKeys])).toEqual([true, true]);
    expect((await request('DELETE', `/v2/${repo}/app/blobs/${layer}`)).status).toBe(202);
    expect((await request('DELETE', `/v2/${repo}/app/manifests/${image.digest}`)).status).toBe(202);
    expect(await cached([...blobKeys, ...manifestKeys])).toEqual([false, false]);
  });
});

describe('edge cache hits', () => {
  const described = (res: Response) =>
    Object.fromEntries(
      ['content-type', 'content-length', 'docker-content-digest', 'etag', 'cache-control'].map(
        (h) => [h, res.headers.get(h)],
      ),
    );

  it('answer with the headers and bytes of the first pull', async () => {
    const repo = await createRepository(env.DB);
    const image = await pushImage(`${repo}/app`, 'v1', { layers: ['hit layer'] });
    const layer = JSON.parse(image.manifest).layers[0].digest as string;
    const anonymous = await anonymousPull();
    const blob = `/v2/${repo}/app/blobs/${layer}`;
    const manifest = `/v2/${repo}/app/manifests/${image.digest}`;
    const first = [
      await request('GET', blob, anonymous),
      await request('GET', manifest, anonymous),
    ];
    const texts = await Promise.all(first.map((r) => r.text()));
    // Forget what this isolate read (as after 10 s), then learn the repository is public again
    // from another tag's lookup, so both are asked of the cache first.
    await pushImage(`${repo}/app`, 'v2', { layers: ['other'] });
    await (await request('PATCH', `/v2/${repo}/app/blobs/uploads/unknown`)).arrayBuffer();
    await (await request('HEAD', `/v2/${repo}/app/manifests/v2`, anonymous)).arrayBuffer();
    const match = vi.spyOn(caches.default, 'match');
    const hits = [await request('GET', blob, anonymous), await request('GET', manifest, anonymous)];
    expect(match).toHaveBeenCalledTimes(2);
    expect(hits.map(described)).toEqual(first.map(described));
    expect(await Promise.all(hits.map((r) => r.text()))).toEqual(texts);
  });
});
