// The Docker token flow on /v2: challenges, GET and POST /v2/token, granted scopes, revocation.
import { describe, expect, it } from 'vitest';
import { basic, createToken, expireToken, jwtPayload, registryToken } from '../helpers/auth';
import { buildChart, createRepository, patchRepository, pushChartOci } from '../helpers/charts';
import { ADMIN_TOKEN, expectOciError, pushImage, request } from '../helpers/oci';
import { env } from 'cloudflare:workers';

async function tokenFrom(res: Response): Promise<string> {
  const body = (await res.json()) as {
    token: string;
    access_token: string;
    expires_in: number;
    issued_at: string;
  };
  expect(res.status, JSON.stringify(body)).toBe(200);
  expect(body.access_token).toBe(body.token);
  expect(body.expires_in).toBeGreaterThan(0);
  expect(Date.parse(body.issued_at)).not.toBeNaN();
  return body.token;
}

const bearer = (token: string) => ({ headers: { authorization: `Bearer ${token}` }, auth: false });

describe('/v2/token', () => {
  it('challenges anonymous requests with the realm, service and scope', async () => {
    const repo = await createRepository(env.DB, { mode: 'hybrid', visibility: 'private' });
    const res = await request('GET', `/v2/${repo}/app/manifests/1.0.0`, { auth: false });
    expect(res.headers.get('www-authenticate')).toBe(
      `Bearer realm="http://registry.test/v2/token",service="registry.test",scope="repository:${repo}/app:pull"`,
    );
    await expectOciError(res, 401, 'UNAUTHORIZED');
  });

  it('grants the intersection of the requested scope and what the credentials allow', async () => {
    const writer = await createToken({
      name: 'w',
      scopes: [{ repository: 'default/charts', actions: ['read', 'write'] }],
    });
    const token = await tokenFrom(
      await registryToken(
        basic(writer.id, writer.secret),
        'repository:default/charts/app:pull,push,delete',
      ),
    );
    expect(jwtPayload(token).access).toEqual([
      { type: 'repository', name: 'default/charts/app', actions: ['pull', 'push'] },
    ]);
    const other = await tokenFrom(
      await registryToken(basic(writer.secret, ''), 'repository:default/elsewhere/app:pull,push'),
    );
    expect(jwtPayload(other).access).toEqual([
      { type: 'repository', name: 'default/elsewhere/app', actions: [] },
    ]);
    const admin = await tokenFrom(
      await registryToken(basic('admin', ADMIN_TOKEN), 'repository:default/charts/app:*'),
    );
    expect(jwtPayload(admin).access).toEqual([
      { type: 'repository', name: 'default/charts/app', actions: ['pull', 'push', 'delete'] },
    ]);
  });

  it('gives anonymous callers pulls of public repositories only', async () => {
    const token = await tokenFrom(
      await registryToken(null, 'repository:default/charts/app:pull,push'),
    );
    expect(jwtPayload(token).access).toEqual([
      { type: 'repository', name: 'default/charts/app', actions: ['pull'] },
    ]);
    expect(jwtPayload(token).sub).toBe('anonymous');
    // Pushing needs credentials: the holder of an anonymous token is challenged again.
    await expectOciError(
      await request('POST', '/v2/default/charts/app/blobs/uploads/', bearer(token)),
      401,
      'UNAUTHORIZED',
    );
  });

  it('a pull granted because the repository was public ends when it is made private', async () => {
    const repo = await createRepository(env.DB);
    const image = await pushImage(`${repo}/app`, 'v1', { layers: ['public for now'] });
    const layer = JSON.parse(image.manifest).layers[0].digest as string;
    const reader = await createToken({
      name: 'other',
      scopes: [{ repository: 'default/elsewhere', actions: ['read'] }],
    });
    const tokens = [
      await tokenFrom(await registryToken(null, `repository:${repo}/app:pull`)),
      await tokenFrom(
        await registryToken(basic(reader.id, reader.secret), `repository:${repo}/app:pull`),
      ),
    ];
    for (const token of tokens) {
      expect(jwtPayload(token).access).toEqual([
        { type: 'repository', name: `${repo}/app`, actions: ['pull'] },
      ]);
      const res = await request('GET', `/v2/${repo}/app/blobs/${layer}`, bearer(token));
      expect(await res.text()).toBe('public for now');
    }
    await patchRepository(env.DB, repo, { visibility: 'private' });
    const [anonymous, other] = tokens as [string, string];
    for (const path of [`blobs/${layer}`, `manifests/v1`, `manifests/${image.digest}`]) {
      // The anonymous token's holder is challenged (credentials may help), as anonymous is.
      const closed = await request('GET', `/v2/${repo}/app/${path}`, bearer(anonymous));
      await expectOciError(closed, 401, 'UNAUTHORIZED');
      const unknown = await request('GET', `/v2/${repo}/app/${path}`, bearer(other));
      await expectOciError(unknown, 404, 'NAME_UNKNOWN');
    }
  });

  it('a token without scope opens /v2/ (helm registry login)', async () => {
    const token = await tokenFrom(await registryToken(basic('admin', ADMIN_TOKEN)));
    expect((await request('GET', '/v2/', bearer(token))).status).toBe(200);
    const reader = await createToken({
      name: 'r',
      scopes: [{ repository: 'default/charts', actions: ['read'] }],
    });
    const readerToken = await tokenFrom(await registryToken(basic(reader.id, reader.secret)));
    expect((await request('GET', '/v2/', bearer(readerToken))).status).toBe(200);
  });

  it('accepts POST with grant_type=password (newer Helm, oras) and refuses other grants', async () => {
    const writer = await createToken({
      name: 'p',
      scopes: [{ repository: 'default/charts', actions: ['read', 'write'] }],
    });
    const form = new URLSearchParams({
      grant_type: 'password',
      username: writer.id,
      password: writer.secret,
      service: 'registry.test',
      scope: 'repository:default/charts/app:pull,push',
      client_id: 'helm',
    });
    const res = await request('POST', '/v2/token', {
      auth: false,
      body: form.toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    const token = await tokenFrom(res);
    expect(jwtPayload(token).access).toEqual([
      { type: 'repository', name: 'default/charts/app', actions: ['pull', 'push'] },
    ]);
    const wrong = await request('POST', '/v2/token', {
      auth: false,
      body: new URLSearchParams({
        grant_type: 'password',
        username: 'x',
        password: 'wrong',
      }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await expectOciError(wrong, 401, 'UNAUTHORIZED');
    const refresh = await request('POST', '/v2/token', {
      auth: false,
      body: new URLSearchParams({ grant_type: 'refresh_token', refresh_token: 'x' }).toString(),
      headers: { 'content-type': 'application/x-www-form-urlencoded' },
    });
    await expectOciError(refresh, 400, 'UNSUPPORTED');
  });

  it('refuses bad credentials, and registry tokens stop working the moment their access token is revoked or expires', async () => {
    await expectOciError(await registryToken(basic('x', 'not-a-token')), 401, 'UNAUTHORIZED');
    const writer = await createToken({
      name: 'rev',
      scopes: [{ repository: 'default/charts', actions: ['read', 'write'] }],
    });
    const token = await tokenFrom(
      await registryToken(
        basic(writer.id, writer.secret),
        'repository:default/charts/app:pull,push',
      ),
    );
    expect(
      (await request('POST', '/v2/default/charts/app/blobs/uploads/', bearer(token))).status,
    ).toBe(202);
    await request('DELETE', `/api/tokens/${writer.id}`);
    await expectOciError(
      await request('POST', '/v2/default/charts/app/blobs/uploads/', bearer(token)),
      401,
      'UNAUTHORIZED',
    );

    const expiring = await createToken({
      name: 'exp',
      scopes: [{ repository: 'default/charts', actions: ['read', 'write'] }],
    });
    const token2 = await tokenFrom(
      await registryToken(
        basic(expiring.id, expiring.secret),
        'repository:default/charts/app:pull,push',
      ),
    );
    await expireToken(expiring.id);
    await expectOciError(
      await request('POST', '/v2/default/charts/app/blobs/uploads/', bearer(token2)),
      401,
      'UNAUTHORIZED',
    );
    await expectOciError(
      await registryToken(basic(expiring.id, expiring.secret)),
      401,
      'UNAUTHORIZED',
    );
  });

  it('rejects forged, tampered and foreign-audience registry tokens', async () => {
    const token = await tokenFrom(
      await registryToken(basic('admin', ADMIN_TOKEN), 'repository:default/charts/app:*'),
    );
    const [h, , s] = token.split('.');
    const tampered = `${h}.${btoa(JSON.stringify({ ...jwtPayload(token), sub: 'someone' })).replaceAll('=', '')}.${s}`;
    expect((await request('GET', '/v2/', bearer(tampered))).status).toBe(401);
    const foreign = await exportsFetchWithHost(token, 'other.example');
    expect(foreign.status).toBe(401);
  });

  it('a registry token is bound to its OCI name', async () => {
    const repo = await createRepository(env.DB, { visibility: 'private' });
    await pushChartOci(repo, 'one', await buildChart({ name: 'one', version: '1.0.0' }), '1.0.0', {
      expectStatus: 201,
    });
    const writer = await createToken({
      name: 'bound',
      scopes: [{ repository: repo, actions: ['read', 'write'] }],
    });
    const token = await tokenFrom(
      await registryToken(basic(writer.id, writer.secret), `repository:${repo}/two:pull,push`),
    );
    // Granted for ".../two", not for ".../one" in the same private repository.
    await expectOciError(
      await request('GET', `/v2/${repo}/one/manifests/1.0.0`, bearer(token)),
      404,
      'NAME_UNKNOWN',
    );
    expect((await request('POST', `/v2/${repo}/two/blobs/uploads/`, bearer(token))).status).toBe(
      202,
    );
  });
});

async function exportsFetchWithHost(token: string, host: string): Promise<Response> {
  const { exports } = await import('cloudflare:workers');
  return exports.default.fetch(
    new Request(`http://${host}/v2/`, { headers: { authorization: `Bearer ${token}` } }),
  );
}
