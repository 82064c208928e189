// A hostile sweep of every surface: names, digests, references, session ids, repository ids
// and Authorization headers that a client controls, sent to every route kind. Whatever comes
// in, the answer is a clear error in the surface's own shape: never a 5xx, never the client's
// text in a response header, never a stored change.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ORIGIN, request, type RequestOptions } from '../helpers/oci';

/** What attackers put where a name, digest, tag or id goes (URL-encoded where it must be). */
const HOSTILE = [
  'constructor',
  '__proto__',
  'toString',
  'hasOwnProperty',
  'constructor:abc',
  '__proto__:abc',
  'toString:abc',
  'sha256:constructor',
  'a%22,realm=%22https:%2F%2Fevil.example',
  'a%00b',
  'a%0d%0aX-Evil:%201',
  '%E2%80%AEevil',
  'evil%20space',
  '..',
  '%2e%2e',
  'a'.repeat(300),
  '1e0',
  '-1',
  'sha256:' + 'f'.repeat(64) + '.x',
];

/** Markers that must never reach a response header. */
// eslint-disable-next-line no-control-regex -- a NUL is exactly what must not get through
const INJECTED = /evil|x-evil|\u0000/i;

/** OCI route templates; `{n}` is the chart part of the name, `{r}` a reference, `{d}` a digest. */
const OCI_ROUTES: [method: string, path: string][] = [
  ['GET', '/v2/default/charts/{n}/tags/list'],
  ['GET', '/v2/default/charts/{n}/manifests/{r}'],
  ['HEAD', '/v2/default/charts/{n}/manifests/{r}'],
  ['PUT', '/v2/default/charts/{n}/manifests/{r}'],
  ['DELETE', '/v2/default/charts/{n}/manifests/{r}'],
  ['GET', '/v2/default/charts/{n}/blobs/{d}'],
  ['HEAD', '/v2/default/charts/{n}/blobs/{d}'],
  ['DELETE', '/v2/default/charts/{n}/blobs/{d}'],
  ['GET', '/v2/default/charts/{n}/referrers/{d}'],
  ['POST', '/v2/default/charts/{n}/blobs/uploads/'],
  ['POST', '/v2/default/charts/{n}/blobs/uploads/?digest={d}'],
  ['POST', '/v2/default/charts/{n}/blobs/uploads/?mount={d}&from=default/charts/{n}'],
  ['GET', '/v2/default/charts/{n}/blobs/uploads/{r}'],
  ['PATCH', '/v2/default/charts/{n}/blobs/uploads/{r}'],
  ['PUT', '/v2/default/charts/{n}/blobs/uploads/{r}?digest={d}'],
  ['DELETE', '/v2/default/charts/{n}/blobs/uploads/{r}'],
  ['GET', '/v2/{n}/charts/x/tags/list'],
  ['GET', '/v2/default/{n}/x/manifests/1.0.0'],
  ['GET', '/v2/repositories/default/charts/{n}/manifests/{r}'],
  ['GET', '/v2/_catalog?n={r}&last={n}'],
  ['GET', '/v2/token?service=registry.test&scope=repository:default/charts/{n}:{r}'],
];

const HELM_ROUTES: [method: string, path: string][] = [
  ['GET', '/repositories/default/{n}/index.yaml'],
  ['GET', '/repositories/{n}/charts/index.yaml'],
  ['GET', '/repositories/default/charts/charts/{n}/{n}-{r}.tgz'],
  ['HEAD', '/repositories/default/charts/charts/{n}/{n}-{r}.tgz.prov'],
  ['PUT', '/repositories/default/charts/{n}-{r}.tgz'],
  ['PUT', '/repositories/default/charts/{n}-{r}.tgz.prov'],
  ['GET', '/repositories/default/charts/api/charts/{n}'],
  ['GET', '/repositories/default/charts/api/charts/{n}/{r}'],
  ['DELETE', '/repositories/default/charts/api/charts/{n}/{r}'],
];

const ADMIN_ROUTES: [method: string, path: string][] = [
  ['GET', '/api/repositories/{n}'],
  ['PATCH', '/api/repositories/{n}'],
  ['DELETE', '/api/repositories/{n}'],
  ['GET', '/api/repositories/{n}/versions?page={r}&per_page={r}'],
  ['DELETE', '/api/repositories/{n}/versions'],
  ['GET', '/api/repository/{n}'],
  ['PATCH', '/api/repository/{n}'],
  ['DELETE', '/api/repository/{n}'],
  ['GET', '/api/repository/{n}/packages?page={r}&per_page={r}'],
  ['DELETE', '/api/repository/{n}/packages'],
  ['GET', '/api/tokens/{n}'],
  ['DELETE', '/api/tokens/{n}'],
  ['DELETE', '/api/storages/{n}'],
];

/** The chart pages (HTML; their errors are HTML pages, src/ui/error-page.tsx). */
const PAGE_ROUTES: [method: string, path: string][] = [
  ['GET', '/charts/default/charts/{n}'],
  ['GET', '/charts/{n}/charts/probe/{r}'],
  ['GET', '/charts/default/charts/probe/{r}/templates/{n}'],
  ['GET', '/charts/default/charts/probe/{r}/compare?with={r}'],
  ['GET', '/charts/default/charts/probe/{r}/versions?page={r}'],
  ['GET', '/search?q={n}&page={r}'],
];

/** Valid values for the slots that are not under attack. */
const VALID: Record<'n' | 'r' | 'd', string> = {
  n: 'probe',
  r: '1.0.0',
  d: `sha256:${'0'.repeat(64)}`,
};

/** The template with `value` in one slot and valid values in the others, for each slot it has. */
function fillings(template: string, value: string): string[] {
  const slots = (['n', 'r', 'd'] as const).filter((slot) => template.includes(`{${slot}}`));
  return slots.map((attacked) =>
    slots.reduce(
      (path, slot) => path.replaceAll(`{${slot}}`, slot === attacked ? value : VALID[slot]),
      template,
    ),
  );
}

async function stateSnapshot(): Promise<string> {
  const tables = [
    'storages',
    'repositories',
    'packages',
    'manifests',
    'tags',
    'blobs',
    'chart_versions',
    'access_tokens',
  ];
  const counts: string[] = [];
  for (const table of tables) {
    const row = await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`)
      .first<{ n: number }>()
      .catch(() => ({ n: -1 }));
    counts.push(`${table}=${row?.n}`);
  }
  const objects = await env.BLOBS.list({ limit: 1000 });
  counts.push(`r2=${objects.objects.length}`);
  return counts.join(' ');
}

/**
 * Sends the request and returns what is wrong with the answer (null when it is a well-formed,
 * non-5xx answer of its surface without injected headers).
 */
async function probe(
  method: string,
  path: string,
  options: RequestOptions,
): Promise<string | null> {
  const body = method === 'PUT' || method === 'PATCH' || method === 'POST' ? 'x' : null;
  let res: Response;
  try {
    res = await request(method, path, { ...options, body });
  } catch (err) {
    // A URL the runtime refuses to build never reaches the Worker: nothing to check.
    if (err instanceof TypeError) return null;
    throw err;
  }
  const text = await res.text();
  const where = `${method} ${path.slice(0, 120)} -> ${res.status} ${text.slice(0, 120)}`;
  if (res.status >= 500) return where;
  for (const [key, value] of res.headers) {
    if (INJECTED.test(`${key}: ${value}`)) return `${where} [header ${key}: ${value}]`;
  }
  if (res.status < 400 || method === 'HEAD') return null;
  // The URL as the Worker saw it (`/v2/../x` is `/x` by then).
  const seen = new URL(path, ORIGIN).pathname;
  if (seen.startsWith('/charts/') || seen === '/search') {
    const page = /^text\/html/.test(res.headers.get('content-type') ?? '');
    return page && text.includes('<h1 id="error-heading">') ? null : `${where} [not an error page]`;
  }
  if (!/^application\/json/.test(res.headers.get('content-type') ?? '')) {
    return `${where} [not JSON]`;
  }
  const json = JSON.parse(text) as { errors?: { code: string }[]; error?: string };
  const shaped = seen.startsWith('/v2/')
    ? Array.isArray(json.errors) && json.errors.length > 0
    : typeof json.error === 'string';
  return shaped ? null : `${where} [not this surface's error shape]`;
}

const CALLERS: [string, RequestOptions][] = [
  ['admin', {}],
  ['anonymous', { auth: false }],
];

describe('hostile probe', () => {
  for (const [who, options] of CALLERS) {
    it(`no route answers a hostile name, digest, reference or id with a 5xx or a leak (${who})`, async () => {
      const before = await stateSnapshot();
      const problems: string[] = [];
      for (const value of HOSTILE) {
        for (const [method, template] of [
          ...OCI_ROUTES,
          ...HELM_ROUTES,
          ...ADMIN_ROUTES,
          ...PAGE_ROUTES,
        ]) {
          for (const path of fillings(template, value)) {
            const problem = await probe(method, path, options);
            if (problem) problems.push(problem);
          }
        }
      }
      expect.soft(problems).toEqual([]);
      expect(await stateSnapshot()).toBe(before);
    });
  }

  it('hostile manifest bodies and upload chunks get clear errors and store nothing', async () => {
    const before = await stateSnapshot();
    const digest = `sha256:${'0'.repeat(64)}`;
    const layer = (d: string) => ({ mediaType: 'application/octet-stream', digest: d, size: 1 });
    const manifests = [
      'not json',
      '[]',
      'null',
      '{"schemaVersion":2}',
      '['.repeat(100_000) + ']'.repeat(100_000),
      JSON.stringify({
        schemaVersion: 2,
        config: layer(digest),
        layers: Array(20_000).fill(layer(digest)),
      }),
      JSON.stringify({ schemaVersion: 2, config: layer('constructor:abc'), layers: [] }),
      JSON.stringify({ schemaVersion: 2, config: layer(digest), layers: [layer('__proto__:x')] }),
      '{"__proto__":{"admin":true},"schemaVersion":2,"config":{"constructor":1},"layers":[]}',
      JSON.stringify({
        schemaVersion: 2,
        mediaType: 'constructor',
        config: layer(digest),
        layers: [],
      }),
      JSON.stringify({
        schemaVersion: 2,
        config: layer(digest),
        layers: [],
        subject: layer('toString:1'),
      }),
    ];
    const contentTypes = [
      'application/vnd.oci.image.manifest.v1+json',
      'application/vnd.oci.image.index.v1+json',
      'constructor',
      '',
    ];
    const problems: string[] = [];
    const note = async (res: Response, what: string) => {
      const text = await res.text();
      if (res.status >= 500 || res.status < 400)
        problems.push(`${what}: ${res.status} ${text.slice(0, 160)}`);
    };
    for (const body of manifests) {
      for (const type of contentTypes) {
        const headers: Record<string, string> = type ? { 'content-type': type } : {};
        const res = await request('PUT', '/v2/default/charts/probe/manifests/1.0.0', {
          body,
          headers,
        });
        await note(res, `manifest ${body.slice(0, 40)} as ${type}`);
      }
    }
    const start = await request('POST', '/v2/default/charts/probe/blobs/uploads/');
    const location = start.headers.get('location')!;
    for (const range of [
      'bytes=0-0',
      '0-',
      '-1-5',
      '5-1',
      'abc',
      '0-99999999999999999999',
      '10-19',
    ]) {
      const res = await request('PATCH', location, {
        body: 'x'.repeat(10),
        headers: { 'content-range': range, 'content-type': 'application/octet-stream' },
      });
      if (res.status >= 500)
        problems.push(`PATCH Content-Range ${range}: ${res.status} ${await res.text()}`);
      else await res.arrayBuffer();
    }
    await (await request('DELETE', location)).arrayBuffer();
    expect.soft(problems).toEqual([]);
    expect(await stateSnapshot()).toBe(before);
  });

  it('malformed Authorization headers get a clear 401 on every surface, never a 5xx', async () => {
    const headers = [
      'Basic',
      'Basic !!!',
      'Basic ' + btoa('no-colon'),
      'Bearer',
      'Bearer a.b.c',
      'Bearer ' + 'x'.repeat(10_000),
      'Bearer eyJhbGciOiJub25lIn0.eyJzdWIiOiJhZG1pbiIsImFkbSI6dHJ1ZX0.',
      'Digest username="x"',
      'basic ' + btoa('constructor:__proto__'),
    ];
    const problems: string[] = [];
    for (const authorization of headers) {
      for (const path of [
        '/v2/',
        '/v2/default/charts/x/tags/list',
        '/v2/token?service=registry.test',
        '/repositories/default/charts/index.yaml',
        '/api/tokens',
      ]) {
        const res = await request('GET', path, { auth: false, headers: { authorization } });
        const text = await res.text();
        if (res.status !== 401)
          problems.push(`${authorization.slice(0, 40)} ${path}: ${res.status} ${text}`);
      }
    }
    expect(problems).toEqual([]);
  });
});
