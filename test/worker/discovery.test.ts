// Content discovery: tags/list, referrers and _catalog, with pagination.
import { describe, expect, it } from 'vitest';
import { anonymousPull } from '../helpers/auth';
import { expectOciError, OCI_INDEX, pushImage, request, sha256, uniqueName } from '../helpers/oci';

describe('tags/list', () => {
  it('lists all tags in lexical order when n is absent', async () => {
    const name = uniqueName();
    const image = await pushImage(name, '1.0.0');
    for (const tag of ['b', 'A', '10.0.0', '2.0.0', 'a_b', 'a-b']) {
      const res = await request('PUT', `/v2/${name}/manifests/${tag}`, {
        body: image.manifest,
        headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
      });
      expect(res.status).toBe(201);
    }
    const res = await request('GET', `/v2/${name}/tags/list`, await anonymousPull());
    expect(res.status).toBe(200);
    expect(res.headers.get('link')).toBeNull();
    expect(await res.json()).toEqual({
      name,
      tags: ['1.0.0', '10.0.0', '2.0.0', 'A', 'a-b', 'a_b', 'b'],
    });
  });

  it('paginates with n and last and a Link header', async () => {
    const name = uniqueName();
    const image = await pushImage(name, 't0');
    for (let i = 1; i < 5; i++) {
      await request('PUT', `/v2/${name}/manifests/t${i}`, {
        body: image.manifest,
        headers: { 'content-type': 'application/vnd.oci.image.manifest.v1+json' },
      });
    }
    const first = await request('GET', `/v2/${name}/tags/list?n=2`);
    expect(await first.json()).toEqual({ name, tags: ['t0', 't1'] });
    expect(first.headers.get('link')).toBe(`</v2/${name}/tags/list?n=2&last=t1>; rel="next"`);

    const second = await request('GET', `/v2/${name}/tags/list?n=2&last=t1`);
    expect(await second.json()).toEqual({ name, tags: ['t2', 't3'] });
    const third = await request('GET', `/v2/${name}/tags/list?n=2&last=t3`);
    expect(await third.json()).toEqual({ name, tags: ['t4'] });
    expect(third.headers.get('link')).toBeNull();

    const exact = await request('GET', `/v2/${name}/tags/list?n=5`);
    expect(exact.headers.get('link')).toBeNull();
    const zero = await request('GET', `/v2/${name}/tags/list?n=0`);
    expect(await zero.json()).toEqual({ name, tags: [] });
    const lastOnly = await request('GET', `/v2/${name}/tags/list?last=t2`);
    expect(await lastOnly.json()).toEqual({ name, tags: ['t3', 't4'] });
  });

  it('answers NAME_UNKNOWN for unknown names and rejects a bad n', async () => {
    await expectOciError(
      await request('GET', '/v2/default/charts/nothing/tags/list'),
      404,
      'NAME_UNKNOWN',
    );
    const name = uniqueName();
    await pushImage(name, 'v1');
    await expectOciError(await request('GET', `/v2/${name}/tags/list?n=-1`), 400, 'UNSUPPORTED');
    await expectOciError(await request('GET', `/v2/${name}/tags/list?n=abc`), 400, 'UNSUPPORTED');
  });
});

describe('referrers', () => {
  it('lists manifests whose subject is the digest, filtered by artifactType', async () => {
    const name = uniqueName();
    const subject = await pushImage(name, 'v1');
    const sbom = await pushImage(name, 'sbom', {
      subject: subject.descriptor,
      artifactType: 'application/spdx+json',
    });
    const sig = await pushImage(name, 'sig', {
      subject: subject.descriptor,
      configType: 'application/vnd.example.signature.config+json',
    });
    await pushImage(name, 'unrelated');

    const res = await request(
      'GET',
      `/v2/${name}/referrers/${subject.digest}`,
      await anonymousPull(),
    );
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toBe(OCI_INDEX);
    expect(res.headers.get('oci-filters-applied')).toBeNull();
    const index = (await res.json()) as {
      schemaVersion: number;
      mediaType: string;
      manifests: { digest: string; artifactType: string; size: number }[];
    };
    expect(index.schemaVersion).toBe(2);
    expect(index.mediaType).toBe(OCI_INDEX);
    const byDigest = Object.fromEntries(index.manifests.map((m) => [m.digest, m.artifactType]));
    expect(byDigest).toEqual({
      [sbom.digest]: 'application/spdx+json',
      [sig.digest]: 'application/vnd.example.signature.config+json',
    });

    const filtered = await request(
      'GET',
      `/v2/${name}/referrers/${subject.digest}?artifactType=${encodeURIComponent('application/spdx+json')}`,
    );
    expect(filtered.headers.get('oci-filters-applied')).toBe('artifactType');
    const only = (await filtered.json()) as { manifests: { digest: string; size: number }[] };
    expect(only.manifests.map((m) => m.digest)).toEqual([sbom.digest]);
    expect(only.manifests[0]!.size).toBe(sbom.descriptor.size);
  });

  it('answers an empty index for a subject nothing refers to, and 400 for a bad digest', async () => {
    const name = uniqueName();
    await pushImage(name, 'v1');
    const res = await request('GET', `/v2/${name}/referrers/${await sha256('nothing')}`);
    expect(res.status).toBe(200);
    expect(((await res.json()) as { manifests: unknown[] }).manifests).toEqual([]);
    const unknownName = await request(
      'GET',
      `/v2/default/charts/ghost/referrers/${await sha256('x')}`,
    );
    expect(unknownName.status).toBe(200);
    await unknownName.text();
    await expectOciError(
      await request('GET', `/v2/${name}/referrers/sha256:nope`),
      400,
      'DIGEST_INVALID',
    );
  });
});

describe('_catalog', () => {
  it('lists names holding manifests in lexical order, with pagination', async () => {
    const names = [uniqueName('cat-b'), uniqueName('cat-a'), uniqueName('cat-c')];
    for (const name of names) await pushImage(name, 'v1');
    const all = (await (await request('GET', '/v2/_catalog')).json()) as { repositories: string[] };
    for (const name of names) expect(all.repositories).toContain(name);
    expect([...all.repositories].sort()).toEqual(all.repositories);

    const first = await request('GET', '/v2/_catalog?n=1');
    const page = (await first.json()) as { repositories: string[] };
    expect(page.repositories).toEqual([all.repositories[0]]);
    expect(first.headers.get('link')).toBe(
      `</v2/_catalog?n=1&last=${encodeURIComponent(all.repositories[0]!)}>; rel="next"`,
    );
    const next = (await (
      await request('GET', `/v2/_catalog?n=1&last=${encodeURIComponent(all.repositories[0]!)}`)
    ).json()) as { repositories: string[] };
    expect(next.repositories).toEqual([all.repositories[1]]);
  });
});
