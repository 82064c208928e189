// The pages' frame in a real browser: the error page renders with its stylesheet and script under
// the strict CSP (a blocked asset is a console error), and the keyboard reaches the search box.
import { describe, expect, it } from 'vitest';
import { browserSuite } from './browser';

const b = browserSuite();

describe('the page frame in Chromium', () => {
  it('shows a readable 404 page, styled, with no CSP violation', async () => {
    b.allowConsole(/status of 404/);
    const page = await b.open();
    const res = await page.goto('/charts/nowhere');
    expect(res?.status()).toBe(404);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Not found');
    // The stylesheet applied: the visually hidden label takes no room.
    const label = await page.locator('label[for=site-search]').boundingBox();
    expect(label?.width).toBeLessThanOrEqual(1);
    await b.screenshot(page, 'not-found');
  });

  it('reaches the skip link then the search box with Tab, and searches with Enter', async () => {
    b.allowConsole(/status of 404/);
    const page = await b.open('/charts/nowhere');
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.textContent)).toBe('Skip to content');
    await page.keyboard.press('Tab'); // the registry's name
    await page.keyboard.press('Tab');
    expect(await page.evaluate(() => document.activeElement?.id)).toBe('site-search');
    await page.keyboard.type('nothing-matches-this');
    await Promise.all([
      page.waitForURL(/\/search\?q=nothing-matches-this/),
      page.keyboard.press('Enter'),
    ]);
  });
});
