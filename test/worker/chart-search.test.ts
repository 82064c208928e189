// Search, the recent list and the repository lists of the catalog: ranking, pagination, limits, visibility.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { buildChart, chartYamlOf, createRepository, putChartHttp } from '../helpers/charts';
import { request } from '../helpers/oci';
import { listRepositories, recentCharts, repositoryCharts } from '../../src/catalog/catalog';
import { ANONYMOUS } from '../../src/auth/principal';
import type { SearchPage } from '../../src/catalog/types';

const anon = { auth: false };
const t = `zq${Math.random().toString(36).slice(2, 7)}`;

async function publish(repo: string, name: string, version: string, extra = '') {
  const chartYaml = chartYamlOf({ name, version, description: `chart ${name}` }) + extra;
  const archive = await buildChart({ name, version, chartYaml });
  expect((await putChartHttp(repo, archive, `${name}-${version}.tgz`)).status).toBe(201);
}

async function search(query: string, page?: string): Promise<SearchPage> {
  const params = new URLSearchParams({ q: query, ...(page ? { page } : {}) });
  const res = await request('GET', `/api/search?${params}`, anon);
  expect(res.status).toBe(200);
  return (await res.json()) as SearchPage;
}

describe('catalog search and lists', () => {
  let repo: string;
  let priv: string;
  let empty: string;
  const ref = (path: string) => {
    const [storage, repository] = path.split('/') as [string, string];
    return { storage, repository };
  };

  beforeAll(async () => {
    repo = await createRepository(env.DB);
    priv = await createRepository(env.DB, { visibility: 'private' });
    empty = await createRepository(env.DB);
    // Published in the reverse of the expected order, so "newest" never explains the ranking.
    await publish(repo, 'describedchart', '1.0.0', `keywords: [other]\n`);
    await request('GET', '/'); // no-op between publishes
    await publish(repo, 'describedchart', '1.0.1', '');
    await publish(repo, 'kwchart', '1.0.0', `keywords: [${t.toUpperCase()}, x]\n`);
    await publish(repo, `a${t}`, '1.0.0');
    await publish(repo, `${t}x`, '1.0.0');
    await publish(repo, t, '1.0.0');
    await publish(repo, t, '2.0.0');
    await publish(repo, t, '1.5.0');
    await publish(priv, `${t}secret`, '1.0.0');
    // describedchart's description names the term.
    await publish(repo, 'describedchart', '1.0.2', '');
    await env.DB.prepare(`UPDATE chart_versions SET description = ?1 WHERE name = 'describedchart'`)
      .bind(`all about ${t} here`)
      .run();
  });

  it('best match first: exact name, prefix, contains, keyword, description', async () => {
    const found = await search(t.toUpperCase());
    expect(found.hits.map((h) => h.name)).toEqual([
      t,
      `${t}x`,
      `a${t}`,
      'kwchart',
      'describedchart',
    ]);
    expect(found.total).toBe(5);
    expect(found.hits[0]).toMatchObject({ latestVersion: '2.0.0', storage: 'default' });
    expect(found.hits[4]!.latestVersion).toBe('1.0.2');
  });

  it('% and _ in the query are literal characters', async () => {
    expect((await search(`${t}%`)).total).toBe(0);
    expect((await search(`${t.slice(0, 3)}_${t.slice(4)}`)).total).toBe(0);
  });

  it('deleting the latest version makes the one before it the latest', async () => {
    const res = await request('DELETE', `/repositories/${repo}/api/charts/${t}/2.0.0`);
    expect(res.status).toBe(200);
    expect((await search(t)).hits[0]).toMatchObject({ name: t, latestVersion: '1.5.0' });
    await publish(repo, t, '2.0.0');
    expect((await search(t)).hits[0]!.latestVersion).toBe('2.0.0');
  });

  it('pages of 20 with the total; past the end: no hits, the same total', async () => {
    const p = `pg${Math.random().toString(36).slice(2, 6)}`;
    for (let i = 0; i < 25; i++) await publish(repo, `${p}${String(i).padStart(2, '0')}`, '1.0.0');
    const first = await search(p);
    const second = await search(p, '2');
    const third = await search(p, '3');
    expect([first.total, first.hits.length, first.perPage, first.page]).toEqual([25, 20, 20, 1]);
    expect([second.total, second.hits.length, second.page]).toEqual([25, 5, 2]);
    expect([third.total, third.hits.length]).toEqual([25, 0]);
    const names = new Set([...first.hits, ...second.hits].map((h) => h.name));
    expect(names.size).toBe(25);
  });

  it('an empty query lists every readable chart', async () => {
    const all = await search('');
    expect(all.total).toBeGreaterThanOrEqual(5);
    const admin = await request('GET', '/api/search');
    expect(((await admin.json()) as SearchPage).total).toBe(all.total + 1);
  });

  it('limits: q up to 100 characters, page 1 to 500', async () => {
    expect((await request('GET', `/api/search?q=${'a'.repeat(100)}`, anon)).status).toBe(200);
    const long = await request('GET', `/api/search?q=${'a'.repeat(101)}`, anon);
    expect([long.status, await long.json()]).toEqual([
      400,
      { error: 'q is 101 characters long; at most 100 are allowed' },
    ]);
    for (const page of ['0', '501', 'x', '1.5', '-1', '01', '']) {
      const res = await request('GET', `/api/search?q=a&page=${page}`, anon);
      expect([res.status, await res.json()], page).toEqual([
        400,
        { error: 'page must be an integer from 1 to 500' },
      ]);
    }
    expect((await request('GET', '/api/search?page=500', anon)).status).toBe(200);
  });

  it('repositories: chart count and last push; private ones only for readers', async () => {
    const repos = await listRepositories(env, ANONYMOUS);
    const mine = repos.find((r) => `${r.storage}/${r.repository}` === repo)!;
    expect(mine).toMatchObject({ visibility: 'public', mode: 'hybrid' });
    expect(mine.charts).toBeGreaterThanOrEqual(5);
    expect(mine.lastPush).toMatch(/^\d{4}-\d\d-\d\dT/);
    expect(repos.find((r) => `${r.storage}/${r.repository}` === empty)!.lastPush).toBeNull();
    expect(repos.some((r) => `${r.storage}/${r.repository}` === priv)).toBe(false);
    const admin = await listRepositories(env, { kind: 'admin', subject: 'a' });
    expect(admin.some((r) => `${r.storage}/${r.repository}` === priv)).toBe(true);
  });

  it('recent charts: newest first, at most 50', async () => {
    await publish(repo, `${t}newest`, '1.0.0');
    const recent = await recentCharts(env, ANONYMOUS, 10);
    expect(recent[0]!.name).toBe(`${t}newest`);
    expect(recent.length).toBeLessThanOrEqual(10);
    expect((await recentCharts(env, ANONYMOUS, 1000)).length).toBeLessThanOrEqual(50);
    expect(recent.some((c) => c.name === `${t}secret`)).toBe(false);
  });

  it("a repository's charts: latest version each, by name; hidden ones are null", async () => {
    const charts = (await repositoryCharts(env, ANONYMOUS, ref(repo)))!;
    const names = charts.map((c) => c.name);
    expect(names).toEqual([...names].sort());
    expect(charts.find((c) => c.name === t)!.latestVersion).toBe('2.0.0');
    expect(await repositoryCharts(env, ANONYMOUS, ref(priv))).toBeNull();
    expect(await repositoryCharts(env, ANONYMOUS, ref('default/nope'))).toBeNull();
    expect(await repositoryCharts(env, ANONYMOUS, ref(empty))).toEqual([]);
  });
});

describe('chart_latest follows repository deletes', () => {
  it('a repository with several versions of a chart is deleted whole', async () => {
    const repo = await createRepository(env.DB);
    await publish(repo, 'gone', '1.0.0');
    await publish(repo, 'gone', '2.0.0');
    await publish(repo, 'gone', '1.5.0');
    const id = await env.DB.prepare('SELECT id FROM repositories WHERE name = ?1')
      .bind(repo.split('/')[1])
      .first<number>('id');
    const res = await request('DELETE', `/api/repositories/${id}`);
    expect(res.status, await res.text()).toBeLessThan(300);
    const left = await env.DB.prepare(
      'SELECT count(*) AS n FROM chart_latest WHERE repository_id = ?1',
    )
      .bind(id)
      .first<number>('n');
    expect(left).toBe(0);
  });
});
