// The chart pages through the Worker: every page's status and headers (CSP, cache), a hostile
// README rendered harmless, a private repository's pages are the unknown chart's 404 page, bad
// input a 400 page, and the HTML view of /repositories/<s>/<r> beside Helm's requests (issue 15).
import { env } from 'cloudflare:workers';
import { beforeAll, describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/ui/page-headers';
import {
  buildChart,
  chartYamlOf,
  createRepository,
  pushChartOci,
  putChartHttp,
} from '../helpers/charts';
import { ADMIN, request } from '../helpers/oci';

const BROWSER = 'text/html,application/xhtml+xml,application/xml;q=0.9,*/*;q=0.8';
const anon = { auth: false, headers: { accept: BROWSER } };
const admin = { headers: { accept: BROWSER, authorization: ADMIN } };
const get = (path: string, options: Parameters<typeof request>[2] = anon) =>
  request('GET', path, options);

const HOSTILE_README = [
  '# Hostile <script>alert("readme")</script>',
  '',
  '<img src=x onerror="alert(1)">',
  '',
  '[click me](javascript:alert(2)) [data](data:text/html,<script>alert(3)</script>) [ok](https://example.com/ok)',
  '',
  '<a href="javascript:alert(4)">raw link</a>',
  '',
  '![pic](javascript:alert(5)) ![remote](https://example.com/pic.png)',
  '',
].join('\n');

const chartYaml = (name: string, version: string) =>
  [
    chartYamlOf({ name, version }).trimEnd(),
    'icon: javascript:alert(6)',
    'home: https://example.com/home',
    'keywords: [pagetest]',
    'maintainers:',
    '  - name: Ada',
    '    url: javascript:alert(7)',
    'annotations:',
    '  artifacthub.io/changes: |',
    '    - kind: fixed',
    '      description: A <b>bold</b> fix',
    '',
  ].join('\n');

const files = (version: string) => ({
  'README.md': HOSTILE_README,
  'values.yaml': `replicaCount: ${version === '1.0.0' ? 1 : 2}\nname: "<script>alert(8)</script>"\n`,
  'values.schema.json': JSON.stringify({
    type: 'object',
    required: ['replicaCount'],
    properties: {
      replicaCount: { type: 'integer', default: 1, description: 'How many <pods>' },
      name: { type: 'string' },
    },
  }),
  'templates/deployment.yaml': 'kind: Deployment\nmetadata:\n  name: {{ .Release.Name }}\n',
  'crds/widget.yaml': 'kind: CustomResourceDefinition\n',
});

function expectPageHeaders(res: Response, cache: string): void {
  expect(res.headers.get('content-type')).toBe('text/html; charset=UTF-8');
  expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('same-origin');
  expect(res.headers.get('cache-control')).toBe(cache);
  expect(res.headers.get('vary')).toBe('Cookie, Authorization');
}

describe('chart pages', () => {
  let pub: string;
  let priv: string;
  const chart = 'pagedemo';

  beforeAll(async () => {
    pub = await createRepository(env.DB);
    priv = await createRepository(env.DB, { visibility: 'private' });
    const v1 = await buildChart({
      name: chart,
      version: '1.0.0',
      chartYaml: chartYaml(chart, '1.0.0'),
      files: files('1.0.0'),
    });
    await pushChartOci(pub, chart, v1, '1.0.0', { expectStatus: 201 });
    const v2 = await buildChart({
      name: chart,
      version: '1.1.0',
      chartYaml: chartYaml(chart, '1.1.0'),
      files: files('1.1.0'),
    });
    expect((await putChartHttp(pub, v2, `${chart}-1.1.0.tgz`)).status).toBe(201);
    const secret = await buildChart({
      name: chart,
      version: '1.0.0',
      chartYaml: chartYaml(chart, '1.0.0'),
      files: files('1.0.0'),
    });
    await pushChartOci(priv, chart, secret, '1.0.0', { expectStatus: 201 });
  });

  const pages = () => {
    const base = `/charts/${pub}/${chart}`;
    return [
      '/',
      '/search',
      '/search?q=pagetest',
      '/search?q=pagetest&page=1',
      base,
      `${base}/1.0.0`,
      `${base}/1.1.0/values`,
      `${base}/1.1.0/schema`,
      `${base}/1.1.0/templates`,
      `${base}/1.1.0/templates/templates/deployment.yaml`,
      `${base}/1.1.0/crds`,
      `${base}/1.1.0/crds/crds/widget.yaml`,
      `${base}/1.1.0/changelog`,
      `${base}/1.1.0/compare`,
      `${base}/1.1.0/compare?with=1.0.0`,
      `${base}/1.1.0/versions`,
      `/repositories/${pub}`,
    ];
  };

  it('answers every page 200 with the CSP, cacheable for anonymous callers, private for others', async () => {
    for (const path of pages()) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      expectPageHeaders(res, 'public, max-age=60');
      const html = await res.text();
      expect(html.startsWith('<!DOCTYPE html>'), path).toBe(true);
      expect(html, path).not.toMatch(/<script>|<style|<[^>]*\s(style|on[a-z]+)=/i);
      expect(new TextEncoder().encode(html).length, path).toBeLessThan(100 * 1024);
      const signedIn = await get(path, admin);
      expect(signedIn.status, path).toBe(200);
      expectPageHeaders(signedIn, 'private, no-store');
    }
  });

  it('shows the chart: version list with links, README, install commands for this host', async () => {
    const html = await (await get(`/charts/${pub}/${chart}`)).text();
    expect(html).toContain(`<a href="/charts/${pub}/${chart}/1.1.0" aria-current="page">1.1.0</a>`);
    expect(html).toContain(`<a href="/charts/${pub}/${chart}/1.0.0">1.0.0</a>`);
    expect(html).toContain(
      `helm repo add ${pub.replace('/', '-')} http://registry.test/repositories/${pub}`,
    );
    expect(html).toContain(
      `helm install ${chart} oci://registry.test/${pub}/${chart} --version 1.1.0 --plain-http`,
    );
    expect(html).toContain(
      '<a href="https://example.com/ok" rel="nofollow noopener noreferrer">ok</a>',
    );
  });

  it('renders a hostile README, Chart.yaml and values harmless', async () => {
    for (const path of [
      `/charts/${pub}/${chart}`,
      `/charts/${pub}/${chart}/1.1.0/values`,
      `/charts/${pub}/${chart}/1.1.0/changelog`,
    ]) {
      const html = await (await get(path)).text();
      expect(html, path).not.toMatch(/<script(?! src="\/assets\/)/i);
      expect(html, path).not.toMatch(/href="\s*(javascript|data):/i);
      expect(html, path).not.toMatch(/src="\s*(javascript|data|x)[:"]/i);
      expect(html, path).not.toMatch(/<img[^>]*onerror/i);
      expect(html, path).not.toContain('<b>');
    }
    const readme = await (await get(`/charts/${pub}/${chart}`)).text();
    expect(readme).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;');
    expect(readme).toContain('<img src="https://example.com/pic.png"');
  });

  it('shows the schema as a table with required marks', async () => {
    const html = await (await get(`/charts/${pub}/${chart}/1.1.0/schema`)).text();
    expect(html).toMatch(
      /<code>replicaCount<\/code><\/th><td>integer<\/td><td><code>1<\/code><\/td><td>How many &lt;pods&gt;<\/td><td>yes<\/td>/,
    );
    expect(html).toMatch(
      /<code>name<\/code><\/th><td>string<\/td><td><\/td><td><\/td><td>no<\/td>/,
    );
  });

  it('compares the default values of two versions', async () => {
    const html = await (await get(`/charts/${pub}/${chart}/1.1.0/compare?with=1.0.0`)).text();
    expect(html).toMatch(
      /<tr class="diff-changed"><td><code>replicaCount<\/code><\/td><td>changed<\/td><td><code>1<\/code><\/td><td><code>2<\/code><\/td><\/tr>/,
    );
  });

  it('answers a private repository exactly like an unknown chart, to those who may not read it', async () => {
    const unknown = await get(`/charts/${pub}/no-such-chart`);
    expect(unknown.status).toBe(404);
    expectPageHeaders(unknown, 'private, no-store');
    const unknownBody = await unknown.text();
    expect(unknownBody).toContain('Not found');
    for (const path of [
      `/charts/${priv}/${chart}`,
      `/charts/${priv}/${chart}/1.0.0`,
      `/charts/${priv}/${chart}/1.0.0/values`,
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect([...res.headers]).toEqual([...unknown.headers]);
      expect(await res.text()).toBe(unknownBody);
      expect((await get(path, admin)).status, path).toBe(200);
    }
    const repo = await get(`/repositories/${priv}`);
    expect(repo.status).toBe(404);
    expect(await repo.text()).toBe(unknownBody);
    expect((await get(`/repositories/${priv}`, admin)).status).toBe(200);
    const home = await (await get('/')).text();
    expect(home).not.toContain(priv);
    expect(await (await get('/', admin)).text()).toContain(priv);
  });

  it('answers unknown versions and files with the 404 page, bad input with a 400 page', async () => {
    const base = `/charts/${pub}/${chart}`;
    for (const path of [
      `${base}/9.9.9`,
      `${base}/1.1.0/templates/templates/nope.yaml`,
      `${base}/1.1.0/nothing`,
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(404);
      expect(await res.text()).toContain('Not found');
    }
    for (const path of [
      '/search?page=0',
      '/search?page=abc',
      `/search?q=${'x'.repeat(101)}`,
      `${base}/1.1.0/compare?with=9.9.9`,
      `${base}/1.1.0/templates/templates//deployment.yaml`,
      `${base}/1.1.0/versions?page=7`,
      `/charts/${pub}/${'c'.repeat(300)}`,
    ]) {
      const res = await get(path);
      expect(res.status, path).toBe(400);
      expectPageHeaders(res, 'private, no-store');
      expect(await res.text(), path).toContain('<h1 id="error-heading">Bad request</h1>');
    }
  });

  it('shows a browser the repository page, and leaves Helm’s requests to /repositories as they were', async () => {
    const page = await get(`/repositories/${pub}`);
    expect(page.status).toBe(200);
    expect(await page.text()).toContain(`<a href="/charts/${pub}/${chart}">${chart}</a>`);
    // Helm's getter sends no Accept (Go's default); curl sends */*: both get what they got before.
    for (const accept of [undefined, '*/*', 'application/json']) {
      const res = await request('GET', `/repositories/${pub}`, {
        auth: false,
        headers: accept ? { accept } : {},
      });
      expect(res.status).toBe(404);
      expect(await res.json()).toEqual({ error: `no route for GET /repositories/${pub}` });
    }
    const index = await request('GET', `/repositories/${pub}/index.yaml`, {
      auth: false,
      headers: { accept: BROWSER },
    });
    expect(index.status).toBe(200);
    expect(await index.text()).toContain(`${chart}:`);
    expect(index.headers.get('content-security-policy')).toBeNull();
  });
});

describe('chart pages of big and broken charts', () => {
  let repo: string;

  beforeAll(async () => {
    repo = await createRepository(env.DB);
    const big = await buildChart({
      name: 'bigchart',
      version: '1.0.0',
      files: {
        // Over the page's 64 KiB of HTML, under the extraction's 1 MiB cap.
        'values.yaml': Array.from({ length: 4000 }, (_, i) => `key${i}: value-${i}`).join('\n'),
        // Over the extraction's 256 KiB cap for a template.
        'templates/huge.yaml': `# ${'x'.repeat(300 * 1024)}\n`,
        'values.schema.json': '{"type": "object", "properties": {',
      },
    });
    await pushChartOci(repo, 'bigchart', big, '1.0.0', { expectStatus: 201 });
  });

  it('marks bodies cut by the page or at extraction, and stays under 100 KB', async () => {
    const base = `/charts/${repo}/bigchart/1.0.0`;
    for (const [path, mark] of [
      [`${base}/values`, 'Truncated: values.yaml is longer than this page shows.'],
      [`${base}/templates/templates/huge.yaml`, 'Truncated: templates/huge.yaml is longer'],
    ] as const) {
      const res = await get(path);
      expect(res.status, path).toBe(200);
      const html = await res.text();
      expect(html, path).toContain(`<p class="truncated" role="note">${mark}`);
      expect(new TextEncoder().encode(html).length, path).toBeLessThan(100 * 1024);
    }
    const list = await (await get(`${base}/templates`)).text();
    expect(list).toMatch(
      /templates\/huge\.yaml<\/a> <span class="muted">300 KiB<\/span> <span class="mark mark-truncated">truncated<\/span>/,
    );
  });

  it('shows an invalid schema as text with the reason', async () => {
    const html = await (await get(`/charts/${repo}/bigchart/1.0.0/schema`)).text();
    expect(html).toMatch(
      /<p class="notice" role="note">This schema is not valid: [^<]+\. It is shown as text\.<\/p>/,
    );
    expect(html).toContain('aria-label="values.schema.json"');
  });
});
