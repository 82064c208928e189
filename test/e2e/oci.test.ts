// `oci://` with every Helm client that has it (3.8+): registry login, push, pull by tag (and by
// digest where the client can), show, latest version by tag listing, dependencies from oci://
// and from the classic repository.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { adminToken, clientWorkspace, host, login, registry } from './fixtures';
import { HELM_CLIENTS } from './helm-clients';

/** The digest tag `version` of `default/charts/<chart>` resolves to (HEAD of the manifest). */
async function manifestDigest(chart: string, version: string): Promise<string> {
  const res = await fetch(`${registry}/v2/default/charts/${chart}/manifests/${version}`, {
    method: 'HEAD',
    headers: {
      authorization: `Basic ${btoa(`admin:${adminToken}`)}`,
      accept: 'application/vnd.oci.image.manifest.v1+json',
    },
  });
  expect(res.status).toBe(200);
  return res.headers.get('docker-content-digest')!;
}

const OCI_REPO = `oci://${host}/default/charts`;
const HTTP_REPO = `${registry}/repositories/default/charts`;

describe.each(HELM_CLIENTS.filter((c) => !c.chartCommands))('Helm $version over OCI', (client) => {
  const w = clientWorkspace(client);
  const chart = `oci-${client.id}`;
  let tgz: string;
  let digest: string;

  beforeAll(async () => {
    await login(w);
  });

  it('pushes a packaged chart and pulls it back byte for byte by tag', async () => {
    tgz = await w.packageChart(chart, '0.1.0');
    await w.helm('push', tgz, OCI_REPO, ...w.plain);
    digest = await manifestDigest(chart, '0.1.0');
    mkdirSync(w.at('pulled'));
    await w.helm(
      'pull',
      `${OCI_REPO}/${chart}`,
      '--version',
      '0.1.0',
      '-d',
      w.at('pulled'),
      ...w.plain,
    );
    expect(readFileSync(w.at('pulled', `${chart}-0.1.0.tgz`))).toEqual(readFileSync(tgz));
  });

  if (client.pullByDigest)
    it('pulls by digest', async () => {
      mkdirSync(w.at('by-digest'));
      await w.helm('pull', `${OCI_REPO}/${chart}@${digest}`, '-d', w.at('by-digest'), ...w.plain);
      const [file] = readdirSync(w.at('by-digest'));
      expect(readFileSync(w.at('by-digest', file!))).toEqual(readFileSync(tgz));
    });

  it('shows chart and values', async () => {
    const ref = `${OCI_REPO}/${chart}`;
    const shown = await w.helm('show', 'chart', ref, '--version', '0.1.0', ...w.plain);
    expect(shown).toMatch(new RegExp(`name: ${chart}`));
    expect(shown).toMatch(/version: 0\.1\.0/);
    expect(await w.helm('show', 'values', ref, '--version', '0.1.0', ...w.plain)).toMatch(
      /replicaCount: 1/,
    );
  });

  it('templates the highest stable version when --version is not given (tag listing)', async () => {
    await w.helm('push', await w.packageChart(chart, '0.2.0'), OCI_REPO, ...w.plain);
    await w.helm('push', await w.packageChart(chart, '0.10.0-rc.1'), OCI_REPO, ...w.plain);
    const out = await w.helm('template', 'rel', `${OCI_REPO}/${chart}`, ...w.plain);
    expect(out).toMatch(new RegExp(`helm\\.sh/chart: ${chart}-0\\.2\\.0`));
  });

  it('resolves dependencies from oci:// and from the classic repository', async () => {
    await w.helm('push', await w.packageChart(`${chart}-dep`, '1.0.0'), OCI_REPO, ...w.plain);
    const parent = w.at('src', 'parent');
    await w.helm('create', parent);
    const chartYaml = readFileSync(join(parent, 'Chart.yaml'), 'utf8');
    writeFileSync(
      join(parent, 'Chart.yaml'),
      `${chartYaml}\ndependencies:\n` +
        `  - name: ${chart}\n    version: 0.1.0\n    repository: "${OCI_REPO}"\n` +
        `  - name: ${chart}-dep\n    version: 1.0.0\n    repository: "${HTTP_REPO}"\n`,
    );
    await w.helm('dependency', 'update', parent, ...w.plain);
    expect(existsSync(join(parent, 'charts', `${chart}-0.1.0.tgz`))).toBe(true);
    expect(existsSync(join(parent, 'charts', `${chart}-dep-1.0.0.tgz`))).toBe(true);
  });
});
