// Signed charts (`helm package --sign`, a throwaway gpg key) with every Helm client:
// `helm pull --verify` of a chart uploaded over HTTP with its .prov (every client), and over
// OCI both ways (3.8+: `helm push` carries the .prov beside the chart). The gpg-agents that key
// generation starts are stopped after the file.
import { execFileSync } from 'node:child_process';
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { clientWorkspace, createRepository, host, login, postOverHttp, registry } from './fixtures';
import { HELM_CLIENTS } from './helm-clients';
import { scratch } from './run';

const keys = scratch('gpg-keys');
const homes: string[] = [];

/** gpg with its own home, no passphrase; exports its key as the legacy keyrings Helm reads. */
function makeKey(name: string): { secring: string; pubring: string } {
  const home = join(keys, name);
  mkdirSync(home, { mode: 0o700 });
  homes.push(home);
  const gpg = (...args: string[]) =>
    execFileSync('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], {
      env: { ...process.env, GNUPGHOME: home },
    });
  gpg('--quick-gen-key', `${name} <${name}@example.com>`, 'rsa2048', 'sign', 'never');
  const secring = join(home, 'secring.gpg');
  const pubring = join(home, 'pubring.gpg');
  writeFileSync(secring, gpg('--export-secret-keys'));
  writeFileSync(pubring, gpg('--export'));
  return { secring, pubring };
}

let signer: { secring: string; pubring: string };
let other: { secring: string; pubring: string };

beforeAll(() => {
  signer = makeKey('Helm E2E');
  other = makeKey('Someone Else');
});

afterAll(() => {
  for (const home of homes) execFileSync('gpgconf', ['--homedir', home, '--kill', 'all']);
});

describe.each(HELM_CLIENTS)('Helm $version with signed charts', (client) => {
  const w = clientWorkspace(client);
  const chart = `signed-${client.id}`;
  let repo: { id: number; path: string };
  const oci = () => `oci://${host}/${repo.path}/${chart}`;

  const sign = () => ['--sign', '--key', 'Helm E2E', '--keyring', signer.secring];
  /** `helm pull --verify` into a fresh folder; returns it. */
  async function pullVerified(ref: string, version: string, keyring: string, plain: string[] = []) {
    const dir = scratch('verified');
    await w.helm(
      'pull',
      ref,
      '--version',
      version,
      '--verify',
      '--keyring',
      keyring,
      '-d',
      dir,
      ...plain,
    );
    return dir;
  }

  beforeAll(async () => {
    repo = await createRepository(`signed-${client.id}`, 'public');
    await login(w);
    await w.helm('repo', 'add', 'signed', `${registry}/repositories/${repo.path}`);
  });

  it('a chart uploaded over HTTP with its .prov verifies over HTTP', async () => {
    const tgz = await w.packageChart(chart, '0.1.0', sign());
    await postOverHttp(repo.path, tgz, `${tgz}.prov`);
    await w.helm('repo', 'update');
    const dir = await pullVerified(`signed/${chart}`, '0.1.0', signer.pubring);
    expect(readFileSync(join(dir, `${chart}-0.1.0.tgz.prov`))).toEqual(readFileSync(`${tgz}.prov`));
    await expect(pullVerified(`signed/${chart}`, '0.1.0', other.pubring)).rejects.toThrow(
      /openpgp|signature|key/i,
    );
  });

  /**
   * `helm pull --verify oci://…`; Helm 3.18.0 refuses every chart with a provenance layer
   * (helm/helm#30890): assert that, so the README's warning stays true.
   */
  async function verifyOverOci(version: string, tgz: string): Promise<void> {
    if (!client.pullsProvenanceOverOci) {
      await expect(pullVerified(oci(), version, signer.pubring, w.plain)).rejects.toThrow(
        /provenance\.v1\.prov" is not allowed/,
      );
      return;
    }
    const dir = await pullVerified(oci(), version, signer.pubring, w.plain);
    expect(readFileSync(join(dir, `${chart}-${version}.tgz`))).toEqual(readFileSync(tgz));
    await expect(pullVerified(oci(), version, other.pubring, w.plain)).rejects.toThrow(
      /openpgp|signature|key/i,
    );
  }

  if (!client.chartCommands)
    it('the same chart verifies over OCI', async () => {
      await verifyOverOci('0.1.0', w.at('pkg', `${chart}-0.1.0.tgz`));
    });

  if (!client.chartCommands)
    it('a chart signed and pushed with helm push verifies over OCI and HTTP', async () => {
      const tgz = await w.packageChart(chart, '0.2.0', sign());
      await w.helm('push', tgz, `oci://${host}/${repo.path}`, ...w.plain);
      await verifyOverOci('0.2.0', tgz);
      await w.helm('repo', 'update');
      const dir = await pullVerified(`signed/${chart}`, '0.2.0', signer.pubring);
      expect(readFileSync(join(dir, `${chart}-0.2.0.tgz.prov`))).toEqual(
        readFileSync(`${tgz}.prov`),
      );
    });
});
