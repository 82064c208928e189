// The chart API's permission cases: a private repository the caller may not read answers exactly like an unknown chart.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { basic, createToken, type CreatedToken } from '../helpers/auth';
import { buildChart, createRepository, putChartHttp } from '../helpers/charts';
import { request } from '../helpers/oci';
import type { SearchPage } from '../../src/catalog/types';

const CHART = 'secretapp';
const ROUTES = [
  '',
  '/1.0.0',
  '/1.0.0/readme',
  '/1.0.0/values',
  '/1.0.0/schema',
  '/1.0.0/templates',
  '/1.0.0/templates/configmap.yaml',
  '/1.0.0/crds',
  '/1.0.0/crds/x.yaml',
  '/1.0.0/changelog',
  '/1.0.0/values-diff/1.0.0',
];

describe('chart API permissions', () => {
  let priv: string;
  let pub: string;
  let reader: CreatedToken;
  let other: CreatedToken;

  beforeAll(async () => {
    priv = await createRepository(env.DB, { visibility: 'private' });
    pub = await createRepository(env.DB);
    for (const repo of [priv, pub]) {
      const archive = await buildChart({
        name: CHART,
        version: '1.0.0',
        files: { 'README.md': '# secret\n', 'values.schema.json': '{}', 'crds/x.yaml': 'x' },
      });
      expect((await putChartHttp(repo, archive, `${CHART}-1.0.0.tgz`)).status).toBe(201);
    }
    reader = await createToken({
      name: 'reader',
      scopes: [{ repository: priv, actions: ['read'] }],
    });
    other = await createToken({
      name: 'other',
      scopes: [{ repository: 'default/elsewhere', actions: ['read', 'write', 'delete'] }],
    });
  });

  const as = (token: CreatedToken | null) =>
    token ? { auth: false, headers: { authorization: basic(token.secret, '') } } : { auth: false };

  async function answer(path: string, token: CreatedToken | null) {
    const res = await request('GET', path, as(token));
    return {
      status: res.status,
      body: (await res.json()) as unknown,
      cacheControl: res.headers.get('cache-control'),
      contentType: res.headers.get('content-type'),
    };
  }

  for (const [who, token] of [
    ['anonymous', () => null],
    ['a token scoped elsewhere', () => other],
  ] as const) {
    it(`${who}: every route of a private chart answers as an unknown one`, async () => {
      for (const route of ROUTES) {
        const hidden = await answer(`/api/charts/${priv}/${CHART}${route}`, token());
        const unknownRepo = await answer(
          `/api/charts/default/no-such-repo/${CHART}${route}`,
          token(),
        );
        const unknownChart = await answer(`/api/charts/${pub}/no-such-chart${route}`, token());
        expect(hidden, route).toEqual(unknownRepo);
        expect(hidden, route).toEqual(unknownChart);
        expect(hidden.status).toBe(404);
        expect(hidden.body).toEqual({ error: 'chart not found' });
      }
    });
  }

  it('an unknown version and an invalid name answer the same', async () => {
    const expected = await answer(`/api/charts/${pub}/no-such-chart/1.0.0`, null);
    for (const path of [
      `/api/charts/${pub}/${CHART}/9.9.9`,
      `/api/charts/${pub}/${CHART}/not%20a%20version`,
      `/api/charts/${pub}/UPPER/1.0.0`,
      `/api/charts/${pub}/${'a'.repeat(200)}/1.0.0`,
      `/api/charts/${pub}/${CHART}/1.0.0/values-diff/9.9.9`,
    ]) {
      expect(await answer(path, null), path).toEqual(expected);
    }
  });

  it('a token with read on the repository reads it, never cached by shared caches', async () => {
    for (const route of ROUTES.filter((r) => !r.includes('templates/') && !r.includes('crds/'))) {
      const got = await answer(`/api/charts/${priv}/${CHART}${route}`, reader);
      expect(got.status, route).toBe(200);
      expect(got.cacheControl).toBe('private, no-store');
    }
    const crd = await answer(`/api/charts/${priv}/${CHART}/1.0.0/crds/x.yaml`, reader);
    expect(crd.body).toMatchObject({ path: 'crds/x.yaml', text: 'x' });
  });

  it('public charts: cacheable for anonymous callers only', async () => {
    expect((await answer(`/api/charts/${pub}/${CHART}/1.0.0`, null)).cacheControl).toBe(
      'public, max-age=60',
    );
    expect((await answer(`/api/charts/${pub}/${CHART}/1.0.0`, reader)).cacheControl).toBe(
      'private, no-store',
    );
  });

  it('invalid credentials: 401 with the Basic challenge, as the admin API', async () => {
    for (const path of [`/api/charts/${pub}/${CHART}/1.0.0`, '/api/search?q=x']) {
      const res = await request('GET', path, {
        auth: false,
        headers: { authorization: basic('hrt_nope', '') },
      });
      expect(res.status).toBe(401);
      expect(res.headers.get('www-authenticate')).toMatch(/^Basic realm=/);
      expect(await res.json()).toEqual({ error: 'invalid credentials' });
    }
  });

  it('search shows private charts only to those who may read them', async () => {
    const found = async (token: CreatedToken | null) => {
      const res = await request('GET', `/api/search?q=${CHART}`, as(token));
      return ((await res.json()) as SearchPage).hits.map((h) => `${h.storage}/${h.repository}`);
    };
    expect(await found(null)).not.toContain(priv);
    expect(await found(other)).not.toContain(priv);
    expect(await found(reader)).toEqual(expect.arrayContaining([priv, pub]));
    const admin = await request('GET', `/api/search?q=${CHART}`);
    const hits = ((await admin.json()) as SearchPage).hits.map(
      (h) => `${h.storage}/${h.repository}`,
    );
    expect(hits).toContain(priv);
  });
});
