// Paths with an empty component (`//`) or a line break are malformed names: NAME_INVALID on /v2, a 404 JSON error
// on the Helm surface, never 405 UNSUPPORTED or a route of another kind.
import { describe, expect, it } from 'vitest';
import { expectOciError, request } from '../helpers/oci';

const DIGEST = `sha256:${'a'.repeat(64)}`;
const SESSION = '0123456789abcdef';

/** One request of each /v2 route kind, under `name`. */
function ociRoutes(name: string): [string, string][] {
  return [
    ['GET', `${name}/tags/list`],
    ['GET', `${name}/referrers/${DIGEST}`],
    ['GET', `${name}/manifests/0.1.0`],
    ['HEAD', `${name}/manifests/0.1.0`],
    ['PUT', `${name}/manifests/0.1.0`],
    ['DELETE', `${name}/manifests/${DIGEST}`],
    ['GET', `${name}/blobs/${DIGEST}`],
    ['HEAD', `${name}/blobs/${DIGEST}`],
    ['DELETE', `${name}/blobs/${DIGEST}`],
    ['POST', `${name}/blobs/uploads/`],
    ['GET', `${name}/blobs/uploads/${SESSION}`],
    ['PATCH', `${name}/blobs/uploads/${SESSION}`],
    ['PUT', `${name}/blobs/uploads/${SESSION}?digest=${DIGEST}`],
    ['DELETE', `${name}/blobs/uploads/${SESSION}`],
  ];
}

const EMPTY_NAMES = [
  'default//charts/x',
  '/default/charts/x',
  'default/charts//x',
  'default/charts/x/',
  'default/charts/coll//x',
  // A line break stops the routes' `.+` name pattern, so these too reach the fallback.
  'default/charts/a%0ab',
  'default/charts/a%0d%0aX-Evil:%201',
];

describe('empty name components on /v2', () => {
  for (const prefix of ['/v2/', '/v2/repositories/']) {
    for (const name of EMPTY_NAMES) {
      it(`${prefix}${name}: NAME_INVALID on every route kind`, async () => {
        for (const [method, path] of ociRoutes(name)) {
          const res = await request(method, `${prefix}${path}`, {
            body: method === 'PUT' || method === 'PATCH' ? '{}' : null,
          });
          if (method === 'HEAD') {
            expect(res.status, `${method} ${path}`).toBe(400);
            continue;
          }
          await expectOciError(res, 400, 'NAME_INVALID');
        }
      });
    }
  }
});

describe('empty components on the Helm surface', () => {
  const paths: [string, string][] = [
    ['GET', 'default//charts/index.yaml'],
    ['GET', 'default//index.yaml'],
    ['GET', '/default/index.yaml'],
    ['GET', 'default//charts/index.json'],
    ['GET', 'default/charts/charts//x-0.1.0.tgz'],
    ['GET', 'default//charts/charts/x/x-0.1.0.tgz'],
    ['PUT', 'default//charts/x-0.1.0.tgz'],
    ['GET', 'default//charts/api/charts'],
    ['POST', 'default//charts/api/charts'],
    ['DELETE', 'default//charts/api/charts/x/0.1.0'],
    ['GET', 'default/charts/api/charts//0.1.0'],
  ];
  for (const [method, path] of paths) {
    it(`${method} /repositories/${path}: 404 JSON`, async () => {
      const res = await request(method, `/repositories/${path}`, {
        body: method === 'PUT' || method === 'POST' ? 'x' : null,
      });
      const text = await res.text();
      expect(res.status, text).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^application\/json/);
      expect(typeof (JSON.parse(text) as { error: unknown }).error).toBe('string');
    });
  }
});
