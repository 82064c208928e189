// The chart API on hostile and big contents: caps, bodies in R2 (ranged reads), invalid schemas, hostile values, versions not extracted yet, local dependencies.
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  buildChart,
  chartYamlOf,
  createRepository,
  putChartHttp,
  repositoryId,
} from '../helpers/charts';
import { request, sha256 } from '../helpers/oci';
import { BODY_CAPS } from '../../src/helm/chart-contents';
import { chartPage, readPageFiles } from '../../src/catalog/catalog';
import { countingEnv } from '../../src/debug/storage-call-counter';
import { ANONYMOUS } from '../../src/auth/principal';
import type { ChartVersionDetail, FileBody, SchemaView, ValuesDiff } from '../../src/catalog/types';

const anon = { auth: false };
const json = async <T>(res: Response) => {
  expect(res.status, res.url).toBe(200);
  return (await res.json()) as T;
};
const detail = async (path: string) =>
  (await json<{ version: ChartVersionDetail }>(await request('GET', path, anon))).version;

async function publish(
  repo: string,
  name: string,
  version: string,
  files: Record<string, string>,
  chartYaml?: string,
) {
  const archive = await buildChart({ name, version, files, ...(chartYaml ? { chartYaml } : {}) });
  expect((await putChartHttp(repo, archive, `${name}-${version}.tgz`)).status).toBe(201);
  return archive;
}

describe('chart API contents', () => {
  let repo: string;
  const big = 'x'.repeat(BODY_CAPS.readme + 1000);
  const readmeText = `<script>alert(1)</script>\n[x](javascript:alert(1))\n${big}`;

  beforeAll(async () => {
    repo = await createRepository(env.DB);
    await publish(repo, 'huge', '1.0.0', {
      'README.md': readmeText,
      'values.yaml': 'a: 1\n',
      'values.schema.json': `{"type": "object", "description": "${'d'.repeat(BODY_CAPS.schema)}"}`,
    });
    await publish(repo, 'hostile', '1.0.0', {
      'values.yaml': '__proto__:\n  polluted: 1\nconstructor: a\n',
      'values.schema.json': '{"type": ',
    });
    await publish(repo, 'hostile', '2.0.0', {
      'values.yaml': '__proto__:\n  polluted: 2\nconstructor: b\ntoString: x\n',
      'values.schema.json': '{"a":'.repeat(100) + '1' + '}'.repeat(100),
    });
    const lol = ['a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
    for (let i = 1; i < 9; i++) {
      const [p, n] = [String.fromCharCode(96 + i), String.fromCharCode(97 + i)];
      lol.push(`${n}: &${n} [${Array(9).fill(`*${p}`).join(', ')}]`);
    }
    await publish(repo, 'hostile', '3.0.0', { 'values.yaml': lol.join('\n') + '\n' });
  });

  it('a README over its cap is truncated, from R2 with one ranged GET; the detail reads no R2', async () => {
    const base = `/api/charts/${repo}/huge/1.0.0`;
    const res = await request('GET', base, anon);
    expect([res.headers.get('x-storage-d1'), res.headers.get('x-storage-r2')]).toEqual(['1', '0']);
    const version = (await json<{ version: ChartVersionDetail }>(res)).version;
    expect(version.files!.readme).toMatchObject({ truncated: true, size: readmeText.length });
    const readme = await request('GET', `${base}/readme`, anon);
    expect([readme.headers.get('x-storage-d1'), readme.headers.get('x-storage-r2')]).toEqual([
      '1',
      '1',
    ]);
    const body = await json<FileBody>(readme);
    expect(body.truncated).toBe(true);
    expect(body.text.length).toBe(BODY_CAPS.readme);
    // Raw text: the API shows the author's bytes; rendering safely is the pages' job.
    expect(body.text.startsWith('<script>alert(1)</script>')).toBe(true);
  });

  it('several files of one R2 object: one GET for the span', async () => {
    const counted = countingEnv(env);
    const page = (await chartPage(
      counted.env,
      ANONYMOUS,
      { storage: 'default', repository: repo.split('/')[1]! },
      'huge',
      null,
    ))!;
    const files = page.version.files!;
    expect(page.contents!.inline).toBeNull();
    const before = counted.counts.r2;
    const bodies = await readPageFiles(counted.env, page, [files.values!, files.readme!]);
    expect(counted.counts.r2 - before).toBe(1);
    expect(bodies.map((b) => b.path)).toEqual(['values.yaml', 'README.md']);
    expect(bodies[0]!.text).toBe('a: 1\n');
  });

  it('a schema cut at its cap, invalid JSON, or nested too deep: text with a note', async () => {
    const truncated = await json<SchemaView>(
      await request('GET', `/api/charts/${repo}/huge/1.0.0/schema`, anon),
    );
    expect(truncated).toMatchObject({
      schema: null,
      error: `truncated at ${BODY_CAPS.schema} bytes`,
    });
    const invalid = await json<SchemaView>(
      await request('GET', `/api/charts/${repo}/hostile/1.0.0/schema`, anon),
    );
    expect(invalid.error).toMatch(/^not valid JSON/);
    expect(invalid.file.text).toBe('{"type": ');
    const deep = await json<SchemaView>(
      await request('GET', `/api/charts/${repo}/hostile/2.0.0/schema`, anon),
    );
    expect(deep.error).toBe('nesting deeper than 64 levels');
    const none = await request('GET', `/api/charts/${repo}/hostile/3.0.0/schema`, anon);
    expect([none.status, await none.json()]).toEqual([
      404,
      { error: 'this chart version has no values.schema.json' },
    ]);
  });

  it('values with __proto__ and constructor keys diff as keys', async () => {
    const diff = await json<ValuesDiff>(
      await request('GET', `/api/charts/${repo}/hostile/2.0.0/values-diff/1.0.0`, anon),
    );
    expect(diff).toEqual({
      from: '1.0.0',
      to: '2.0.0',
      changes: [
        { path: ['__proto__', 'polluted'], kind: 'changed', from: 1, to: 2 },
        { path: ['constructor'], kind: 'changed', from: 'a', to: 'b' },
        { path: ['toString'], kind: 'added', to: 'x' },
      ],
      truncated: false,
      error: null,
    });
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('an alias bomb in values.yaml is an error in the diff, not a 500', async () => {
    const diff = await json<ValuesDiff>(
      await request('GET', `/api/charts/${repo}/hostile/3.0.0/values-diff/2.0.0`, anon),
    );
    expect(diff.changes).toEqual([]);
    expect(diff.error).toMatch(/^values\.yaml of 3\.0\.0: .*alias/i);
  });

  it('big values: a values.yaml over its cap, and one of 15,000 keys, diff within the caps', async () => {
    const keys = (n: number, v: string) =>
      Array.from({ length: n }, (_, i) => `key${i}: ${v}\n`).join('');
    await publish(repo, 'bigvalues', '1.0.0', { 'values.yaml': keys(15_000, 'a') });
    await publish(repo, 'bigvalues', '2.0.0', { 'values.yaml': keys(15_000, 'b') });
    await publish(repo, 'bigvalues', '3.0.0', { 'values.yaml': keys(120_000, 'c') });
    const diff = await json<ValuesDiff>(
      await request('GET', `/api/charts/${repo}/bigvalues/2.0.0/values-diff/1.0.0`, anon),
    );
    expect([diff.changes.length, diff.truncated, diff.error]).toEqual([1000, true, null]);
    expect(diff.changes[0]).toEqual({ path: ['key0'], kind: 'changed', from: 'a', to: 'b' });
    // Over BODY_CAPS.values: cut at 1 MiB (the page shows it marked), and over the parse bounds.
    const values = await json<FileBody>(
      await request('GET', `/api/charts/${repo}/bigvalues/3.0.0/values`, anon),
    );
    expect([values.truncated, values.text.length]).toEqual([true, BODY_CAPS.values]);
    const over = await json<ValuesDiff>(
      await request('GET', `/api/charts/${repo}/bigvalues/3.0.0/values-diff/1.0.0`, anon),
    );
    expect(over.changes).toEqual([]);
    expect(over.truncated).toBe(true);
    expect(over.error).toMatch(/^values\.yaml of 3\.0\.0: the YAML has more than 20000 lines/);
  });

  it('a version not extracted yet: files null, its file routes say so', async () => {
    const archive = await publish(repo, 'older', '1.0.0', { 'README.md': '# old\n' });
    await env.DB.prepare(
      'DELETE FROM chart_contents WHERE repository_id = ?1 AND archive_digest = ?2',
    )
      .bind(await repositoryId(env.DB, repo), await sha256(archive))
      .run();
    const base = `/api/charts/${repo}/older/1.0.0`;
    expect((await detail(base)).files).toBeNull();
    for (const route of ['readme', 'values', 'schema', 'templates', 'crds']) {
      const res = await request('GET', `${base}/${route}`, anon);
      expect([res.status, await res.json()]).toEqual([
        404,
        { error: 'the files of this chart version are not extracted yet' },
      ]);
    }
    const diff = await json<ValuesDiff>(await request('GET', `${base}/values-diff/1.0.0`, anon));
    expect(diff.error).toBe('the contents of 1.0.0 are not extracted yet');
  });

  it('dependencies in this registry are linked, when the caller may read them', async () => {
    const priv = await createRepository(env.DB, { visibility: 'private' });
    await publish(priv, 'hidden', '1.0.0', {});
    await publish(repo, 'lib', '1.0.0', {});
    const chartYaml = [
      chartYamlOf({ name: 'app', version: '1.0.0' }).trimEnd(),
      'dependencies:',
      `  - {name: lib, version: 1.0.0, repository: "http://registry.test/repositories/${repo}"}`,
      `  - {name: lib, version: 1.0.0, repository: "oci://REGISTRY.test/${repo}/", alias: l2}`,
      `  - {name: hidden, version: 1.0.0, repository: "http://registry.test/repositories/${priv}"}`,
      `  - {name: nope, version: 1.0.0, repository: "http://registry.test/repositories/${repo}"}`,
      '  - {name: ext, version: 1.0.0, repository: "https://charts.example.com", condition: ext.enabled}',
      '',
    ].join('\n');
    await publish(repo, 'app', '1.0.0', {}, chartYaml);
    const [storage, repository] = repo.split('/') as [string, string];
    const res = await request('GET', `/api/charts/${repo}/app/1.0.0`, anon);
    expect(res.headers.get('x-storage-d1')).toBe('1');
    const deps = (await json<{ version: ChartVersionDetail }>(res)).version.dependencies;
    expect(deps.map((d) => d.local)).toEqual([
      { storage, repository, name: 'lib' },
      { storage, repository, name: 'lib' },
      null,
      null,
      null,
    ]);
    expect(deps[1]!.alias).toBe('l2');
    expect(deps[4]!.condition).toBe('ext.enabled');
    const admin = await request('GET', `/api/charts/${repo}/app/1.0.0`);
    const seen = (await json<{ version: ChartVersionDetail }>(admin)).version.dependencies;
    expect(seen[2]!.local).toEqual({ storage, repository: priv.split('/')[1], name: 'hidden' });
  });
});
