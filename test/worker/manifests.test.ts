// Manifests: pull and push by tag and digest, reference checks, limits, delete (over 300 lines: the spec's manifest cases).
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { anonymousPull } from '../helpers/auth';
import { findPushContext } from '../../src/storage/push-context';
import {
  descriptorOf,
  expectOciError,
  OCI_INDEX,
  OCI_MANIFEST,
  pushBlob,
  pushImage,
  request,
  sha256,
  uniqueName,
} from '../helpers/oci';

const DOCKER_MANIFEST = 'application/vnd.docker.distribution.manifest.v2+json';

function putManifest(
  name: string,
  reference: string,
  body: string | Uint8Array<ArrayBuffer>,
  type = OCI_MANIFEST,
) {
  return request('PUT', `/v2/${name}/manifests/${reference}`, {
    body,
    headers: { 'content-type': type },
  });
}

async function imageManifest(name: string, extra: Record<string, unknown> = {}) {
  const config = await pushBlob(name, '{}');
  const layerText = `layer ${Math.random()}`;
  const layer = await pushBlob(name, layerText);
  return JSON.stringify({
    schemaVersion: 2,
    mediaType: OCI_MANIFEST,
    config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: config, size: 2 },
    layers: [
      {
        mediaType: 'application/vnd.oci.image.layer.v1.tar',
        digest: layer,
        size: layerText.length,
      },
    ],
    ...extra,
  });
}

describe('pull', () => {
  it('GET and HEAD by tag and by digest return the exact bytes and headers', async () => {
    const name = uniqueName();
    // Unusual formatting must survive byte for byte.
    const manifest = `  ${await imageManifest(name)}\n`;
    const digest = await sha256(manifest);
    const put = await putManifest(name, 'v1', manifest);
    expect(put.status).toBe(201);
    expect(put.headers.get('location')).toBe(`/v2/${name}/manifests/${digest}`);
    expect(put.headers.get('docker-content-digest')).toBe(digest);

    for (const ref of ['v1', digest]) {
      const got = await request('GET', `/v2/${name}/manifests/${ref}`, await anonymousPull());
      expect(got.status).toBe(200);
      expect(got.headers.get('content-type')).toBe(OCI_MANIFEST);
      expect(got.headers.get('docker-content-digest')).toBe(digest);
      expect(got.headers.get('content-length')).toBe(
        String(new TextEncoder().encode(manifest).byteLength),
      );
      expect(await got.text()).toBe(manifest);
      const head = await request('HEAD', `/v2/${name}/manifests/${ref}`);
      expect(head.status).toBe(200);
      expect(head.headers.get('docker-content-digest')).toBe(digest);
      expect(await head.text()).toBe('');
    }
  });

  it('answers MANIFEST_UNKNOWN and NAME_UNKNOWN', async () => {
    const name = uniqueName();
    await pushImage(name, 'v1');
    await expectOciError(await request('GET', `/v2/${name}/manifests/v2`), 404, 'MANIFEST_UNKNOWN');
    await expectOciError(
      await request('GET', `/v2/${name}/manifests/${await sha256('none')}`),
      404,
      'MANIFEST_UNKNOWN',
    );
    await expectOciError(
      await request('GET', '/v2/default/charts/absent/manifests/v1'),
      404,
      'NAME_UNKNOWN',
    );
  });

  it('rejects malformed digests; a malformed tag names no manifest (404, as the conformance suite expects)', async () => {
    const name = uniqueName();
    await expectOciError(
      await request('GET', `/v2/${name}/manifests/sha256:zz`),
      400,
      'DIGEST_INVALID',
    );
    await expectOciError(
      await request('GET', `/v2/${name}/manifests/-bad`),
      404,
      'MANIFEST_UNKNOWN',
    );
    await expectOciError(
      await request('GET', `/v2/${name}/manifests/${'t'.repeat(129)}`),
      404,
      'MANIFEST_UNKNOWN',
    );
  });
});

describe('push', () => {
  it('PUT by digest works and a wrong digest answers DIGEST_INVALID', async () => {
    const name = uniqueName();
    const manifest = await imageManifest(name);
    const digest = await sha256(manifest);
    expect((await putManifest(name, digest, manifest)).status).toBe(201);
    await expectOciError(
      await putManifest(name, await sha256('other'), manifest),
      400,
      'DIGEST_INVALID',
    );
    // Pushed by digest only: no tag was created.
    const tags = await request('GET', `/v2/${name}/tags/list`);
    expect(await tags.json()).toEqual({ name, tags: [] });
  });

  it('a tag moves to the newest manifest pushed under it', async () => {
    const name = uniqueName();
    const first = await pushImage(name, 'latest');
    const second = await pushImage(name, 'latest');
    const got = await request('GET', `/v2/${name}/manifests/latest`);
    expect(got.headers.get('docker-content-digest')).toBe(second.digest);
    const old = await request('GET', `/v2/${name}/manifests/${first.digest}`);
    expect(old.status).toBe(200);
  });

  it('references to blobs the name does not have answer MANIFEST_BLOB_UNKNOWN', async () => {
    const name = uniqueName();
    await pushBlob(name, 'present');
    const missing = await sha256('never pushed');
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: await descriptorOf('application/vnd.oci.image.config.v1+json', 'present'),
      layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest: missing, size: 3 }],
    });
    const detail = await expectOciError(
      await putManifest(name, 'v1', manifest),
      404,
      'MANIFEST_BLOB_UNKNOWN',
    );
    expect(detail).toEqual({ missing: [missing] });

    // A blob in another name does not count.
    const other = uniqueName();
    const elsewhere = await pushBlob(other, 'elsewhere');
    const second = JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: 'application/vnd.oci.image.config.v1+json', digest: elsewhere, size: 9 },
      layers: [],
    });
    await expectOciError(await putManifest(name, 'v2', second), 404, 'MANIFEST_BLOB_UNKNOWN');
    // Nothing is created for a name that never had anything.
    await expectOciError(
      await putManifest(uniqueName(), 'v1', second),
      404,
      'MANIFEST_BLOB_UNKNOWN',
    );
  });

  it('image indexes need their child manifests in the name', async () => {
    const name = uniqueName();
    const child = await pushImage(name, 'amd64');
    const index = JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [{ ...child.descriptor, platform: { architecture: 'amd64', os: 'linux' } }],
    });
    const put = await putManifest(name, 'multi', index, OCI_INDEX);
    expect(put.status).toBe(201);
    const got = await request('GET', `/v2/${name}/manifests/multi`);
    expect(got.headers.get('content-type')).toBe(OCI_INDEX);
    expect(await got.text()).toBe(index);

    const broken = JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_INDEX,
      manifests: [{ mediaType: OCI_MANIFEST, digest: await sha256('no such manifest'), size: 10 }],
    });
    await expectOciError(
      await putManifest(name, 'broken', broken, OCI_INDEX),
      404,
      'MANIFEST_BLOB_UNKNOWN',
    );
  });

  it('accepts Docker v2 manifests', async () => {
    const name = uniqueName();
    const config = await pushBlob(name, '{"docker":true}');
    const layer = await pushBlob(name, 'docker layer');
    const manifest = JSON.stringify({
      schemaVersion: 2,
      mediaType: DOCKER_MANIFEST,
      config: {
        mediaType: 'application/vnd.docker.container.image.v1+json',
        digest: config,
        size: 15,
      },
      layers: [
        { mediaType: 'application/vnd.docker.image.rootfs.diff.tar.gzip', digest: layer, size: 12 },
      ],
    });
    expect((await putManifest(name, 'v1', manifest, DOCKER_MANIFEST)).status).toBe(201);
    const got = await request('GET', `/v2/${name}/manifests/v1`);
    expect(got.headers.get('content-type')).toBe(DOCKER_MANIFEST);
  });

  it('sets OCI-Subject when the manifest has a subject', async () => {
    const name = uniqueName();
    const subject = await pushImage(name, 'v1');
    const manifest = await imageManifest(name, { subject: subject.descriptor });
    const put = await putManifest(name, await sha256(manifest), manifest);
    expect(put.status).toBe(201);
    expect(put.headers.get('oci-subject')).toBe(subject.digest);
  });

  it('keeps large manifests (over the inline limit) in R2 and serves them exactly', async () => {
    const name = uniqueName();
    const manifest = await imageManifest(name, {
      annotations: { big: 'x'.repeat(200 * 1024) },
    });
    expect((await putManifest(name, 'big', manifest)).status).toBe(201);
    const got = await request('GET', `/v2/${name}/manifests/big`);
    expect(await got.text()).toBe(manifest);
  });

  it('a push reads inline bytes of the chart layer only, never of every referenced blob', async () => {
    // One D1 value holds at most 2 MB in production: a manifest of many inline layers must not
    // bring all their bytes back in the push's lookup.
    const name = uniqueName();
    const [a, b] = [await pushBlob(name, 'layer a'), await pushBlob(name, 'layer b')];
    const [storage, repository, ...rest] = name.split('/');
    const oci = { storage: storage!, repository: repository!, name: rest.join('/'), full: name };
    const context = await findPushContext(env.DB, oci, [a, b], [], [b]);
    expect(context!.blobs.get(a)!.content).toBeNull();
    expect(new TextDecoder().decode(context!.blobs.get(b)!.content!)).toBe('layer b');
    const none = await findPushContext(env.DB, oci, [a, b], [], []);
    expect([...none!.blobs.values()].map((blob) => blob.content)).toEqual([null, null]);
  });

  it('refuses manifests over 4 MiB with 413', async () => {
    const name = uniqueName();
    const manifest = await imageManifest(name, {
      annotations: { big: 'x'.repeat(4 * 1024 * 1024) },
    });
    await expectOciError(await putManifest(name, 'huge', manifest), 413, 'SIZE_INVALID');
  });

  it('rejects malformed manifests with MANIFEST_INVALID', async () => {
    const name = uniqueName();
    const valid = JSON.parse(await imageManifest(name)) as Record<string, unknown>;
    const cases: [string, string][] = [
      ['not json', OCI_MANIFEST],
      ['[1,2]', OCI_MANIFEST],
      [JSON.stringify({ ...valid, schemaVersion: 1 }), OCI_MANIFEST],
      [JSON.stringify({ ...valid, config: undefined }), OCI_MANIFEST],
      [
        JSON.stringify({ ...valid, layers: [{ mediaType: 'x', digest: 'sha256:bad', size: 1 }] }),
        OCI_MANIFEST,
      ],
      [
        JSON.stringify({
          ...valid,
          layers: [
            { mediaType: 'x', digest: (valid.config as { digest: string }).digest, size: -1 },
          ],
        }),
        OCI_MANIFEST,
      ],
      // Content-Type disagrees with mediaType.
      [JSON.stringify(valid), OCI_INDEX],
      // Unsupported media type.
      [
        JSON.stringify({
          ...valid,
          mediaType: 'application/vnd.docker.distribution.manifest.v1+prettyjws',
        }),
        'application/vnd.docker.distribution.manifest.v1+prettyjws',
      ],
      [JSON.stringify({ ...valid, mediaType: undefined }), 'text/plain'],
    ];
    for (const [body, type] of cases) {
      await expectOciError(await putManifest(name, 'v1', body, type), 400, 'MANIFEST_INVALID');
    }
    await expectOciError(
      await putManifest(name, 'v1', new Uint8Array([0x7b, 0xff, 0xfe, 0x7d])),
      400,
      'MANIFEST_INVALID',
    );
    await expectOciError(
      await putManifest(name, 'bad tag!', JSON.stringify(valid)),
      400,
      'MANIFEST_INVALID',
    );
  });

  it('pushing into a repository that does not exist answers NAME_UNKNOWN', async () => {
    const empty = JSON.stringify({ schemaVersion: 2, mediaType: OCI_INDEX, manifests: [] });
    await expectOciError(
      await putManifest('default/nope/app', 'v1', empty, OCI_INDEX),
      404,
      'NAME_UNKNOWN',
    );
    // A valid manifest in an existing repository with no references creates its name.
    expect((await putManifest(uniqueName(), 'v1', empty, OCI_INDEX)).status).toBe(201);
  });
});

describe('delete', () => {
  it('DELETE by tag removes only the tag; DELETE by digest removes the manifest and its tags', async () => {
    const name = uniqueName();
    const image = await pushImage(name, 'v1');
    const tag2 = await putManifest(name, 'v2', image.manifest);
    expect(tag2.status).toBe(201);

    expect((await request('DELETE', `/v2/${name}/manifests/v1`)).status).toBe(202);
    await expectOciError(await request('GET', `/v2/${name}/manifests/v1`), 404, 'MANIFEST_UNKNOWN');
    expect((await request('GET', `/v2/${name}/manifests/${image.digest}`)).status).toBe(200);

    expect((await request('DELETE', `/v2/${name}/manifests/${image.digest}`)).status).toBe(202);
    await expectOciError(
      await request('GET', `/v2/${name}/manifests/${image.digest}`),
      404,
      'MANIFEST_UNKNOWN',
    );
    await expectOciError(await request('GET', `/v2/${name}/manifests/v2`), 404, 'MANIFEST_UNKNOWN');
    await expectOciError(
      await request('DELETE', `/v2/${name}/manifests/${image.digest}`),
      404,
      'MANIFEST_UNKNOWN',
    );
    await expectOciError(
      await request('DELETE', `/v2/${name}/manifests/v1`),
      404,
      'MANIFEST_UNKNOWN',
    );
    await expectOciError(
      await request('DELETE', '/v2/default/charts/ghost/manifests/v1'),
      404,
      'NAME_UNKNOWN',
    );
  });
});
