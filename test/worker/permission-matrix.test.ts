// Every principal x operation on every surface, public and private, then each outcome of auth/decide.ts as each surface renders it (over 300 lines: the whole matrix; a new surface adds one SURFACES row).
import { beforeAll, describe, expect, it } from 'vitest';
import { BASIC_SURFACE, decideAccess, OCI_SURFACE, type SurfaceRules } from '../../src/auth/decide';
import { ANONYMOUS, type Principal } from '../../src/auth/principal';
import type { Action } from '../../src/core/action';
import { basic, createToken, expireToken, registryToken, type CreatedToken } from '../helpers/auth';
import { buildChart, pushChartOci, putChartHttp } from '../helpers/charts';
import { request } from '../helpers/oci';

type Who =
  'anonymous' | 'reader' | 'writer' | 'maintainer' | 'other' | 'expired' | 'revoked' | 'admin';
type Op =
  | 'oci pull'
  | 'oci list'
  | 'oci push'
  | 'oci delete'
  | 'http pull'
  | 'http list'
  | 'http push'
  | 'http delete'
  | 'admin list packages'
  | 'admin delete package'
  | 'admin action';
type Outcome = 'ok' | 401 | 403 | 404;

const OPS: Op[] = [
  'oci pull',
  'oci list',
  'oci push',
  'oci delete',
  'http pull',
  'http list',
  'http push',
  'http delete',
  'admin list packages',
  'admin delete package',
  'admin action',
];
const row = (...outcomes: Outcome[]) =>
  Object.fromEntries(OPS.map((op, i) => [op, outcomes[i]!])) as Record<Op, Outcome>;
const all = (outcome: Outcome) => row(...OPS.map(() => outcome));

const EXPECTED: Record<'public' | 'private', Record<Who, Record<Op, Outcome>>> = {
  public: {
    //                 oci: pull  list  push  delete http: pull list push  delete admin: list del  action
    anonymous: row('ok', 'ok', 401, 401, 'ok', 'ok', 401, 401, 'ok', 401, 401),
    reader: row('ok', 'ok', 403, 403, 'ok', 'ok', 403, 403, 'ok', 403, 403),
    writer: row('ok', 'ok', 'ok', 403, 'ok', 'ok', 'ok', 403, 'ok', 403, 403),
    maintainer: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 403),
    other: row('ok', 'ok', 403, 403, 'ok', 'ok', 403, 403, 'ok', 403, 403),
    expired: all(401),
    revoked: all(401),
    admin: all('ok'),
  },
  private: {
    anonymous: all(401),
    reader: row('ok', 'ok', 403, 403, 'ok', 'ok', 403, 403, 'ok', 403, 403),
    writer: row('ok', 'ok', 'ok', 403, 'ok', 'ok', 'ok', 403, 'ok', 403, 403),
    maintainer: row('ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 'ok', 403),
    other: row(404, 404, 404, 404, 404, 404, 404, 404, 404, 404, 403),
    expired: all(401),
    revoked: all(401),
    admin: all('ok'),
  },
};

interface Repo {
  id: number;
  path: string;
}

const CHART = 'matrix';
let versionCounter = 0;
const nextVersion = () => `1.0.${++versionCounter}`;

describe('permission matrix', () => {
  const repos = {} as Record<'public' | 'private', Repo>;
  const secrets = {} as Record<Exclude<Who, 'anonymous'>, CreatedToken>;

  beforeAll(async () => {
    for (const visibility of ['public', 'private'] as const) {
      const name = `matrix-${visibility}`;
      const res = await request('POST', '/api/repositories', {
        body: JSON.stringify({ storage: 'default', name, visibility }),
        headers: { 'content-type': 'application/json' },
      });
      repos[visibility] = {
        id: ((await res.json()) as { id: number }).id,
        path: `default/${name}`,
      };
      await putChartHttp(
        repos[visibility].path,
        await buildChart({ name: CHART, version: '1.0.0' }),
        `${CHART}-1.0.0.tgz`,
      );
    }
    const on = (actions: string[]) =>
      [repos.public, repos.private].map((r) => ({ repository: r.path, actions }));
    secrets.reader = await createToken({ name: 'reader', scopes: on(['read']) });
    secrets.writer = await createToken({ name: 'writer', scopes: on(['read', 'write']) });
    secrets.maintainer = await createToken({
      name: 'maintainer',
      scopes: on(['read', 'write', 'delete']),
    });
    secrets.other = await createToken({
      name: 'other',
      scopes: [{ repository: 'default/elsewhere', actions: ['read', 'write', 'delete'] }],
    });
    secrets.expired = await createToken({
      name: 'expired',
      scopes: on(['read', 'write', 'delete']),
    });
    secrets.revoked = await createToken({
      name: 'revoked',
      scopes: on(['read', 'write', 'delete']),
    });
    secrets.admin = await createToken({ name: 'admin', admin: true });
    await expireToken(secrets.expired.id);
    await request('DELETE', `/api/tokens/${secrets.revoked.id}`);
  });

  /** Authorization for HTTP and admin requests: the token secret with curl's `-u "<token>:"`. */
  const httpAuth = (who: Who): Record<string, string> =>
    who === 'anonymous' ? {} : { authorization: basic(secrets[who].secret, '') };

  /**
   * Authorization for OCI requests: a registry token from /v2/token, as Helm and skopeo get one
   * after the challenge every request without credentials gets (anonymous callers too).
   */
  async function ociAuth(who: Who, repo: Repo): Promise<Record<string, string> | Response> {
    const res = await registryToken(
      who === 'anonymous' ? null : basic(secrets[who].id, secrets[who].secret),
      `repository:${repo.path}/${CHART}:pull,push,delete`,
    );
    if (res.status !== 200) return res;
    return { authorization: `Bearer ${((await res.json()) as { token: string }).token}` };
  }

  /** A fresh version that the cell may delete, seeded by the admin. */
  async function seedVersion(repo: Repo): Promise<{ version: string; digest: string }> {
    const version = nextVersion();
    const pushed = await pushChartOci(
      repo.path,
      CHART,
      await buildChart({ name: CHART, version }),
      version,
      { expectStatus: 201 },
    );
    return { version, digest: pushed.digest };
  }

  async function perform(op: Op, who: Who, repo: Repo): Promise<Response> {
    const as = { auth: false };
    if (op.startsWith('oci')) {
      const headers = await ociAuth(who, repo);
      if (headers instanceof Response) return headers;
      const base = `/v2/${repo.path}/${CHART}`;
      switch (op) {
        case 'oci pull':
          return request('GET', `${base}/manifests/1.0.0`, { ...as, headers });
        case 'oci list':
          return request('GET', `${base}/tags/list`, { ...as, headers });
        case 'oci push':
          return request('POST', `${base}/blobs/uploads/`, { ...as, headers });
        default: {
          const { digest } = await seedVersion(repo);
          return request('DELETE', `${base}/manifests/${digest}`, { ...as, headers });
        }
      }
    }
    const headers = httpAuth(who);
    const base = `/repositories/${repo.path}`;
    switch (op) {
      case 'http pull':
        return request('GET', `${base}/charts/${CHART}/${CHART}-1.0.0.tgz`, { ...as, headers });
      case 'http list':
        return request('GET', `${base}/api/charts`, { ...as, headers });
      case 'http push': {
        const version = nextVersion();
        const archive = await buildChart({ name: CHART, version });
        return request('PUT', `${base}/${CHART}-${version}.tgz`, {
          ...as,
          body: archive,
          headers: { ...headers, 'content-length': String(archive.byteLength) },
        });
      }
      case 'http delete': {
        const { version } = await seedVersion(repo);
        return request('DELETE', `${base}/api/charts/${CHART}/${version}`, { ...as, headers });
      }
      case 'admin list packages':
        return request('GET', `/api/repository/${repo.id}/packages`, { ...as, headers });
      case 'admin delete package': {
        const { version } = await seedVersion(repo);
        return request('DELETE', `/api/repository/${repo.id}/packages`, {
          ...as,
          body: JSON.stringify({ paths: [`charts/${CHART}/${CHART}-${version}.tgz`] }),
          headers: { ...headers, 'content-type': 'application/json' },
        });
      }
      default:
        return request('PATCH', `/api/repository/${repo.id}`, {
          ...as,
          body: JSON.stringify({ allowOverwrite: false }),
          headers: { ...headers, 'content-type': 'application/json' },
        });
    }
  }

  for (const visibility of ['public', 'private'] as const) {
    for (const who of Object.keys(EXPECTED[visibility]) as Who[]) {
      it(`${visibility} repository, ${who}`, async () => {
        const outcomes = {} as Record<Op, Outcome | number>;
        for (const op of OPS) {
          const res = await perform(op, who, repos[visibility]);
          await res.arrayBuffer();
          outcomes[op] = res.status < 300 ? 'ok' : res.status;
        }
        expect(outcomes).toEqual(EXPECTED[visibility][who]);
      });
    }
  }

  it('the catalog lists private names only to those who may read them', async () => {
    const catalogOf = async (who: Who) => {
      const headers = await ociAuth(who, repos.private);
      const res = await request('GET', '/v2/_catalog', {
        auth: false,
        headers: headers instanceof Response ? {} : headers,
      });
      return ((await res.json()) as { repositories: string[] }).repositories;
    };
    const priv = `${repos.private.path}/${CHART}`;
    const pub = `${repos.public.path}/${CHART}`;
    for (const who of ['anonymous', 'other'] as const) {
      const names = await catalogOf(who);
      expect(names).toContain(pub);
      expect(names).not.toContain(priv);
    }
    for (const who of ['reader', 'writer', 'maintainer'] as const) {
      const res = await request('GET', '/v2/_catalog', { auth: false, headers: httpAuth(who) });
      expect(((await res.json()) as { repositories: string[] }).repositories).toContain(priv);
    }
    expect(await catalogOf('admin')).toContain(priv);
  });

  it('private repositories answer like unknown ones to the unauthorised', async () => {
    const headers = httpAuth('other');
    const hidden = await request('GET', `/repositories/${repos.private.path}/index.yaml`, {
      auth: false,
      headers,
    });
    const missing = await request('GET', '/repositories/default/does-not-exist/index.yaml', {
      auth: false,
      headers,
    });
    expect([hidden.status, (await hidden.json()) as unknown]).toEqual([
      404,
      { error: `repository ${repos.private.path} not found` },
    ]);
    expect(missing.status).toBe(404);
    await missing.text();
    const anonHidden = await request('GET', `/repositories/${repos.private.path}/index.yaml`, {
      auth: false,
    });
    const anonMissing = await request('GET', '/repositories/default/does-not-exist/index.yaml', {
      auth: false,
    });
    expect([anonHidden.status, anonMissing.status]).toEqual([401, 401]);
    expect(anonHidden.headers.get('www-authenticate')).toMatch(/^Basic/);
    await anonHidden.text();
    await anonMissing.text();
  });

  /** A refusal the decision gives, and a request whose answer is it on every surface. */
  type Refusal = 'challenge' | 'invalid credentials' | 'hidden' | 'denied';
  const CASES: Record<Refusal, { who: Who; visibility: 'public' | 'private'; action: Action }> = {
    challenge: { who: 'anonymous', visibility: 'private', action: 'read' },
    'invalid credentials': { who: 'expired', visibility: 'private', action: 'read' },
    hidden: { who: 'other', visibility: 'private', action: 'delete' },
    denied: { who: 'reader', visibility: 'public', action: 'delete' },
  };
  /** The decision's view of the matrix's callers (those the cases use). */
  const MODELS: Partial<Record<Who, Principal>> = {
    anonymous: ANONYMOUS,
    expired: { kind: 'invalid' },
    other: {
      kind: 'user',
      subject: 'token:other',
      grants: [{ target: 'default/elsewhere', actions: ['read', 'write', 'delete'] }],
    },
    reader: {
      kind: 'user',
      subject: 'token:reader',
      grants: [{ target: 'default/matrix-public', actions: ['read'] }],
    },
  };

  interface Rendered {
    status: number;
    body: unknown;
    challenge: string | null;
  }
  interface Surface {
    rules: SurfaceRules;
    /** A request for `action` on `repo`; null where the surface has no such request. */
    send(action: Action, repo: Repo, who: Who): Promise<Response> | null;
    /** How the surface answers each refusal on `repo`. */
    renders(refusal: Refusal, repo: Repo, action: Action): Rendered;
  }

  const ociError = (status: number, code: string, message: string, detail: unknown) => ({
    status,
    body: { errors: [{ code, message, detail }] },
  });
  const BEARER = 'Bearer realm="http://registry.test/v2/token",service="registry.test"';
  const BASIC = 'Basic realm="registry.test", charset="UTF-8"';
  const basicHeaders = (who: Who): Record<string, string> =>
    who === 'anonymous' ? {} : { authorization: basic(secrets[who].secret, '') };
  const basicRefusal = (refusal: Refusal, notFound: string, denied: string): Rendered => {
    if (refusal === 'challenge' || refusal === 'invalid credentials') {
      const message = refusal === 'challenge' ? 'authentication required' : refusal;
      return { status: 401, body: { error: message }, challenge: BASIC };
    }
    return refusal === 'hidden'
      ? { status: 404, body: { error: notFound }, challenge: null }
      : { status: 403, body: { error: denied }, challenge: null };
  };
  const DIGEST = `sha256:${'0'.repeat(64)}`;
  /** A JSON answer's body; of an HTML page (the chart pages), its heading and message. */
  const bodyOf = async (res: Response): Promise<unknown> => {
    if (!res.headers.get('content-type')?.startsWith('text/html')) return res.json();
    const html = await res.text();
    const text = (re: RegExp) => re.exec(html)?.[1] ?? null;
    return {
      heading: text(/<h1[^>]*>([^<]*)<\/h1>/),
      message: text(/<p class="lead">([^<]*)<\/p>/),
    };
  };

  const SURFACES: Record<string, Surface> = {
    OCI: {
      rules: OCI_SURFACE,
      send(action, repo, who) {
        const base = `/v2/${repo.path}/${CHART}`;
        const headers: Record<string, string> =
          who === 'anonymous' ? {} : { authorization: `Bearer ${secrets[who].secret}` };
        const as = { auth: false, headers };
        if (action === 'read') return request('GET', `${base}/manifests/1.0.0`, as);
        if (action === 'write') return request('POST', `${base}/blobs/uploads/`, as);
        return request('DELETE', `${base}/manifests/${DIGEST}`, as);
      },
      renders(refusal, repo, action) {
        const name = `${repo.path}/${CHART}`;
        if (refusal === 'challenge' || refusal === 'invalid credentials') {
          const detail = refusal === 'challenge' ? 'authentication required' : refusal;
          const scope = { read: 'pull', write: 'pull,push', delete: 'delete' }[action];
          return {
            ...ociError(401, 'UNAUTHORIZED', 'authentication required', detail),
            challenge: `${BEARER},scope="repository:${name}:${scope}"`,
          };
        }
        if (refusal === 'hidden') {
          const unknown = 'repository name not known to registry';
          return { ...ociError(404, 'NAME_UNKNOWN', unknown, { name }), challenge: null };
        }
        const detail = `${action} is not allowed on ${repo.path} with these credentials`;
        const message = 'requested access to the resource is denied';
        return { ...ociError(403, 'DENIED', message, detail), challenge: null };
      },
    },
    'Helm HTTP and ChartMuseum': {
      rules: BASIC_SURFACE,
      send(action, repo, who) {
        const base = `/repositories/${repo.path}`;
        const as = { auth: false, headers: basicHeaders(who) };
        if (action === 'read') return request('GET', `${base}/index.yaml`, as);
        if (action === 'write') return request('PUT', `${base}/${CHART}-9.9.9.tgz`, as);
        return request('DELETE', `${base}/api/charts/${CHART}/1.0.0`, as);
      },
      renders: (refusal, repo, action) =>
        basicRefusal(
          refusal,
          `repository ${repo.path} not found`,
          `${action} is not allowed on ${repo.path} with these credentials`,
        ),
    },
    admin: {
      rules: BASIC_SURFACE,
      send(action, repo, who) {
        const path = `/api/repository/${repo.id}/packages`;
        const as = { auth: false, headers: basicHeaders(who) };
        if (action === 'read') return request('GET', path, as);
        if (action === 'write') return null;
        return request('DELETE', path, {
          ...as,
          body: JSON.stringify({ paths: [`charts/${CHART}/${CHART}-1.0.0.tgz`] }),
          headers: { ...as.headers, 'content-type': 'application/json' },
        });
      },
      renders: (refusal, repo, action) =>
        basicRefusal(
          refusal,
          `repository ${repo.id} not found`,
          `${action} is not allowed on repository ${repo.path}`,
        ),
    },
    // Pages only read; every refusal is the one 404 page of an unknown chart (issue 15).
    'chart pages': {
      rules: BASIC_SURFACE,
      send(action, repo, who) {
        if (action !== 'read') return null;
        return request('GET', `/charts/${repo.path}/${CHART}`, {
          auth: false,
          headers: basicHeaders(who),
        });
      },
      renders: () => ({
        status: 404,
        body: { heading: 'Not found', message: 'There is no such page, or you may not see it.' },
        challenge: null,
      }),
    },
    // Read-only; every refusal but invalid credentials is the unknown chart's 404 (issue 15).
    'chart API': {
      rules: BASIC_SURFACE,
      send(action, repo, who) {
        if (action !== 'read') return null;
        const as = { auth: false, headers: basicHeaders(who) };
        return request('GET', `/api/charts/${repo.path}/${CHART}/1.0.0`, as);
      },
      renders: (refusal) =>
        refusal === 'invalid credentials'
          ? { status: 401, body: { error: refusal }, challenge: BASIC }
          : { status: 404, body: { error: 'chart not found' }, challenge: null },
    },
  };

  for (const [surfaceName, surface] of Object.entries(SURFACES)) {
    for (const [refusal, { who, visibility, action }] of Object.entries(CASES) as [
      Refusal,
      (typeof CASES)[Refusal],
    ][]) {
      it(`${surfaceName} renders ${refusal} as it did`, async () => {
        const repo = repos[visibility];
        const [storage, repository] = repo.path.split('/') as [string, string];
        const decision = await decideAccess({
          principal: MODELS[who]!,
          surface: surface.rules,
          action,
          target: { storage, repository, fullName: `${repo.path}/${CHART}` },
          repository: () => Promise.resolve({ visibility }),
        });
        const got =
          decision.outcome === 'challenge'
            ? decision.invalid
              ? 'invalid credentials'
              : 'challenge'
            : decision.outcome;
        expect(got).toBe(refusal);
        const res = await surface.send(action, repo, who);
        if (!res) return;
        const expected = surface.renders(refusal, repo, action);
        expect({
          status: res.status,
          body: await bodyOf(res),
          challenge: res.headers.get('www-authenticate'),
        }).toEqual(expected);
      });
    }
  }
});
