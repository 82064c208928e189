// Install instructions (install.ts): per mode, plain HTTP, versions with +, quoting, names.
import { describe, expect, it } from 'vitest';
import { installInstructions, quote, releaseName, repoAlias } from './install';

const base = { storage: 'default', repository: 'charts', chart: 'mychart', version: '0.1.0' };

describe('installInstructions', () => {
  it('gives both protocols for a hybrid repository on a plain-HTTP host', () => {
    const [http, oci, more] = installInstructions({
      ...base,
      origin: 'http://127.0.0.1:8787',
      mode: 'hybrid',
    });
    expect(more).toBeUndefined();
    expect(http!.protocol).toBe('http');
    expect(http!.install).toBe(
      'helm repo add default-charts http://127.0.0.1:8787/repositories/default/charts && helm repo update && helm install mychart default-charts/mychart --version 0.1.0',
    );
    expect(http!.pull).toBe(
      'helm repo add default-charts http://127.0.0.1:8787/repositories/default/charts && helm repo update && helm pull default-charts/mychart --version 0.1.0',
    );
    expect(http!.steps).toHaveLength(3);
    expect(oci!.protocol).toBe('oci');
    expect(oci!.install).toBe(
      'helm install mychart oci://127.0.0.1:8787/default/charts/mychart --version 0.1.0 --plain-http',
    );
    expect(oci!.pull).toBe(
      'helm pull oci://127.0.0.1:8787/default/charts/mychart --version 0.1.0 --plain-http',
    );
    expect(oci!.notes.join(' ')).toContain('--plain-http');
  });

  it('leaves --plain-http out on https and drops the default port', () => {
    const [, oci] = installInstructions({
      ...base,
      origin: 'https://charts.example.com:443/ignored/path',
      mode: 'hybrid',
    });
    expect(oci!.install).toBe(
      'helm install mychart oci://charts.example.com/default/charts/mychart --version 0.1.0',
    );
    expect(oci!.notes).toEqual([]);
    const [http] = installInstructions({
      ...base,
      origin: 'https://charts.example.com:8443',
      mode: 'http',
    });
    expect(http!.steps[0]).toBe(
      'helm repo add default-charts https://charts.example.com:8443/repositories/default/charts',
    );
  });

  it('gives only the protocol the mode serves', () => {
    const origin = 'https://c.example';
    expect(installInstructions({ ...base, origin, mode: 'http' }).map((i) => i.protocol)).toEqual([
      'http',
    ]);
    expect(installInstructions({ ...base, origin, mode: 'oci' }).map((i) => i.protocol)).toEqual([
      'oci',
    ]);
  });

  it('keeps + in --version (Helm writes the OCI tag with _ itself)', () => {
    const [http, oci] = installInstructions({
      ...base,
      version: '1.2.3-rc.1+build.5',
      origin: 'https://c.example',
      mode: 'hybrid',
    });
    expect(http!.install).toContain('--version 1.2.3-rc.1+build.5');
    expect(oci!.install).toContain('--version 1.2.3-rc.1+build.5');
    expect(oci!.install).not.toContain('_build');
  });

  it('asks for a token on a private repository', () => {
    const [http, oci] = installInstructions({
      ...base,
      origin: 'http://localhost:8787',
      mode: 'hybrid',
      private: true,
    });
    expect(http!.steps[0]).toBe(
      'helm repo add default-charts http://localhost:8787/repositories/default/charts --username "$TOKEN_ID" --password "$SECRET"',
    );
    expect(oci!.steps).toEqual([
      'helm registry login localhost:8787 --username "$TOKEN_ID" --password "$SECRET" --plain-http',
      'helm install mychart oci://localhost:8787/default/charts/mychart --version 0.1.0 --plain-http',
    ]);
    expect(oci!.pull.startsWith('helm registry login')).toBe(true);
  });

  it('quotes hostile values and refuses origins that are not http(s)', () => {
    const [http, oci] = installInstructions({
      origin: 'https://c.example',
      storage: 'st',
      repository: "r'; rm -rf ~",
      chart: '$(id)',
      version: '1.0.0`id`',
      release: 'a b',
      mode: 'hybrid',
    });
    expect(http!.install).toBe(
      "helm repo add st-r-rm-rf 'https://c.example/repositories/st/r'\\''; rm -rf ~' && helm repo update && helm install 'a b' 'st-r-rm-rf/$(id)' --version '1.0.0`id`'",
    );
    expect(oci!.install).toBe(
      "helm install 'a b' 'oci://c.example/st/r'\\''; rm -rf ~/$(id)' --version '1.0.0`id`'",
    );
    for (const origin of ['javascript:alert(1)', 'file:///x', 'not a url', ''])
      expect(installInstructions({ ...base, origin, mode: 'hybrid' })).toEqual([]);
  });
});

describe('install names and quoting', () => {
  it('makes chart names valid release names', () => {
    expect(releaseName('mychart')).toBe('mychart');
    expect(releaseName('my_chart__x')).toBe('my-chart-x');
    expect(releaseName('a.b-c')).toBe('a.b-c');
    expect(releaseName('x'.repeat(100))).toHaveLength(53);
    expect(releaseName(`${'a'.repeat(52)}-b`)).toBe('a'.repeat(52));
    expect(releaseName('___')).toBe('release');
  });

  it('makes repository aliases', () => {
    expect(repoAlias('default', 'charts')).toBe('default-charts');
    expect(repoAlias('My_Storage', 'a.b')).toBe('my-storage-a-b');
    expect(repoAlias('', '')).toBe('charts');
  });

  it('quotes for a POSIX shell', () => {
    expect(quote('oci://h:1/a/b+c')).toBe('oci://h:1/a/b+c');
    expect(quote('')).toBe("''");
    expect(quote("it's")).toBe("'it'\\''s'");
    for (const word of [
      'a b',
      '$x',
      '`x`',
      'a;b',
      'a|b',
      'a&b',
      '~x',
      'a\nb',
      '"x"',
      '*',
      'a\\b',
      '!x',
      '#x',
    ])
      expect(quote(word)).toMatch(/^'.*'$/s);
  });
});
