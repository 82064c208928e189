// The admin API: storages, repositories, tokens and chart versions with their checks (over 300 lines: every endpoint, old URLs too).
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { buildChart, pushChartOci, putChartHttp } from '../helpers/charts';
import { basic, createToken, json } from '../helpers/auth';
import { expectOciError, request } from '../helpers/oci';

const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
  request('POST', path, {
    body: JSON.stringify(body),
    headers: { 'content-type': 'application/json', ...headers },
  });

async function newRepository(
  settings: Record<string, unknown> = {},
): Promise<{ id: number; storage: string; name: string }> {
  const name = `adm-${Math.random().toString(36).slice(2, 8)}`;
  const res = await post('/api/repositories', { storage: 'default', name, ...settings });
  expect(res.status).toBe(201);
  return (await res.json()) as { id: number; storage: string; name: string };
}

describe('storages', () => {
  it('lists, creates and deletes storages, with clear errors', async () => {
    const list = (await (await request('GET', '/api/storages')).json()) as {
      name: string;
      bucket: string;
    }[];
    expect(list.map((s) => s.name)).toContain('default');

    const created = await post('/api/storages', { name: 'team-a' });
    expect(created.status).toBe(201);
    expect(await created.json()).toMatchObject({ name: 'team-a', bucket: 'BLOBS' });
    expect((await post('/api/storages', { name: 'team-a' })).status).toBe(409);
    for (const [body, message] of [
      [{ name: 'Upper' }, /not allowed/],
      [{ name: 'repositories' }, /not allowed/],
      [{ name: 'x', bucket: 'NOPE' }, /no R2 bucket binding named "NOPE"/],
      [{}, /name/],
    ] as const) {
      const res = await post('/api/storages', body);
      expect(res.status).toBe(400);
      expect(String((await json(res)).error)).toMatch(message);
    }
    const bad = await request('POST', '/api/storages', {
      body: '{not json',
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);

    const repo = await post('/api/repositories', { storage: 'team-a', name: 'charts' });
    expect(repo.status).toBe(201);
    expect((await request('DELETE', '/api/storages/team-a')).status).toBe(409);
    const repoId = ((await repo.json()) as { id: number }).id;
    expect((await request('DELETE', `/api/repository/${repoId}`)).status).toBe(200);
    expect((await request('DELETE', '/api/storages/team-a')).status).toBe(200);
    expect((await request('DELETE', '/api/storages/team-a')).status).toBe(404);
  });
});

describe('repositories', () => {
  it('creates, shows, updates and deletes repositories', async () => {
    const repo = await newRepository({ visibility: 'private', mode: 'oci' });
    expect(repo).toMatchObject({
      storage: 'default',
      visibility: 'private',
      mode: 'oci',
      allowOverwrite: false,
    });
    const got = await request('GET', `/api/repository/${repo.id}`);
    expect(await got.json()).toMatchObject({ id: repo.id, name: repo.name });

    const patched = await request('PATCH', `/api/repository/${repo.id}`, {
      body: JSON.stringify({ mode: 'hybrid', allowOverwrite: true }),
      headers: { 'content-type': 'application/json' },
    });
    expect(await patched.json()).toMatchObject({
      mode: 'hybrid',
      allowOverwrite: true,
      visibility: 'private',
    });
    const invalid = await request('PATCH', `/api/repository/${repo.id}`, {
      body: JSON.stringify({ mode: 'both' }),
      headers: { 'content-type': 'application/json' },
    });
    expect(invalid.status).toBe(400);

    expect((await post('/api/repositories', { storage: 'default', name: repo.name })).status).toBe(
      409,
    );
    expect((await post('/api/repositories', { storage: 'nowhere', name: 'x' })).status).toBe(404);
    expect((await post('/api/repositories', { storage: 'default', name: 'Bad Name' })).status).toBe(
      400,
    );

    // Deleting a repository removes its charts from both protocols.
    const path = `default/${repo.name}`;
    await putChartHttp(
      path,
      await buildChart({ name: 'gone', version: '1.0.0' }),
      'gone-1.0.0.tgz',
    );
    expect((await request('DELETE', `/api/repository/${repo.id}`)).status).toBe(200);
    expect((await request('GET', `/api/repository/${repo.id}`)).status).toBe(404);
    await expectOciError(
      await request('GET', `/v2/${path}/gone/manifests/1.0.0`),
      404,
      'NAME_UNKNOWN',
    );
  });

  it('lists public repositories to everyone and private ones to those who may read them', async () => {
    const hidden = await newRepository({ visibility: 'private' });
    const names = async (authorization?: string) =>
      (
        (await (
          await request('GET', '/api/repositories', {
            auth: !!authorization,
            headers: authorization ? { authorization } : {},
          })
        ).json()) as { name: string }[]
      ).map((r) => r.name);
    expect(await names()).toContain('charts');
    expect(await names()).not.toContain(hidden.name);
    const reader = await createToken({
      name: 'reader',
      scopes: [{ repository: `default/${hidden.name}`, actions: ['read'] }],
    });
    expect(await names(`Bearer ${reader.secret}`)).toContain(hidden.name);
  });
});

describe('tokens', () => {
  it('shows the secret once, stores only its hash, and lists, shows and revokes tokens', async () => {
    const res = await post('/api/tokens', {
      name: 'ci',
      scopes: [{ repository: 'default/charts', actions: ['read', 'write'] }],
      expiresInSeconds: 3600,
    });
    expect(res.status).toBe(201);
    const created = (await res.json()) as {
      id: string;
      secret: string;
      state: string;
      expiresAt: string;
    };
    expect(created.secret).toMatch(/^hrt_[a-z0-9]{12}_/);
    expect(created.state).toBe('active');
    expect(Date.parse(created.expiresAt)).toBeGreaterThan(Date.now());
    const row = await env.DB.prepare(`SELECT * FROM access_tokens WHERE id = ?1`)
      .bind(created.id)
      .first<Record<string, unknown>>();
    expect(JSON.stringify(row)).not.toContain(created.secret);

    const shown = await json(await request('GET', `/api/tokens/${created.id}`));
    expect(shown).not.toHaveProperty('secret');
    const listed = (await (await request('GET', '/api/tokens')).json()) as { id: string }[];
    expect(listed.map((t) => t.id)).toContain(created.id);
    expect(JSON.stringify(listed)).not.toContain(created.secret);

    // The token works in every accepted form, and records its use.
    for (const authorization of [
      `Bearer ${created.secret}`,
      basic(created.secret, ''),
      basic(created.id, created.secret),
    ]) {
      expect((await request('GET', '/v2/', { headers: { authorization } })).status).toBe(200);
    }
    await new Promise((r) => setTimeout(r, 20));
    expect(
      (await json(await request('GET', `/api/tokens/${created.id}`))).lastUsedAt,
    ).not.toBeNull();

    expect((await request('DELETE', `/api/tokens/${created.id}`)).status).toBe(200);
    expect((await json(await request('GET', `/api/tokens/${created.id}`))).state).toBe('revoked');
    expect(
      (await request('GET', '/v2/', { headers: { authorization: `Bearer ${created.secret}` } }))
        .status,
    ).toBe(401);
    expect((await request('DELETE', '/api/tokens/nonexistent00')).status).toBe(404);
  });

  it('rejects bad token requests', async () => {
    for (const body of [
      { name: 'no scopes' },
      { name: 'bad target', scopes: [{ repository: 'charts', actions: ['read'] }] },
      { name: 'bad action', scopes: [{ repository: 'default/charts', actions: ['fly'] }] },
      { name: 'empty actions', scopes: [{ repository: 'default/charts', actions: [] }] },
      { name: '', admin: true },
      { name: 'bad expiry', admin: true, expiresInSeconds: -5 },
    ]) {
      const res = await post('/api/tokens', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(await json(res)).toHaveProperty('error');
    }
  });

  it('needs an admin credential for admin actions', async () => {
    const writer = await createToken({
      name: 'writer',
      scopes: [{ repository: '*', actions: ['read', 'write', 'delete'] }],
    });
    const noAuth = await request('GET', '/api/tokens', { auth: false });
    expect(noAuth.status).toBe(401);
    expect(noAuth.headers.get('www-authenticate')).toMatch(/^Basic/);
    expect(
      (
        await request('GET', '/api/tokens', {
          headers: { authorization: `Bearer ${writer.secret}` },
        })
      ).status,
    ).toBe(403);
    expect(
      (await request('GET', '/api/tokens', { headers: { authorization: 'Bearer wrong' } })).status,
    ).toBe(401);
    const adminToken = await createToken({ name: 'second admin', admin: true });
    expect(
      (
        await request('GET', '/api/tokens', {
          headers: { authorization: `Bearer ${adminToken.secret}` },
        })
      ).status,
    ).toBe(200);
  });
});

describe('packages API', () => {
  it('lists chart versions with paging and deletes them by path from both protocols', async () => {
    const repo = await newRepository();
    const path = `default/${repo.name}`;
    await putChartHttp(path, await buildChart({ name: 'web', version: '1.0.0' }), 'web-1.0.0.tgz');
    await putChartHttp(path, await buildChart({ name: 'web', version: '1.1.0' }), 'web-1.1.0.tgz');
    await pushChartOci(path, 'api', await buildChart({ name: 'api', version: '0.1.0' }), '0.1.0', {
      expectStatus: 201,
    });

    const page1 = (await (
      await request('GET', `/api/repository/${repo.id}/packages?per_page=2`)
    ).json()) as {
      total: number;
      items: {
        name: string;
        version: string;
        path: string;
        protocol: string;
        digest: string;
        size: number;
        created: string;
      }[];
    };
    expect(page1.total).toBe(3);
    expect(page1.items.map((i) => `${i.name}@${i.version}/${i.protocol}`)).toEqual([
      'api@0.1.0/oci',
      'web@1.1.0/http',
    ]);
    expect(page1.items[0]).toMatchObject({ path: 'charts/api/api-0.1.0.tgz' });
    expect(page1.items[0]!.digest).toMatch(/^sha256:/);
    const page2 = (await (
      await request('GET', `/api/repository/${repo.id}/packages?per_page=2&page=2`)
    ).json()) as { items: unknown[] };
    expect(page2.items).toHaveLength(1);
    expect((await request('GET', `/api/repository/${repo.id}/packages?per_page=0`)).status).toBe(
      400,
    );

    const del = await request('DELETE', `/api/repository/${repo.id}/packages`, {
      body: JSON.stringify({
        paths: ['charts/web/web-1.0.0.tgz', 'charts/api/api-0.1.0.tgz', 'charts/web/web-9.9.9.tgz'],
      }),
      headers: { 'content-type': 'application/json' },
    });
    expect(await del.json()).toEqual({
      deleted: ['charts/web/web-1.0.0.tgz', 'charts/api/api-0.1.0.tgz'],
      notFound: ['charts/web/web-9.9.9.tgz'],
    });
    await expectOciError(
      await request('GET', `/v2/${path}/api/manifests/0.1.0`),
      404,
      'MANIFEST_UNKNOWN',
    );
    expect((await request('GET', `/repositories/${path}/charts/web/web-1.0.0.tgz`)).status).toBe(
      404,
    );
    const bad = await request('DELETE', `/api/repository/${repo.id}/packages`, {
      body: JSON.stringify({ paths: ['web-1.0.0.tgz'] }),
      headers: { 'content-type': 'application/json' },
    });
    expect(bad.status).toBe(400);
    expect(String((await json(bad)).error)).toMatch(/not a chart path/);
    expect((await request('GET', '/api/repository/999999/packages')).status).toBe(404);
  });
});

describe('repository URLs and their aliases', () => {
  /** Status and body of a request to the canonical URL and to its alias. */
  async function both(method: string, id: number | string, suffix: '' | 'versions', options = {}) {
    const alias = suffix === '' ? '' : '/packages';
    const canonical = await request(
      method,
      `/api/repositories/${id}${suffix && `/${suffix}`}`,
      options,
    );
    const earlier = await request(method, `/api/repository/${id}${alias}`, options);
    return [
      { status: canonical.status, body: await canonical.text() },
      { status: earlier.status, body: await earlier.text() },
    ];
  }

  it('/api/repositories/:id and /versions answer as /api/repository/:id and /packages do', async () => {
    const repo = await newRepository({ visibility: 'private' });
    const path = `default/${repo.name}`;
    await putChartHttp(path, await buildChart({ name: 'web', version: '1.0.0' }), 'web-1.0.0.tgz');
    const reader = await createToken({
      name: 'alias-reader',
      scopes: [{ repository: path, actions: ['read'] }],
    });
    const asReader = { headers: { authorization: basic(reader.id, reader.secret) } };
    const cases: [string, number | string, '' | 'versions', object][] = [
      ['GET', repo.id, '', {}],
      ['GET', repo.id, 'versions', {}],
      ['GET', repo.id, '', { auth: false }],
      ['GET', repo.id, 'versions', { auth: false }],
      ['GET', repo.id, 'versions', asReader],
      ['PATCH', repo.id, '', asReader],
      ['DELETE', repo.id, 'versions', asReader],
      ['GET', 999999, '', {}],
      ['GET', '01', 'versions', {}],
    ];
    for (const [method, id, suffix, options] of cases) {
      const [canonical, earlier] = await both(method, id, suffix, options);
      expect(canonical, `${method} ${id} ${suffix} ${JSON.stringify(options)}`).toEqual(earlier);
    }
    const [listed] = await both('GET', repo.id, 'versions', asReader);
    expect(listed!.status).toBe(200);
    expect(JSON.parse(listed!.body)).toMatchObject({ total: 1 });

    const patch = (prefix: string, allowOverwrite: boolean) =>
      request('PATCH', `${prefix}/${repo.id}`, {
        body: JSON.stringify({ allowOverwrite }),
        headers: { 'content-type': 'application/json' },
      });
    const patched = await patch('/api/repositories', true);
    expect(patched.status).toBe(200);
    expect(await patched.json()).toMatchObject({ allowOverwrite: true });
    expect(await (await patch('/api/repository', false)).json()).toMatchObject({
      allowOverwrite: false,
    });

    const removed = await request('DELETE', `/api/repositories/${repo.id}/versions`, {
      body: JSON.stringify({ paths: ['charts/web/web-1.0.0.tgz'] }),
      headers: { 'content-type': 'application/json' },
    });
    expect(await removed.json()).toEqual({ deleted: ['charts/web/web-1.0.0.tgz'], notFound: [] });
    expect(await (await request('DELETE', `/api/repositories/${repo.id}`)).json()).toEqual({
      deleted: true,
    });
    expect((await request('GET', `/api/repository/${repo.id}`)).status).toBe(404);
  });
});

describe('strict input (issue 13, item 15 and 11)', () => {
  it('reads a repository id only in its canonical spelling; other spellings answer as an unknown id', async () => {
    const repo = await newRepository();
    expect((await request('GET', `/api/repository/${repo.id}`)).status).toBe(200);
    const unknown = await request('GET', '/api/repository/999999999');
    expect(unknown.status).toBe(404);
    expect(unknown.headers.get('content-type')).toMatch(/json/);
    for (const spelling of [
      '1e0',
      '0x1',
      '1.0',
      '%201',
      '01',
      '+1',
      `${repo.id}.0`,
      `0${repo.id}`,
    ]) {
      for (const path of [`/api/repository/${spelling}`, `/api/repository/${spelling}/packages`]) {
        const res = await request('GET', path);
        expect(res.status, path).toBe(404);
        expect(res.headers.get('content-type'), path).toMatch(/json/);
        expect(String((await json(res)).error), path).toMatch(/^repository .* not found$/);
      }
    }
  });

  it('gives a new repository the time it was made as updatedAt', async () => {
    const before = Date.now() - 2000;
    const repo = (await newRepository()) as unknown as { updatedAt: string; createdAt: string };
    expect(Date.parse(repo.updatedAt)).toBeGreaterThan(before);
    expect(Date.parse(repo.updatedAt)).toBeGreaterThanOrEqual(Date.parse(repo.createdAt));
  });

  it('caps storage and repository names so <storage>/<repository>/<chart> fits an OCI name', async () => {
    const storages = await env.DB.prepare('SELECT count(*) AS n FROM storages').first<number>('n');
    for (const name of ['s'.repeat(300), 's'.repeat(64)]) {
      const res = await post('/api/storages', { name });
      expect(res.status).toBe(400);
      expect(String((await json(res)).error)).toMatch(/at most 63 characters/);
    }
    expect(await env.DB.prepare('SELECT count(*) AS n FROM storages').first<number>('n')).toBe(
      storages,
    );
    const repositories = await env.DB.prepare(
      'SELECT count(*) AS n FROM repositories',
    ).first<number>('n');
    for (const name of ['r'.repeat(300), 'r'.repeat(64)]) {
      const res = await post('/api/repositories', { storage: 'default', name });
      expect(res.status).toBe(400);
      expect(String((await json(res)).error)).toMatch(/at most 63 characters/);
    }
    expect(await env.DB.prepare('SELECT count(*) AS n FROM repositories').first<number>('n')).toBe(
      repositories,
    );
    // The longest names allowed still make an OCI name the API can serve.
    const storage = `s${'x'.repeat(62)}`;
    expect((await post('/api/storages', { name: storage })).status).toBe(201);
    const repository = `r${'y'.repeat(62)}`;
    expect((await post('/api/repositories', { storage, name: repository })).status).toBe(201);
    const chart = `c${'z'.repeat(126)}`;
    const res = await putChartHttp(
      `${storage}/${repository}`,
      await buildChart({ name: chart, version: '1.0.0' }),
      `${chart}-1.0.0.tgz`,
    );
    expect(res.status, await res.clone().text()).toBe(201);
    const tags = await request('GET', `/v2/${storage}/${repository}/${chart}/tags/list`);
    expect(tags.status).toBe(200);
    expect(await tags.json()).toMatchObject({ tags: ['1.0.0'] });
  });

  it('refuses ambiguous token requests with a clear 400', async () => {
    const tokens = await env.DB.prepare('SELECT count(*) AS n FROM access_tokens').first<number>(
      'n',
    );
    const scopes = [{ repository: 'default/charts', actions: ['read'] }];
    for (const [body, message] of [
      [{ name: 'both', admin: true, scopes }, /either admin: true or has scopes, not both/],
      [{ name: 'both', admin: true, scopes: [] }, /either admin: true or has scopes, not both/],
      [
        {
          name: 'two expiries',
          scopes,
          expiresInSeconds: 60,
          expiresAt: new Date(Date.now() + 3_600_000).toISOString(),
        },
        /expiresInSeconds or expiresAt, not both/,
      ],
      [{ name: 'past', scopes, expiresAt: '2020-01-01T00:00:00Z' }, /not in the future/],
    ] as const) {
      const res = await post('/api/tokens', body);
      expect(res.status, JSON.stringify(body)).toBe(400);
      expect(res.headers.get('content-type')).toMatch(/json/);
      expect(String((await json(res)).error)).toMatch(message);
    }
    expect(await env.DB.prepare('SELECT count(*) AS n FROM access_tokens').first<number>('n')).toBe(
      tokens,
    );
    const at = new Date(Date.now() + 3_600_000).toISOString();
    const ok = await post('/api/tokens', { name: 'dated', scopes, expiresAt: at });
    expect(ok.status).toBe(201);
    expect(Date.parse(String((await json(ok)).expiresAt))).toBe(
      Math.floor(Date.parse(at) / 1000) * 1000,
    );
  });
});
