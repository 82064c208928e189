// The browser tests' harness: one headless Chromium (Debian's) per test file, a fresh context per
// page, and a test that fails on any console error, uncaught page error or dialog (a README's
// `<script>` or `javascript:` link that ran would open one). Screenshots go to test-artifacts/.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { chromium, type Browser, type BrowserContextOptions, type Page } from 'playwright-core';
import { afterAll, afterEach, beforeAll, expect } from 'vitest';
import { registry } from '../e2e/fixtures';

const CHROMIUM = process.env.E2E_CHROMIUM ?? '/usr/bin/chromium';
export const ARTIFACTS = join(process.cwd(), 'test-artifacts');

export interface BrowserSuite {
  /** A page in a context of its own (no cookies shared with other pages), at `path` if given. */
  open(path?: string, options?: BrowserContextOptions): Promise<Page>;
  /** Lets console errors matching `pattern` pass in the current test (an expected 404 page). */
  allowConsole(pattern: RegExp): void;
  /** A full-page screenshot as test-artifacts/<name>.png. */
  screenshot(page: Page, name: string): Promise<void>;
  /** What went wrong in the current test so far (console errors, page errors, dialogs). */
  problems(): string[];
}

/** Registers the hooks of a browser test file; call it once, at the top of the file. */
export function browserSuite(): BrowserSuite {
  let browser: Browser | undefined;
  let problems: string[] = [];
  let allowed: RegExp[] = [];

  beforeAll(async () => {
    browser = await chromium.launch({
      executablePath: CHROMIUM,
      args: ['--headless', '--no-sandbox', '--disable-gpu'],
    });
    mkdirSync(ARTIFACTS, { recursive: true });
  });

  afterAll(async () => {
    await browser?.close();
  });

  afterEach(async () => {
    const seen = problems;
    problems = [];
    allowed = [];
    for (const context of browser?.contexts() ?? []) await context.close();
    expect(seen, 'console errors, page errors or dialogs').toEqual([]);
  });

  const record = (problem: string) => {
    if (!allowed.some((p) => p.test(problem))) problems.push(problem);
  };

  return {
    async open(path, options = {}) {
      if (!browser) throw new Error('browserSuite(): the browser is not launched yet');
      const context = await browser.newContext({ baseURL: registry, ...options });
      const page = await context.newPage();
      page.on('console', (msg) => {
        if (msg.type() === 'error') record(`console: ${msg.text()}`);
      });
      page.on('pageerror', (err) => record(`page error: ${err.message}`));
      page.on('dialog', (dialog) => {
        record(`dialog (${dialog.type()}): ${dialog.message()}`);
        void dialog.dismiss();
      });
      if (path !== undefined) await page.goto(path);
      return page;
    },
    allowConsole(pattern) {
      allowed.push(pattern);
    },
    async screenshot(page, name) {
      await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
    },
    problems: () => [...problems],
  };
}
