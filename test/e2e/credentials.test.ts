// Real clients with access tokens: `helm registry login` + push + pull over the bearer token flow,
// `helm repo add --username --password` on a private repository, and `skopeo --creds`.
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { api, host, registry } from './fixtures';
import { helmAt, run } from './run';

/** A helm with its own empty config, cache and registry login. */
function freshHelm() {
  return helmAt(mkdtempSync(join(tmpdir(), 'helm-creds-')));
}

describe('access tokens with real clients', () => {
  let privateRepo: string;
  let writer: { id: string; secret: string };
  let reader: { id: string; secret: string };
  let chartTgz: string;

  beforeAll(async () => {
    const name = `creds-${Date.now().toString(36)}`;
    await api('POST', '/api/repositories', { storage: 'default', name, visibility: 'private' });
    privateRepo = `default/${name}`;
    writer = (await api('POST', '/api/tokens', {
      name: 'e2e writer',
      scopes: [{ repository: privateRepo, actions: ['read', 'write'] }],
    })) as { id: string; secret: string };
    reader = (await api('POST', '/api/tokens', {
      name: 'e2e reader',
      scopes: [{ repository: privateRepo, actions: ['read'] }],
    })) as { id: string; secret: string };
    const { home, helm } = freshHelm();
    await helm('create', join(home, 'credchart'));
    await helm('package', join(home, 'credchart'), '--destination', home);
    chartTgz = join(home, 'credchart-0.1.0.tgz');
  });

  it('helm registry login with a scoped token, then push and pull over the bearer flow', async () => {
    const { home, helm } = freshHelm();
    await helm('registry', 'login', host, '--username', writer.id, '--password', writer.secret);
    await helm('push', chartTgz, `oci://${host}/${privateRepo}`);
    mkdirSync(join(home, 'out'));
    await helm(
      'pull',
      `oci://${host}/${privateRepo}/credchart`,
      '--version',
      '0.1.0',
      '--destination',
      join(home, 'out'),
    );
    expect(readFileSync(join(home, 'out', 'credchart-0.1.0.tgz'))).toEqual(readFileSync(chartTgz));
  });

  it('a private repository cannot be pulled without credentials, nor pushed to with a read-only token', async () => {
    const anonymous = freshHelm();
    await expect(
      anonymous.helm(
        'pull',
        `oci://${host}/${privateRepo}/credchart`,
        '--version',
        '0.1.0',
        '--destination',
        anonymous.home,
      ),
    ).rejects.toThrow(/401|unauthorized|not found|denied/i);
    const readOnly = freshHelm();
    await readOnly.helm('create', join(readOnly.home, 'credchart'));
    await readOnly.helm(
      'package',
      join(readOnly.home, 'credchart'),
      '--version',
      '0.2.0',
      '--destination',
      readOnly.home,
    );
    await readOnly.helm(
      'registry',
      'login',
      host,
      '--username',
      reader.id,
      '--password',
      reader.secret,
    );
    await expect(
      readOnly.helm(
        'push',
        join(readOnly.home, 'credchart-0.2.0.tgz'),
        `oci://${host}/${privateRepo}`,
      ),
    ).rejects.toThrow(/denied|403/i);
  });

  it('helm repo add --username --password on a private repository', async () => {
    const { home, helm } = freshHelm();
    const url = `${registry}/repositories/${privateRepo}`;
    await expect(helm('repo', 'add', 'nocreds', url)).rejects.toThrow(/401|Unauthorized/i);
    await helm('repo', 'add', 'private', url, '--username', reader.id, '--password', reader.secret);
    const search = await helm('search', 'repo', 'private/credchart');
    expect(search).toMatch(/private\/credchart\s+0\.1\.0/);
    mkdirSync(join(home, 'classic'));
    await helm(
      'pull',
      'private/credchart',
      '--version',
      '0.1.0',
      '--destination',
      join(home, 'classic'),
    );
    expect(readFileSync(join(home, 'classic', 'credchart-0.1.0.tgz'))).toEqual(
      readFileSync(chartTgz),
    );
  });

  it('skopeo --creds with an access token', async () => {
    const layout = mkdtempSync(join(tmpdir(), 'skopeo-creds-'));
    // Reuse the chart as an OCI artifact: copy it out of the registry and back in under another name.
    await run('skopeo', [
      'copy',
      '--src-tls-verify=false',
      '--src-creds',
      `${reader.id}:${reader.secret}`,
      `docker://${host}/${privateRepo}/credchart:0.1.0`,
      `oci:${layout}:chart`,
    ]);
    // Without credentials the private repository looks like it does not exist.
    await expect(
      run('skopeo', [
        'list-tags',
        '--tls-verify=false',
        `docker://${host}/${privateRepo}/credchart`,
      ]),
    ).rejects.toThrow(/404|not found|unauthorized/i);
    const tags = JSON.parse(
      await run('skopeo', [
        'list-tags',
        '--tls-verify=false',
        '--creds',
        `${writer.id}:${writer.secret}`,
        `docker://${host}/${privateRepo}/credchart`,
      ]),
    ) as { Tags: string[] };
    expect(tags.Tags).toEqual(['0.1.0']);
  });
});
