// A private repository that is not yours answers exactly like one that does not exist, on every
// route of the Helm HTTP surface and of the admin API: same status, headers and body, for
// anonymous callers and for authenticated callers without read (issue 13, item 2).
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { basic, createToken } from '../helpers/auth';
import { buildChart, createRepository, putChartHttp, repositoryId } from '../helpers/charts';
import { request } from '../helpers/oci';

interface Route {
  method: string;
  /** The path after `/repositories/<storage>/<repository>/` (Helm) or `/api/repository/<id>` (admin). */
  path: string;
  body?: () => Promise<BodyInit>;
  contentType?: string;
}

const chart = () => buildChart({ name: 'hidden', version: '1.0.0' });

function multipart(): Promise<BodyInit> {
  return chart().then((archive) => {
    const form = new FormData();
    form.append('chart', new Blob([archive]), 'hidden-1.0.0.tgz');
    return form;
  });
}

const HELM_ROUTES: Route[] = [
  { method: 'GET', path: 'index.yaml' },
  { method: 'HEAD', path: 'index.yaml' },
  { method: 'GET', path: 'index.json' },
  { method: 'HEAD', path: 'index.json' },
  { method: 'GET', path: 'charts/hidden/hidden-1.0.0.tgz' },
  { method: 'HEAD', path: 'charts/hidden/hidden-1.0.0.tgz' },
  { method: 'GET', path: 'charts/hidden/hidden-1.0.0.tgz.prov' },
  { method: 'HEAD', path: 'charts/hidden/hidden-1.0.0.tgz.prov' },
  { method: 'GET', path: 'charts/hidden/hidden-9.9.9.tgz' },
  { method: 'GET', path: 'api/charts' },
  { method: 'HEAD', path: 'api/charts' },
  { method: 'GET', path: 'api/charts/hidden' },
  { method: 'HEAD', path: 'api/charts/hidden' },
  { method: 'GET', path: 'api/charts/hidden/1.0.0' },
  { method: 'HEAD', path: 'api/charts/hidden/1.0.0' },
  { method: 'POST', path: 'api/charts', body: chart, contentType: 'application/gzip' },
  { method: 'POST', path: 'api/charts', body: multipart },
  { method: 'POST', path: 'api/prov', body: async () => 'not a provenance file' },
  { method: 'DELETE', path: 'api/charts/hidden/1.0.0' },
  { method: 'PUT', path: 'hidden-1.0.1.tgz', body: chart, contentType: 'application/gzip' },
  { method: 'PUT', path: 'hidden-1.0.0.tgz.prov', body: async () => 'not a provenance file' },
];

const ADMIN_ROUTES: Route[] = [
  { method: 'GET', path: '' },
  { method: 'PATCH', path: '', body: async () => '{"allowOverwrite":false}' },
  { method: 'DELETE', path: '' },
  { method: 'GET', path: '/packages' },
  {
    method: 'DELETE',
    path: '/packages',
    body: async () => '{"paths":["charts/hidden/hidden-1.0.0.tgz"]}',
    contentType: 'application/json',
  },
];

/** Everything a client can see of a response. */
async function seen(res: Response) {
  const headers = [...res.headers].filter(([k]) => !k.startsWith('x-storage-'));
  return { status: res.status, headers, body: await res.text() };
}

async function send(route: Route, path: string, authorization: string | null) {
  const headers: Record<string, string> = authorization ? { authorization } : {};
  if (route.contentType) headers['content-type'] = route.contentType;
  const body = route.body ? await route.body() : null;
  return seen(await request(route.method, path, { auth: false, headers, body }));
}

describe('private repositories look like missing ones', () => {
  let hidden: string;
  let hiddenId: number;
  // The missing ones are named with as many characters, so even Content-Length must match.
  let missingRepo: string;
  let missingId: string;
  const callers: [string, string | null][] = [['anonymous', null]];

  beforeAll(async () => {
    hidden = await createRepository(env.DB, { visibility: 'private' });
    hiddenId = await repositoryId(env.DB, hidden);
    missingRepo = hidden.replace(/-[a-z0-9]+$/, (m) => `-${'q'.repeat(m.length - 1)}`);
    missingId = '9'.repeat(String(hiddenId).length);
    expect([missingRepo, missingId]).not.toContain(hidden);
    expect(missingId).not.toBe(String(hiddenId));
    expect((await putChartHttp(hidden, await chart(), 'hidden-1.0.0.tgz')).status).toBe(201);
    const other = await createToken({
      name: 'other',
      scopes: [{ repository: 'default/elsewhere', actions: ['read', 'write', 'delete'] }],
    });
    callers.push(['a token without read', basic(other.secret, '')]);
    callers.push(['the same token as Bearer', `Bearer ${other.secret}`]);
  });

  it.each(HELM_ROUTES.map((r) => [`${r.method} ${r.path}`, r] as const))(
    'Helm surface: %s',
    async (_, route) => {
      for (const [who, authorization] of callers) {
        const missing = await send(
          route,
          `/repositories/${missingRepo}/${route.path}`,
          authorization,
        );
        const privateOne = await send(
          route,
          `/repositories/${hidden}/${route.path}`,
          authorization,
        );
        const expected = {
          ...missing,
          body: missing.body.replaceAll(missingRepo, hidden),
        };
        expect(privateOne, who).toEqual(expected);
        expect(missing.status, who).toBe(authorization ? 404 : 401);
      }
    },
  );

  it.each(ADMIN_ROUTES.map((r) => [`${r.method} /api/repository/<id>${r.path}`, r] as const))(
    'admin API: %s',
    async (_, route) => {
      for (const [who, authorization] of callers) {
        const missing = await send(
          route,
          `/api/repository/${missingId}${route.path}`,
          authorization,
        );
        const privateOne = await send(
          route,
          `/api/repository/${hiddenId}${route.path}`,
          authorization,
        );
        const expected = { ...missing, body: missing.body.replaceAll(missingId, String(hiddenId)) };
        expect(privateOne, who).toEqual(expected);
        expect(missing.status, who).toBeGreaterThanOrEqual(401);
      }
    },
  );
});
