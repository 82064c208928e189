// The classic chart repository with every Helm client: `helm repo add` / `repo update` /
// `search repo` / `pull repo/chart` of a public repository, and a private repository with a
// token scoped to it (pushed over OCI with that token, then read with `repo add --username
// --password`), as the README shows.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  clientWorkspace,
  createRepository,
  host,
  login,
  postOverHttp,
  registry,
  scopedToken,
} from './fixtures';
import { HELM_CLIENTS } from './helm-clients';

describe.each(HELM_CLIENTS)('Helm $version with the classic repository', (client) => {
  const w = clientWorkspace(client);
  const chart = `classic-${client.id}`;

  it('repo add, repo update, search repo and pull repo/chart of a public repository', async () => {
    const repo = await createRepository(`public-${client.id}`, 'public');
    const v1 = await w.packageChart(chart, '0.1.0');
    await postOverHttp(repo.path, v1);
    await w.helm('repo', 'add', 'pub', `${registry}/repositories/${repo.path}`);
    await postOverHttp(repo.path, await w.packageChart(chart, '0.2.0'));
    await w.helm('repo', 'update');
    const search = await w.helm('search', 'repo', `pub/${chart}`, '--versions');
    expect(search).toMatch(new RegExp(`pub/${chart}\\s+0\\.2\\.0`));
    expect(search).toMatch(new RegExp(`pub/${chart}\\s+0\\.1\\.0`));
    mkdirSync(w.at('public'));
    await w.helm('pull', `pub/${chart}`, '--version', '0.1.0', '--destination', w.at('public'));
    expect(readFileSync(w.at('public', `${chart}-0.1.0.tgz`))).toEqual(readFileSync(v1));
  });

  describe('a private repository with a token scoped to it', () => {
    let repo: { id: number; path: string };
    let token: { id: string; secret: string };
    let tgz: string;

    beforeAll(async () => {
      repo = await createRepository(`private-${client.id}`, 'private');
      token = await scopedToken(repo.path, ['read', 'write']);
      tgz = await w.packageChart(chart, '1.0.0');
      await login(w, token.id, token.secret);
    });

    it('pushes and pulls over OCI with the token', async () => {
      mkdirSync(w.at('private-oci'));
      if (client.chartCommands) {
        const ref = `${host}/${repo.path}/${chart}:1.0.0`;
        // `helm chart save` takes the version from Chart.yaml; the tag must be that version.
        const chartYaml = w.at('src', chart, 'Chart.yaml');
        writeFileSync(
          chartYaml,
          readFileSync(chartYaml, 'utf8').replace(/^version: .*$/m, 'version: 1.0.0'),
        );
        await w.helm('chart', 'save', w.at('src', chart), ref);
        await w.helm('chart', 'push', ref);
        await w.helm('chart', 'remove', ref);
        await w.helm('chart', 'pull', ref);
        await w.helm('chart', 'export', ref, '--destination', w.at('private-oci'));
        expect(readFileSync(w.at('private-oci', chart, 'Chart.yaml'), 'utf8')).toMatch(/1\.0\.0/);
      } else {
        await w.helm('push', tgz, `oci://${host}/${repo.path}`, ...w.plain);
        await w.helm(
          'pull',
          `oci://${host}/${repo.path}/${chart}`,
          '--version',
          '1.0.0',
          '-d',
          w.at('private-oci'),
          ...w.plain,
        );
        expect(readFileSync(w.at('private-oci', `${chart}-1.0.0.tgz`))).toEqual(readFileSync(tgz));
      }
    });

    it('repo add --username --password, search and pull', async () => {
      const url = `${registry}/repositories/${repo.path}`;
      await expect(w.helm('repo', 'add', 'nocreds', url)).rejects.toThrow(/401|unauthorized/i);
      await w.helm(
        'repo',
        'add',
        'private',
        url,
        '--username',
        token.id,
        '--password',
        token.secret,
      );
      expect(await w.helm('search', 'repo', `private/${chart}`)).toMatch(
        new RegExp(`private/${chart}\\s+1\\.0\\.0`),
      );
      mkdirSync(w.at('private-http'));
      await w.helm('pull', `private/${chart}`, '--version', '1.0.0', '-d', w.at('private-http'));
      expect(readFileSync(w.at('private-http', `${chart}-1.0.0.tgz`))).toBeTruthy();
    });
  });
});
