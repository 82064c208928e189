// Client strings never reach a header unvalidated: hostile OCI names on every /v2 route kind
// answer NAME_INVALID (400) before any challenge is built, with or without credentials; hostile
// scopes change no header either (issue 13, item 6). The realm's host needs no check: workerd
// cannot even build a request URL whose host holds `"` or `,` (miniflare refuses it before the
// Worker runs) and the edge routes only real host names.
import { describe, expect, it } from 'vitest';
import { ADMIN, expectOciError, request } from '../helpers/oci';

const DIGEST = `sha256:${'a'.repeat(64)}`;

/** `<name>` is replaced by the OCI name under test. */
const ROUTES: [string, string][] = [
  ['GET', '/v2/<name>/tags/list'],
  ['GET', `/v2/<name>/referrers/${DIGEST}`],
  ['GET', '/v2/<name>/manifests/1.0.0'],
  ['HEAD', '/v2/<name>/manifests/1.0.0'],
  ['PUT', '/v2/<name>/manifests/1.0.0'],
  ['DELETE', `/v2/<name>/manifests/${DIGEST}`],
  ['GET', `/v2/<name>/blobs/${DIGEST}`],
  ['HEAD', `/v2/<name>/blobs/${DIGEST}`],
  ['DELETE', `/v2/<name>/blobs/${DIGEST}`],
  ['POST', '/v2/<name>/blobs/uploads/'],
  ['POST', `/v2/<name>/blobs/uploads/?digest=${DIGEST}`],
  ['POST', `/v2/<name>/blobs/uploads/?mount=${DIGEST}&from=default/charts/x`],
  ['GET', '/v2/<name>/blobs/uploads/some-session'],
  ['PATCH', '/v2/<name>/blobs/uploads/some-session'],
  ['PUT', `/v2/<name>/blobs/uploads/some-session?digest=${DIGEST}`],
  ['DELETE', '/v2/<name>/blobs/uploads/some-session'],
];

/** Hostile names, in each position of `<storage>/<repository>/<chart>`; what must not leak. */
const EVIL = 'a%22,realm=%22https:%2F%2Fevil.example';
const NAMES: string[] = [
  `default/charts/${EVIL}`,
  `${EVIL}/charts/x`,
  `default/${EVIL}/x`,
  'default/charts/a%00b',
  'default/charts/a%0d%0aSet-Cookie:%20evil=1',
  'default/charts/a%0aevil',
  'default/charts/a%20evil',
  'default/charts/caf%C3%A9-evil',
  'default/charts/%E2%80%AEevil',
  'default/charts/Evil',
  'default/charts/a,evil',
  'default/charts/a;evil=1',
];

function attackerText(value: string): boolean {
  // eslint-disable-next-line no-control-regex
  return /evil|realm=.*realm=|[\u0000-\u001f]/i.test(value);
}

describe('hostile OCI names', () => {
  for (const [method, template] of ROUTES) {
    for (const auth of [null, ADMIN, 'Bearer not-a-credential']) {
      it(`${method} ${template} (${auth ? auth.slice(0, 10) : 'anonymous'})`, async () => {
        for (const name of NAMES) {
          const path = template.replace('<name>', name);
          for (const prefix of ['', '/repositories']) {
            const url = path.replace('/v2/', `/v2${prefix}/`);
            const res = await request(method, url, {
              auth: false,
              headers: auth ? { authorization: auth } : {},
              body: method === 'PUT' || method === 'PATCH' ? 'x' : null,
            });
            for (const [key, value] of res.headers) {
              expect(attackerText(value), `${url}: ${key}: ${value}`).toBe(false);
            }
            // A name with a line break matches no route (`.` stops there); the fallback
            // answers NAME_INVALID as the routes do (oci/fallbacks.ts).
            if (method === 'HEAD') {
              expect(res.status, url).toBe(400);
              await res.arrayBuffer();
            } else {
              await expectOciError(res, 400, 'NAME_INVALID');
            }
          }
        }
      });
    }
  }

  it('the challenge for a valid name has one realm, service and scope', async () => {
    const res = await request('POST', '/v2/default/charts/a-b.c_d/blobs/uploads/', {
      auth: false,
    });
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="http://registry.test/v2/token",service="registry.test",scope="repository:default/charts/a-b.c_d:pull,push"',
    );
    await expectOciError(res, 401, 'UNAUTHORIZED');
  });

  it('a hostile scope at the token endpoint reaches no header', async () => {
    for (const scope of [
      `repository:default/charts/${decodeURIComponent(EVIL)}:pull`,
      'repository:default/charts/x:pull\r\nX-Evil: 1',
      'repository:default/charts/x\u0000:pull',
    ]) {
      for (const authorization of [null, 'Basic ' + btoa('x:wrong-evil')]) {
        const res = await request('GET', `/v2/token?${new URLSearchParams({ scope })}`, {
          auth: false,
          headers: authorization ? { authorization } : {},
        });
        expect(res.status).toBeLessThan(500);
        for (const [key, value] of res.headers) {
          expect(attackerText(value), `${key}: ${value}`).toBe(false);
        }
        await res.arrayBuffer();
      }
    }
  });
});
