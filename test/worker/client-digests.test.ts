// Digests and references are client input on every route that takes one: names of prototype
// members (`constructor:`, `__proto__:`, `toString:`) are malformed digests like any other (400
// DIGEST_INVALID, never a 500), and a malformed tag names no manifest (404 MANIFEST_UNKNOWN on
// GET/HEAD/DELETE, as the OCI conformance suite's "nonexistent manifest" specs expect).
import { describe, expect, it } from 'vitest';
import {
  descriptorOf,
  expectOciError,
  OCI_MANIFEST,
  pushImage,
  request,
  uniqueName,
} from '../helpers/oci';

const HOSTILE = ['constructor:abc', '__proto__:abc', 'toString:abc', 'hasOwnProperty:0'];

describe('client digests on every route', () => {
  for (const digest of HOSTILE) {
    it(`"${digest}" is DIGEST_INVALID everywhere`, async () => {
      const name = uniqueName('proto');
      await pushImage(name, 'v1');
      const routes: [string, string, RequestInit?][] = [];
      for (const base of [`/v2/${name}`, `/v2/repositories/${name}`]) {
        routes.push(
          ['GET', `${base}/manifests/${digest}`],
          ['HEAD', `${base}/manifests/${digest}`],
          ['DELETE', `${base}/manifests/${digest}`],
          ['PUT', `${base}/manifests/${digest}`],
          ['GET', `${base}/blobs/${digest}`],
          ['HEAD', `${base}/blobs/${digest}`],
          ['DELETE', `${base}/blobs/${digest}`],
          ['GET', `${base}/referrers/${digest}`],
          ['POST', `${base}/blobs/uploads/?digest=${digest}`],
          ['POST', `${base}/blobs/uploads/?mount=${digest}&from=${name}`],
        );
      }
      for (const [method, path] of routes) {
        const body = method === 'PUT' ? '{}' : method === 'POST' ? 'data' : undefined;
        const res = await request(method, path, {
          body,
          headers: { 'content-type': OCI_MANIFEST },
        });
        if (method === 'HEAD') {
          expect(res.status, `${method} ${path}`).toBe(400);
          continue;
        }
        await expectOciError(res, 400, 'DIGEST_INVALID');
      }
      const started = await request('POST', `/v2/${name}/blobs/uploads/`);
      const location = started.headers.get('location')!;
      await expectOciError(
        await request('PUT', `${location}?digest=${digest}`, { body: 'data' }),
        400,
        'DIGEST_INVALID',
      );
    });

    it(`a manifest naming "${digest}" as a layer is MANIFEST_INVALID`, async () => {
      const name = uniqueName('proto');
      const config = await descriptorOf('application/vnd.oci.image.config.v1+json', '{}');
      const manifest = JSON.stringify({
        schemaVersion: 2,
        mediaType: OCI_MANIFEST,
        config,
        layers: [{ mediaType: 'application/vnd.oci.image.layer.v1.tar', digest, size: 1 }],
      });
      const res = await request('PUT', `/v2/${name}/manifests/v1`, {
        body: manifest,
        headers: { 'content-type': OCI_MANIFEST },
      });
      expect(res.status).toBe(400);
      expect(res.status).toBeLessThan(500);
    });
  }

  it('a malformed tag names no manifest: 404 MANIFEST_UNKNOWN on GET, HEAD and DELETE; 400 on PUT', async () => {
    const name = uniqueName('tags');
    await pushImage(name, 'v1');
    for (const tag of ['.INVALID_MANIFEST_NAME', '-bad', 't'.repeat(129), 'constructor']) {
      const known = tag === 'constructor';
      const get = await request('GET', `/v2/${name}/manifests/${tag}`);
      await expectOciError(get, 404, 'MANIFEST_UNKNOWN');
      expect((await request('HEAD', `/v2/${name}/manifests/${tag}`)).status).toBe(404);
      await expectOciError(
        await request('DELETE', `/v2/${name}/manifests/${tag}`),
        404,
        'MANIFEST_UNKNOWN',
      );
      if (known) continue;
      await expectOciError(
        await request('PUT', `/v2/${name}/manifests/${tag}`, {
          body: '{}',
          headers: { 'content-type': OCI_MANIFEST },
        }),
        400,
        'MANIFEST_INVALID',
      );
    }
  });
});
