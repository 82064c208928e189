// What a registry token (a JWT from /v2/token) can do: exactly the scopes it was issued for, on
// /v2 only, until it expires, and never as an upload id or the reverse (issue 13, items 1 and 5).
import { env } from 'cloudflare:workers';
import { sign } from 'hono/jwt';
import { describe, expect, it } from 'vitest';
import { signingKey } from '../../src/auth/signing-keys';
import { basic, createToken, jwtPayload, registryToken } from '../helpers/auth';
import { buildChart, createRepository, pushChartOci } from '../helpers/charts';
import { ADMIN_TOKEN, expectOciError, pushBlob, request, sha256 } from '../helpers/oci';

async function tokenFrom(res: Response): Promise<string> {
  const body = (await res.json()) as { token: string };
  expect(res.status, JSON.stringify(body)).toBe(200);
  return body.token;
}

/** Pushes version 1.0.0 of chart `name` into `repo` over OCI, as the admin. */
async function pushChart(repo: string, name: string): Promise<void> {
  await pushChartOci(repo, name, await buildChart({ name, version: '1.0.0' }), '1.0.0', {
    expectStatus: 201,
  });
}

const bearer = (token: string) => ({ auth: false, headers: { authorization: `Bearer ${token}` } });

/** Registry tokens issued to the two kinds of admin credential, for one scope. */
async function adminTokens(scope: string): Promise<string[]> {
  const adminAccess = await createToken({ name: 'admin access', admin: true });
  return [
    await tokenFrom(await registryToken(basic('admin', ADMIN_TOKEN), scope)),
    await tokenFrom(await registryToken(`Bearer ${adminAccess.secret}`, scope)),
  ];
}

describe('registry tokens carry their scopes and nothing else', () => {
  it('an admin credential gets exactly the scope it asked for, without admin power', async () => {
    const repo = await createRepository(env.DB, { visibility: 'private' });
    await pushChart(repo, 'other');
    for (const token of await adminTokens(`repository:${repo}/app:pull`)) {
      const claims = jwtPayload(token);
      expect(claims.access).toEqual([
        { type: 'repository', name: `${repo}/app`, actions: ['pull'] },
      ]);
      expect(claims).not.toHaveProperty('adm');
      expect((claims.exp as number) - (claims.iat as number)).toBe(300);
      // Pull was asked for, not push; another name of the same repository is not in the scope.
      await expectOciError(
        await request('POST', `/v2/${repo}/app/blobs/uploads/`, bearer(token)),
        403,
        'DENIED',
      );
      await expectOciError(
        await request('GET', `/v2/${repo}/other/manifests/1.0.0`, bearer(token)),
        404,
        'NAME_UNKNOWN',
      );
      await expectOciError(
        await request(
          'DELETE',
          `/v2/default/charts/x/manifests/sha256:${'a'.repeat(64)}`,
          bearer(token),
        ),
        403,
        'DENIED',
      );
    }
  });

  it('is refused by the admin API, the Helm HTTP surface and the token endpoint', async () => {
    const repo = await createRepository(env.DB);
    const [fromAdminToken, fromAdminAccess] = await adminTokens(`repository:${repo}/app:*`);
    const writer = await createToken({
      name: 'writer',
      scopes: [{ repository: repo, actions: ['read', 'write', 'delete'] }],
    });
    const fromWriter = await tokenFrom(
      await registryToken(basic(writer.id, writer.secret), `repository:${repo}/app:*`),
    );
    const json = { 'content-type': 'application/json' };
    for (const token of [fromAdminToken!, fromAdminAccess!, fromWriter]) {
      const authorization = `Bearer ${token}`;
      const refused: [string, string, BodyInit | null, Record<string, string>][] = [
        ['POST', '/api/tokens', '{"name":"forever","admin":true}', json],
        ['GET', '/api/tokens', null, {}],
        ['GET', '/api/repositories', null, {}],
        ['POST', '/api/repositories', `{"storage":"default","name":"made-by-jwt"}`, json],
        ['GET', `/repositories/${repo}/index.yaml`, null, {}],
        ['GET', `/repositories/${repo}/api/charts`, null, {}],
        ['DELETE', `/repositories/${repo}/api/charts/app/1.0.0`, null, {}],
        ['GET', '/v2/token?service=registry.test', null, {}],
        ['GET', `/v2/token?service=registry.test&scope=repository:${repo}/app:pull`, null, {}],
        ['GET', '/v2/repositories/token?service=registry.test', null, {}],
      ];
      for (const [method, path, body, headers] of refused) {
        const res = await request(method, path, {
          auth: false,
          body,
          headers: { ...headers, authorization },
        });
        const text = await res.text();
        expect([method, path, res.status], text).toEqual([method, path, 401]);
        expect(text).toContain('invalid credentials');
        expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm="registry\.test"/);
      }
      // As the password of the OAuth2 form (newer Helm, oras), it is no credential either.
      const form = await request('POST', '/v2/token', {
        auth: false,
        body: new URLSearchParams({ grant_type: 'password', username: 'x', password: token }),
        headers: { 'content-type': 'application/x-www-form-urlencoded' },
      });
      await expectOciError(form, 401, 'UNAUTHORIZED');
      // On /v2 it works for its scope, and a token without scope still opens GET /v2/.
      expect((await request('GET', `/v2/${repo}/app/tags/list`, bearer(token))).status).toBe(404);
    }
    const noScope = await tokenFrom(await registryToken(basic('admin', ADMIN_TOKEN)));
    expect((await request('GET', '/v2/', bearer(noScope))).status).toBe(200);
    expect((await request('GET', '/api/storages', bearer(noScope))).status).toBe(401);
  });

  it('expires: exp is enforced, and a token without exp is no token', async () => {
    const key = await signingKey(env, 'registry-jwt');
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: 'admin',
      access: [{ type: 'repository', name: 'default/charts/app', actions: ['pull', 'push'] }],
      iss: 'helm-registry',
      aud: 'registry.test',
      iat: now - 400,
      nbf: now - 400,
    };
    const valid = await sign({ ...claims, exp: now + 60 }, key, 'HS256');
    const expired = await sign({ ...claims, exp: now - 100 }, key, 'HS256');
    const endless = await sign(claims, key, 'HS256');
    const path = '/v2/default/charts/app/blobs/uploads/';
    expect((await request('POST', path, bearer(valid))).status).toBe(202);
    for (const token of [expired, endless]) {
      await expectOciError(await request('POST', path, bearer(token)), 401, 'UNAUTHORIZED');
      await expectOciError(await request('GET', '/v2/', bearer(token)), 401, 'UNAUTHORIZED');
    }
  });

  it('the catalog of a registry token: its scopes’ repositories and public ones', async () => {
    const mine = await createRepository(env.DB, { visibility: 'private' });
    const notMine = await createRepository(env.DB, { visibility: 'private' });
    const publicRepo = await createRepository(env.DB);
    for (const repo of [mine, notMine, publicRepo]) {
      await pushChart(repo, 'cat');
    }
    const list = async (token: string) => {
      const res = await request('GET', '/v2/_catalog', bearer(token));
      return ((await res.json()) as { repositories: string[] }).repositories;
    };
    for (const token of await adminTokens(`repository:${mine}/cat:pull`)) {
      const names = await list(token);
      expect(names).toContain(`${mine}/cat`);
      expect(names).toContain(`${publicRepo}/cat`);
      expect(names).not.toContain(`${notMine}/cat`);
    }
    const anonymous = await list(await tokenFrom(await registryToken(null)));
    expect(anonymous).toContain(`${publicRepo}/cat`);
    expect(anonymous).not.toContain(`${mine}/cat`);
    const unauthenticated = await request('GET', '/v2/_catalog', { auth: false });
    await expectOciError(unauthenticated, 401, 'UNAUTHORIZED');
  });

  it('prototype names as actions, names and scopes grant nothing and break nothing', async () => {
    for (const scope of [
      'repository:default/charts/app:constructor,__proto__,toString,hasOwnProperty',
      'repository:constructor/__proto__/tostring:pull',
      'repository:default/charts/constructor:constructor',
      '__proto__:default/charts/app:pull',
      'constructor',
      'repository:default/charts/app:',
    ]) {
      for (const authorization of [null, basic('admin', ADMIN_TOKEN)]) {
        const token = await tokenFrom(await registryToken(authorization, scope));
        const access = jwtPayload(token).access as { actions: string[] }[];
        expect(
          access.flatMap((a) => a.actions),
          scope,
        ).toEqual([]);
        await expectOciError(
          await request('POST', '/v2/default/charts/app/blobs/uploads/', bearer(token)),
          authorization ? 403 : 401,
          authorization ? 'DENIED' : 'UNAUTHORIZED',
        );
      }
    }
    const form = await request('POST', '/v2/token', {
      auth: false,
      body: new URLSearchParams([
        ['grant_type', 'password'],
        ['constructor', 'x'],
        ['__proto__', 'y'],
        ['password', 'toString'],
        ['scope', 'repository:default/charts/app:toString'],
      ]),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    // `toString` as the password is a secret nobody issued.
    await expectOciError(form, 401, 'UNAUTHORIZED');
    const anonymousForm = await request('POST', '/v2/token', {
      auth: false,
      body: new URLSearchParams([
        ['grant_type', 'password'],
        ['constructor', 'x'],
        ['__proto__', 'y'],
        ['scope', 'repository:default/charts/app:toString,constructor'],
      ]),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const access = jwtPayload(await tokenFrom(anonymousForm)).access as { actions: string[] }[];
    expect(access.flatMap((a) => a.actions)).toEqual([]);
  });
});

describe('separate keys for registry tokens and upload ids', () => {
  it('a JWT signed with the upload-token key is refused; one with its own key is accepted', async () => {
    const now = Math.floor(Date.now() / 1000);
    const claims = {
      sub: 'admin',
      access: [{ type: 'repository', name: 'default/charts/app', actions: ['pull', 'push'] }],
      iss: 'helm-registry',
      aud: 'registry.test',
      iat: now,
      nbf: now,
      exp: now + 60,
    };
    const path = '/v2/default/charts/app/blobs/uploads/';
    const own = await sign(claims, await signingKey(env, 'registry-jwt'), 'HS256');
    expect((await request('POST', path, bearer(own))).status).toBe(202);
    const crossed = await sign(claims, await signingKey(env, 'upload-token'), 'HS256');
    await expectOciError(await request('POST', path, bearer(crossed)), 401, 'UNAUTHORIZED');
    expect(await signingKey(env, 'registry-jwt')).not.toBe(await signingKey(env, 'upload-token'));
  });

  it('an upload id signed with the registry-token key is refused; the real one is accepted', async () => {
    const name = 'default/charts/keys';
    const start = await request('POST', `/v2/${name}/blobs/uploads/`);
    expect(start.status).toBe(202);
    const location = start.headers.get('location')!;
    const id = location.split('/').pop()!;
    expect(id).toMatch(/^u1\./);
    const body = id.slice(3).split('.')[0]!;
    const key = await crypto.subtle.importKey(
      'raw',
      new TextEncoder().encode(await signingKey(env, 'registry-jwt')),
      { name: 'HMAC', hash: 'SHA-256' },
      false,
      ['sign'],
    );
    const mac = await crypto.subtle.sign('HMAC', key, new TextEncoder().encode(body));
    const hex = [...new Uint8Array(mac)].map((b) => b.toString(16).padStart(2, '0')).join('');
    const forged = `${location.slice(0, -id.length)}u1.${body}.${hex}`;
    const blob = 'key separation';
    const digest = await sha256(blob);
    const refused = await request('PUT', `${forged}?digest=${digest}`, { body: blob });
    await expectOciError(refused, 404, 'BLOB_UPLOAD_UNKNOWN');
    const accepted = await request('PUT', `${location}?digest=${digest}`, { body: blob });
    expect(accepted.status, await accepted.text()).toBe(201);
    expect(await pushBlob(name, blob)).toBe(digest);
  });
});
