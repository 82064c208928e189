// The side column renders Chart.yaml's client text harmlessly and links what it should.
import { describe, expect, it } from 'vitest';
import { chartPageFixture, versionSummary } from '../../../test/helpers/chart-page';
import { ChartHeader } from './chart-header';
import { ChartSidebar, SIDE_VERSIONS } from './chart-sidebar';

const html = async (el: unknown) =>
  String(await (el as { toString(): Promise<string> | string }).toString());

describe('ChartSidebar', () => {
  it('links only http(s) URLs and escapes every text', async () => {
    const page = chartPageFixture({
      home: 'javascript:alert(1)',
      sources: ['data:text/html,<script>alert(1)</script>', 'https://example.com/src'],
      maintainers: [
        { name: '<b>Eve</b>', url: 'javascript:alert(2)', email: '"><img src=x onerror=alert(3)>' },
      ],
      links: [{ name: 'Docs', url: 'https://docs.example.com/?a=1&b=2' }],
      keywords: ['<script>'],
    });
    const out = await html(<ChartSidebar page={page} install={null} />);
    expect(out).not.toContain('href="javascript:');
    expect(out).not.toContain('href="data:');
    expect(out).not.toMatch(/<script|<img|<b>/);
    expect(out).toContain('&lt;b&gt;Eve&lt;/b&gt;');
    expect(out).toContain('href="https://docs.example.com/?a=1&amp;b=2"');
    expect(out).toContain('href="https://example.com/src"');
  });

  it('links a dependency that lives in this registry, names the others with their repository', async () => {
    const page = chartPageFixture({
      dependencies: [
        {
          name: 'base',
          version: '^1.0.0',
          repository: 'oci://registry.test/default/charts',
          alias: null,
          condition: 'base.enabled',
          local: { storage: 'default', repository: 'charts', name: 'base' },
        },
        {
          name: 'redis',
          version: '17.x',
          repository: 'https://charts.example.com',
          alias: 'cache',
          condition: null,
          local: null,
        },
      ],
    });
    const out = await html(<ChartSidebar page={page} install={null} />);
    expect(out).toContain('<a href="/charts/default/charts/base">base</a>');
    expect(out).toContain('redis');
    expect(out).toContain('from https://charts.example.com');
    expect(out).not.toContain('href="/charts/default/charts/redis"');
  });

  it('shows provenance with its key id, and marks versions', async () => {
    const page = chartPageFixture(
      { provenance: { signed: true, keyId: 'ABCDEF0123456789' }, signed: true },
      [
        versionSummary('2.0.0-rc.1', { prerelease: true }),
        versionSummary('1.2.0', { signed: true }),
        versionSummary('1.1.0', { deprecated: true }),
      ],
    );
    page.version.version = '1.2.0';
    const out = await html(<ChartSidebar page={page} install={null} />);
    expect(out).toContain('signed with key <code>ABCDEF0123456789</code>');
    expect(out).toMatch(/2\.0\.0-rc\.1<\/a>.*prerelease/s);
    expect(out).toMatch(/1\.1\.0<\/a>.*deprecated/s);
    expect(out).toContain(
      '<a href="/charts/default/charts/demo/1.2.0" aria-current="page">1.2.0</a>',
    );
  });

  it('lists the newest versions and the current one, and links all versions', async () => {
    const versions = Array.from({ length: 40 }, (_, i) => versionSummary(`1.0.${39 - i}`));
    const page = chartPageFixture({}, versions);
    page.version.version = '1.0.0';
    const out = await html(<ChartSidebar page={page} install={null} />);
    expect(out.match(/<li><a href="\/charts\/default\/charts\/demo\/1\.0\./g)).toHaveLength(
      SIDE_VERSIONS + 1,
    );
    expect(out).toContain('aria-current="page">1.0.0</a>');
    expect(out).toContain('href="/charts/default/charts/demo/1.0.0/versions">All 40 versions</a>');
  });
});

describe('ChartHeader', () => {
  it('shows an http(s) icon only', async () => {
    const good = await html(<ChartHeader page={chartPageFixture()} />);
    expect(good).toContain('src="https://example.com/icon.png"');
    for (const icon of [
      'javascript:alert(1)',
      'data:image/svg+xml,<svg onload=alert(1)>',
      'file:///etc/passwd',
      '//x',
    ]) {
      const out = await html(<ChartHeader page={chartPageFixture({ icon })} />);
      expect(out, icon).not.toContain('<img');
    }
  });
});
