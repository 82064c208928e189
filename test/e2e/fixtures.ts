// What the e2e flow files share: the registry's address, admin API calls, repositories and
// scoped tokens made for one test, charts packaged by the client under test, HTTP uploads.
import { mkdirSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import { expect, inject } from 'vitest';
import type { HelmClient } from './helm-clients';
import { helmFor, scratch } from './run';

export const registry = inject('registryUrl');
export const adminToken = inject('adminToken');
export const host = new URL(registry).host;

export async function api(
  method: string,
  path: string,
  body?: unknown,
): Promise<Record<string, unknown>> {
  const res = await fetch(`${registry}${path}`, {
    method,
    headers: { authorization: `Bearer ${adminToken}`, 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const json = (await res.json()) as Record<string, unknown>;
  if (res.status >= 300)
    throw new Error(`${method} ${path}: ${res.status} ${JSON.stringify(json)}`);
  return json;
}

/** A new repository `default/<name>`; returns its admin API id and its `<storage>/<name>`. */
export async function createRepository(
  name: string,
  visibility: 'public' | 'private',
): Promise<{ id: number; path: string }> {
  const repo = await api('POST', '/api/repositories', { storage: 'default', name, visibility });
  return { id: repo.id as number, path: `default/${name}` };
}

/** An access token scoped to one repository. */
export async function scopedToken(
  repository: string,
  actions: string[],
): Promise<{ id: string; secret: string }> {
  const token = await api('POST', '/api/tokens', {
    name: `e2e ${repository} ${actions.join(',')}`,
    scopes: [{ repository, actions }],
  });
  return { id: token.id as string, secret: token.secret as string };
}

/** Deletes one chart version with the admin API (both protocols). */
export async function deleteVersion(repoId: number, chart: string, version: string): Promise<void> {
  await api('DELETE', `/api/repositories/${repoId}/versions`, {
    paths: [`charts/${chart}/${chart}-${version}.tgz`],
  });
}

/** A helm of `client` with a fresh home, and `helm create` + `helm package` done by it. */
export function clientWorkspace(client: HelmClient, extraEnv: NodeJS.ProcessEnv = {}) {
  const home = scratch(`helm-${client.id}`);
  mkdirSync(join(home, 'src'));
  const h = helmFor(client, home, extraEnv);
  const at = (...parts: string[]) => join(home, ...parts);
  /** Packages chart `name` at `version` (created on first use) into `<home>/pkg`. */
  async function packageChart(
    name: string,
    version: string,
    extra: string[] = [],
  ): Promise<string> {
    const dir = at('src', name);
    await h.helm('create', dir).catch((err: Error) => {
      if (!/already exists|exists/i.test(err.message)) throw err;
    });
    await h.helm('package', dir, '--version', version, '--destination', at('pkg'), ...extra);
    return at('pkg', `${name}-${version}.tgz`);
  }
  return { ...h, at, packageChart };
}

/** `helm registry login` as the admin (or the given token). */
export async function login(
  w: ReturnType<typeof clientWorkspace>,
  user = 'admin',
  password = adminToken,
): Promise<void> {
  await w.helm('registry', 'login', host, '--username', user, '--password', password, ...w.plain);
}

/** `curl -T chart.tgz …/repositories/<repo>/<file>`: a plain HTTP PUT of a chart (and .prov). */
export async function putOverHttp(repo: string, file: string): Promise<void> {
  const body = readFileSync(file);
  const res = await fetch(`${registry}/repositories/${repo}/${basename(file)}`, {
    method: 'PUT',
    body,
    headers: { authorization: `Basic ${btoa(`${adminToken}:`)}` },
  });
  expect(res.status, await res.text()).toBeLessThan(300);
}

/** The ChartMuseum API upload, with an optional provenance file. */
export async function postOverHttp(repo: string, file: string, prov?: string): Promise<void> {
  const form = new FormData();
  form.append('chart', new Blob([readFileSync(file)]), basename(file));
  if (prov) form.append('prov', new Blob([readFileSync(prov)]), basename(prov));
  const res = await fetch(`${registry}/repositories/${repo}/api/charts`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Basic ${btoa(`${adminToken}:`)}` },
  });
  expect(res.status, await res.text()).toBe(201);
}
