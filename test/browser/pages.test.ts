// The chart pages in headless Chromium against the registry `npm run dev` started: search, a chart
// pushed with `helm push` and one uploaded over HTTP, README/values/schema/templates, switching
// versions, comparing values, copying an install command and running it with the real helm, a
// hostile README that does nothing, keyboard navigation; screenshots to test-artifacts/.
import { execFile } from 'node:child_process';
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { promisify } from 'node:util';
import type { Page } from 'playwright-core';
import { beforeAll, describe, expect, it } from 'vitest';
import { clientWorkspace, createRepository, host, login, putOverHttp } from '../e2e/fixtures';
import { HELM_CLIENTS } from '../e2e/helm-clients';
import { helmPath } from '../e2e/run';
import { browserSuite } from './browser';

const b = browserSuite();
const helm4 = HELM_CLIENTS.find((c) => c.version === '4.1.4')!;
const w = clientWorkspace(helm4);

const README = (name: string) =>
  [
    `# ${name} chart`,
    '',
    'Deploys a web server.',
    '',
    '<script>window.pwned = 1; alert("readme")</script>',
    '',
    '<img src=x onerror="alert(1)">',
    '',
    '[click me](javascript:alert(2)) and [also me](JAVASCRIPT:alert(3)) and [docs](https://example.com/docs)',
    '',
  ].join('\n');

const SCHEMA = JSON.stringify({
  type: 'object',
  required: ['replicaCount'],
  properties: {
    replicaCount: { type: 'integer', default: 1, description: 'Pods to run' },
    image: { type: 'object', properties: { repository: { type: 'string' } } },
  },
});

/** `helm create` + our README, schema and replica count, then `helm package`. */
async function packageChart(name: string, version: string, replicas: number): Promise<string> {
  const dir = w.at('src', `${name}-${version}`, name);
  mkdirSync(dirname(dir), { recursive: true });
  await w.helm('create', dir);
  writeFileSync(join(dir, 'README.md'), README(name));
  writeFileSync(join(dir, 'values.schema.json'), SCHEMA);
  const values = join(dir, 'values.yaml');
  const { readFileSync } = await import('node:fs');
  writeFileSync(
    values,
    readFileSync(values, 'utf8').replace(/^replicaCount: 1$/m, `replicaCount: ${replicas}`),
  );
  await w.helm('package', dir, '--version', version, '--destination', w.at('pkg'));
  return w.at('pkg', `${name}-${version}.tgz`);
}

/** The text of the `<pre>` a copy button copies. */
const preText = (page: Page, id: string) => page.locator(`pre#${id}`).innerText();

describe('chart pages in Chromium', () => {
  let repo: string;
  const oci = 'browserapp';
  const http = 'browserhttp';

  beforeAll(async () => {
    repo = (await createRepository('browser-pages', 'public')).path;
    await login(w);
    for (const [version, replicas] of [
      ['0.1.0', 1],
      ['0.2.0', 3],
    ] as const) {
      await w.helm(
        'push',
        await packageChart(oci, version, replicas),
        `oci://${host}/${repo}`,
        ...w.plain,
      );
    }
    await putOverHttp(repo, await packageChart(http, '1.0.0', 2));
  });

  it('searches from the home page and opens a chart pushed with helm push', async () => {
    const page = await b.open('/');
    await expect.poll(() => page.getByRole('link', { name: repo }).count()).toBe(1);
    await b.screenshot(page, 'home');
    await page.getByLabel('Search charts by name, description or keyword').fill('browserapp');
    await Promise.all([page.waitForURL(/\/search\?q=browserapp/), page.keyboard.press('Enter')]);
    await b.screenshot(page, 'search');
    await Promise.all([
      page.waitForURL(`**/charts/${repo}/${oci}`),
      page.getByRole('link', { name: oci, exact: true }).click(),
    ]);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).first().innerText())
      .toMatch(/browserapp\s+0\.2\.0/);
    expect(await page.locator('article.readme h1').innerText()).toBe(`${oci} chart`);
    await b.screenshot(page, 'chart');
  });

  it('reads the values, the schema and a template of a chart', async () => {
    const page = await b.open(`/charts/${repo}/${oci}/0.2.0`);
    await Promise.all([
      page.waitForURL(/\/values$/),
      page.getByRole('link', { name: 'Default values' }).click(),
    ]);
    expect(await page.getByLabel('values.yaml').innerText()).toContain('replicaCount: 3');
    await b.screenshot(page, 'values');
    await Promise.all([
      page.waitForURL(/\/schema$/),
      page.getByRole('link', { name: 'Values schema' }).click(),
    ]);
    const row = page.getByRole('row', { name: /replicaCount/ });
    expect(await row.innerText()).toMatch(/replicaCount\s+integer\s+1\s+Pods to run\s+yes/);
    expect(await page.getByRole('row', { name: /image\.repository/ }).innerText()).toMatch(
      /string/,
    );
    await b.screenshot(page, 'schema');
    await Promise.all([
      page.waitForURL(/\/templates$/),
      page.getByRole('link', { name: /^Templates/ }).click(),
    ]);
    await Promise.all([
      page.waitForURL(/\/templates\/templates\/deployment\.yaml$/),
      page.getByRole('link', { name: 'templates/deployment.yaml' }).click(),
    ]);
    expect(await page.getByLabel('Contents of templates/deployment.yaml').innerText()).toContain(
      'kind: Deployment',
    );
    await b.screenshot(page, 'template');
  });

  it('opens a chart uploaded over HTTP', async () => {
    const page = await b.open(`/repositories/${repo}`);
    await Promise.all([
      page.waitForURL(`**/charts/${repo}/${http}`),
      page.getByRole('link', { name: http }).click(),
    ]);
    expect(await page.locator('article.readme h1').innerText()).toBe(`${http} chart`);
    expect(await page.getByText('published').innerText()).toMatch(/over HTTP/);
  });

  it('switches versions and compares their default values', async () => {
    const page = await b.open(`/charts/${repo}/${oci}`);
    const versions = page.getByRole('complementary').getByRole('list').first();
    await Promise.all([
      page.waitForURL(/\/0\.1\.0$/),
      versions.getByRole('link', { name: '0.1.0' }).click(),
    ]);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).first().innerText())
      .toMatch(/0\.1\.0/);
    await page.goto(`/charts/${repo}/${oci}/0.2.0/compare`);
    await page.getByLabel('Changes to 0.2.0 from').selectOption('0.1.0');
    await Promise.all([
      page.waitForURL(/compare\?with=0\.1\.0/),
      page.getByRole('button', { name: 'Compare' }).click(),
    ]);
    expect(await page.getByRole('row', { name: /replicaCount/ }).innerText()).toMatch(
      /replicaCount\s+changed\s+1\s+3/,
    );
    await b.screenshot(page, 'compare');
  });

  it('copies the install commands, which the real helm runs', async () => {
    const page = await b.open(`/charts/${repo}/${oci}/0.2.0`, {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    const copy = page.getByRole('button', {
      name: 'Copy: Install with the OCI registry (Helm 3.8 and later)',
    });
    await copy.click();
    await expect.poll(() => copy.innerText()).toBe('Copied');
    const ociText = await preText(page, 'install-oci');
    expect(await page.evaluate(() => navigator.clipboard.readText())).toBe(ociText);
    expect(ociText).toBe(
      `helm install ${oci} oci://${host}/${repo}/${oci} --version 0.2.0 --plain-http`,
    );
    const httpText = await preText(page, 'install-http');
    // The lines as a user pastes them, with a dry run: `helm install` needs no cluster with
    // `--dry-run=client` in Helm 4 (it renders the manifests, as `helm template` does).
    const script = `set -e\n${httpText}\n${ociText}`.replace(
      /^(helm install .*)$/gm,
      '$1 --dry-run=client',
    );
    const bin = dirname(helmPath(helm4.version));
    const { stdout } = await promisify(execFile)('sh', ['-c', script], {
      env: { ...process.env, ...w.env, PATH: `${bin}:${process.env.PATH ?? ''}` },
    });
    expect(stdout.match(/^NAME: browserapp$/gm)).toHaveLength(2);
    expect(stdout).toContain('kind: Deployment');
    expect(stdout).toMatch(/replicas: 3/);
  });

  it('fits a phone and follows the dark colour scheme', async () => {
    const page = await b.open(`/charts/${repo}/${oci}/0.2.0`, {
      viewport: { width: 390, height: 844 },
      colorScheme: 'dark',
    });
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      390,
    );
    const background = await page.evaluate(
      () => getComputedStyle(document.documentElement).backgroundColor,
    );
    expect(background).toBe('rgb(13, 17, 23)');
    await b.screenshot(page, 'chart-phone-dark');
  });

  it('renders a README with <script> and javascript: links that do nothing', async () => {
    const page = await b.open(`/charts/${repo}/${http}`);
    const readme = page.locator('article.readme');
    expect(await readme.locator('script, img[src="x"]').count()).toBe(0);
    expect(await readme.innerText()).toContain('<script>window.pwned = 1');
    expect(
      await page.evaluate(() => (window as unknown as { pwned?: number }).pwned),
    ).toBeUndefined();
    expect(await readme.getByRole('link', { name: /click me|also me/ }).count()).toBe(0);
    await readme.getByText('click me').click();
    expect(page.url()).toMatch(new RegExp(`/charts/${repo}/${http}$`));
    expect(await readme.getByRole('link', { name: 'docs' }).getAttribute('href')).toBe(
      'https://example.com/docs',
    );
    expect(b.problems()).toEqual([]);
  });

  it('reaches the search box and the copy buttons with the keyboard', async () => {
    const page = await b.open(`/charts/${repo}/${oci}/0.2.0`);
    const reached: string[] = [];
    for (let i = 0; i < 60 && !reached.includes('copy:install-oci'); i++) {
      await page.keyboard.press('Tab');
      reached.push(
        await page.evaluate(() => {
          const el = document.activeElement;
          const copies = el?.getAttribute('data-copy');
          return copies ? `copy:${copies}` : el?.id || '';
        }),
      );
    }
    expect(reached).toContain('site-search');
    expect(reached).toContain('copy:install-http');
    await page.keyboard.press('Enter');
    const copy = page.locator('button[data-copy="install-oci"]');
    await expect.poll(() => copy.innerText()).toMatch(/Copied|Selected/);
  });
});
