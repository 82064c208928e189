// One chart version, several OCI names: `…/charts/mychart` and `…/charts/coll/mychart` carrying
// the same chart and tag are one version of the HTTP repository. Deleting the version over HTTP,
// the ChartMuseum API or the admin API removes every name; deleting one name over OCI removes just
// that name, and the version leaves index.yaml when no name carries it any more.
import { env } from 'cloudflare:workers';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { buildChart, createRepository, pushChartOci, repositoryId } from '../helpers/charts';
import { request } from '../helpers/oci';

const CHART = 'mychart';
const NAMES = [CHART, `coll/${CHART}`];

async function indexVersions(repo: string): Promise<string[]> {
  const res = await request('GET', `/repositories/${repo}/index.yaml`);
  const index = parse(await res.text()) as { entries: Record<string, { version: string }[]> };
  return (index.entries[CHART] ?? []).map((e) => e.version);
}

async function adminVersions(repo: string): Promise<string[]> {
  const id = await repositoryId(env.DB, repo);
  const res = await request('GET', `/api/repository/${id}/packages`);
  const body = (await res.json()) as { items: { name: string; version: string }[] };
  return body.items.filter((i) => i.name === CHART).map((i) => i.version);
}

async function tagged(repo: string, name: string): Promise<boolean> {
  const res = await request('HEAD', `/v2/${repo}/${name}/manifests/0.1.0`);
  return res.status === 200;
}

async function archiveStatus(repo: string): Promise<number> {
  const res = await request('GET', `/repositories/${repo}/charts/${CHART}/${CHART}-0.1.0.tgz`);
  await res.body?.cancel();
  return res.status;
}

/** A repository with mychart 0.1.0 pushed under both names; returns it and the manifests. */
async function pushedTwice(): Promise<{ repo: string; digests: string[] }> {
  const repo = await createRepository(env.DB);
  const archive = await buildChart({ name: CHART, version: '0.1.0' });
  const digests: string[] = [];
  for (const name of NAMES) {
    const pushed = await pushChartOci(repo, name, archive, '0.1.0', { expectStatus: 201 });
    digests.push(pushed.digest);
  }
  expect(await indexVersions(repo)).toEqual(['0.1.0']);
  expect(await adminVersions(repo)).toEqual(['0.1.0']);
  return { repo, digests };
}

async function expectGone(repo: string): Promise<void> {
  for (const name of NAMES) expect(await tagged(repo, name), name).toBe(false);
  expect(await indexVersions(repo)).toEqual([]);
  expect(await adminVersions(repo)).toEqual([]);
  expect(await archiveStatus(repo)).toBe(404);
}

describe('a chart version carried by two OCI names', () => {
  it('ChartMuseum DELETE removes it from every OCI name', async () => {
    const { repo } = await pushedTwice();
    const res = await request('DELETE', `/repositories/${repo}/api/charts/${CHART}/0.1.0`);
    expect(res.status, await res.text()).toBe(200);
    await expectGone(repo);
  });

  it('the admin packages DELETE removes it from every OCI name', async () => {
    const { repo } = await pushedTwice();
    const id = await repositoryId(env.DB, repo);
    const res = await request('DELETE', `/api/repository/${id}/packages`, {
      body: JSON.stringify({ paths: [`charts/${CHART}/${CHART}-0.1.0.tgz`] }),
      headers: { 'content-type': 'application/json' },
    });
    expect(res.status, await res.text()).toBe(200);
    await expectGone(repo);
  });

  for (const first of [0, 1]) {
    it(`an OCI delete of ${NAMES[first]} keeps it while ${NAMES[1 - first]} carries it`, async () => {
      const { repo, digests } = await pushedTwice();
      const del = await request(
        'DELETE',
        `/v2/${repo}/${NAMES[first]}/manifests/${digests[first]}`,
      );
      expect(del.status, await del.text()).toBe(202);
      expect(await tagged(repo, NAMES[first]!)).toBe(false);
      expect(await tagged(repo, NAMES[1 - first]!)).toBe(true);
      expect(await indexVersions(repo)).toEqual(['0.1.0']);
      expect(await adminVersions(repo)).toEqual(['0.1.0']);
      expect(await archiveStatus(repo)).toBe(200);

      // Deleting the last name (by tag this time) removes the version.
      const last = await request('DELETE', `/v2/${repo}/${NAMES[1 - first]}/manifests/0.1.0`);
      expect(last.status, await last.text()).toBe(202);
      await expectGone(repo);
    });
  }
});
