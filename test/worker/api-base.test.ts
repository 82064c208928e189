// The /v2 base: ping, credentials, the /v2/repositories alias, and answers for unknown paths.
import { describe, expect, it } from 'vitest';
import { anonymousPull } from '../helpers/auth';
import {
  ADMIN_TOKEN,
  expectOciError,
  pushImage,
  request,
  sha256,
  uniqueName,
} from '../helpers/oci';

describe('GET /v2/', () => {
  it('answers 200 with the API version header to a valid credential, with or without a trailing slash', async () => {
    for (const path of ['/v2/', '/v2']) {
      const res = await request('GET', path);
      expect(res.status).toBe(200);
      expect(res.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
      expect(await res.json()).toEqual({});
    }
  });

  it('challenges anonymous callers, so clients know to send credentials', async () => {
    const res = await request('GET', '/v2/', { auth: false });
    expect(res.headers.get('docker-distribution-api-version')).toBe('registry/2.0');
    expect(res.headers.get('www-authenticate')).toBe(
      'Bearer realm="http://registry.test/v2/token",service="registry.test"',
    );
    await expectOciError(res, 401, 'UNAUTHORIZED');
  });
});

describe('credentials', () => {
  const basic = (user: string, pass: string) => `Basic ${btoa(`${user}:${pass}`)}`;

  it('writes without a credential answer 401 UNAUTHORIZED with a challenge', async () => {
    const res = await request('POST', `/v2/${uniqueName()}/blobs/uploads/`, { auth: false });
    expect(res.headers.get('www-authenticate')).toMatch(
      /^Bearer realm="http:\/\/registry\.test\/v2\/token",service="registry\.test",scope="repository:default\/charts\/pkg-[^:]+:pull,push"$/,
    );
    await expectOciError(res, 401, 'UNAUTHORIZED');
    for (const method of ['PUT', 'DELETE']) {
      await expectOciError(
        await request(method, `/v2/${uniqueName()}/manifests/v1`, {
          auth: false,
          body: method === 'PUT' ? '{}' : null,
        }),
        401,
        'UNAUTHORIZED',
      );
    }
  });

  it('accepts the admin token as Bearer, as Basic password, and as Basic username (curl -u "$TOKEN:")', async () => {
    for (const authorization of [
      `Bearer ${ADMIN_TOKEN}`,
      basic('anyone', ADMIN_TOKEN),
      basic(ADMIN_TOKEN, ''),
    ]) {
      const res = await request('POST', `/v2/${uniqueName()}/blobs/uploads/`, {
        headers: { authorization },
      });
      expect(res.status).toBe(202);
    }
  });

  it('refuses a wrong credential with 401, even for reads', async () => {
    for (const authorization of [
      'Bearer wrong',
      basic('x', 'wrong'),
      'Basic !!!notbase64',
      'Digest abc',
    ]) {
      const write = await request('POST', `/v2/${uniqueName()}/blobs/uploads/`, {
        headers: { authorization },
      });
      await expectOciError(write, 401, 'UNAUTHORIZED');
    }
    await expectOciError(
      await request('GET', '/v2/_catalog', { headers: { authorization: 'Bearer wrong' } }),
      401,
      'UNAUTHORIZED',
    );
  });

  it('reads of a public repository are challenged without a credential, then open with the anonymous token', async () => {
    const name = uniqueName();
    await pushImage(name, 'v1');
    for (const path of [`/v2/${name}/manifests/v1`, `/v2/${name}/tags/list`]) {
      const challenged = await request('GET', path, { auth: false });
      expect(challenged.headers.get('www-authenticate')).toBe(
        `Bearer realm="http://registry.test/v2/token",service="registry.test",scope="repository:${name}:pull"`,
      );
      await expectOciError(challenged, 401, 'UNAUTHORIZED');
      const anonymous = await anonymousPull(`repository:${name}:pull`);
      expect((await request('GET', path, anonymous)).status).toBe(200);
    }
  });
});

describe('/v2/repositories alias', () => {
  it('behaves like /v2 and answers with locations under the alias', async () => {
    const name = uniqueName();
    const image = await pushImage(name, 'v1');
    const viaAlias = await request('GET', `/v2/repositories/${name}/manifests/v1`);
    expect(await viaAlias.text()).toBe(image.manifest);
    const tags = await request('GET', `/v2/repositories/${name}/tags/list`);
    expect(await tags.json()).toEqual({ name, tags: ['v1'] });

    const start = await request('POST', `/v2/repositories/${name}/blobs/uploads/`);
    const location = start.headers.get('location')!;
    expect(location).toMatch(new RegExp(`^/v2/repositories/${name}/blobs/uploads/`));
    const put = await request('PUT', `${location}?digest=${await sha256('alias')}`, {
      body: 'alias',
    });
    expect(put.status).toBe(201);
    expect(put.headers.get('location')).toBe(
      `/v2/repositories/${name}/blobs/${await sha256('alias')}`,
    );
    const blob = await request('GET', `/v2/${name}/blobs/${await sha256('alias')}`);
    expect(await blob.text()).toBe('alias');
  });
});

describe('unknown paths and methods', () => {
  it('a name without storage and repository answers NAME_INVALID', async () => {
    await expectOciError(await request('GET', '/v2/app/manifests/v1'), 400, 'NAME_INVALID');
    await expectOciError(await request('GET', '/v2/charts/app/tags/list'), 400, 'NAME_INVALID');
  });

  it('an unsupported method answers 405 UNSUPPORTED', async () => {
    await expectOciError(
      await request('POST', `/v2/${uniqueName()}/manifests/v1`),
      405,
      'UNSUPPORTED',
    );
    await expectOciError(
      await request('PATCH', `/v2/${uniqueName()}/tags/list`),
      405,
      'UNSUPPORTED',
    );
  });

  it('an unknown path answers 404 in the OCI error shape', async () => {
    await expectOciError(await request('GET', '/v2/nothing-here'), 404, 'UNSUPPORTED');
  });

  it('outside /v2, unknown routes answer JSON 404', async () => {
    const res = await request('GET', '/nope');
    expect(res.status).toBe(404);
    expect(await res.json()).toHaveProperty('error');
  });
});
