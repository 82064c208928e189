// The administration pages in Chromium against the registry `npm run dev` starts: sign in with the
// admin token, create a token with push rights on default/charts, read its secret off the page,
// `helm registry login` and `helm push` with it, revoke it on the page, see the push fail, sign
// out, and see /admin send the browser to /sign-in. No console error, dialog or CSP violation.
import { describe, expect, it } from 'vitest';
import { adminToken, clientWorkspace, host, login } from '../e2e/fixtures';
import { HELM_CLIENTS } from '../e2e/helm-clients';
import { browserSuite } from './browser';

const b = browserSuite();
const helm310 = HELM_CLIENTS.find((c) => c.version === '3.10.1')!;

describe('administration pages in Chromium', () => {
  it('signs in, makes a token that helm uses, revokes it, signs out', async () => {
    const page = await b.open('/admin', {
      permissions: ['clipboard-read', 'clipboard-write'],
    });
    // Nobody is signed in: /admin sends the browser to the sign-in form, and back afterwards.
    await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in');
    expect(new URL(page.url()).searchParams.get('next')).toBe('/admin');
    await b.screenshot(page, 'admin-sign-in');
    await page.getByLabel('Access token').fill(adminToken);
    await Promise.all([
      page.waitForURL(/\/admin$/),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Administration');
    expect(await page.getByText('Signed in as admin').count()).toBe(1);
    await b.screenshot(page, 'admin-overview');

    // The session cookie as Chromium keeps it: __Host-, HttpOnly, Secure (http://127.0.0.1 is a
    // secure context to Chromium), SameSite=Strict, host-only.
    const cookies = await page.context().cookies();
    const session = cookies.find((c) => c.name === '__Host-session');
    expect(session).toMatchObject({ httpOnly: true, secure: true, sameSite: 'Strict', path: '/' });
    expect(await page.evaluate(() => document.cookie)).toBe('');

    // A token with push rights on default/charts, made with the form.
    await page.getByRole('link', { name: 'Tokens' }).click();
    await page.getByLabel('Name').fill('browser push');
    await page.getByLabel('Only the repositories below').check();
    await page.getByLabel('Repository 1').fill('default/charts');
    await page.locator('#actions0-write').check();
    await page.getByLabel('Expires').selectOption({ label: '1 day' });
    await Promise.all([
      page.waitForURL(/\/admin\/tokens$/),
      page.getByRole('button', { name: 'Create token' }).click(),
    ]);
    await expect
      .poll(() => page.getByRole('heading', { level: 1 }).textContent())
      .toBe('Token “browser push” created');
    const secret = (await page.locator('#token-secret').textContent())!.trim();
    const id = (await page.locator('#token-id').textContent())!.trim();
    expect(secret).toMatch(/^hrt_[a-z0-9]{12}_[A-Za-z0-9_-]{32}$/);
    expect(secret).toContain(id);
    await page.getByRole('button', { name: 'Copy' }).click();
    await expect.poll(() => page.evaluate(() => navigator.clipboard.readText())).toBe(secret);
    await b.screenshot(page, 'admin-token-created');

    // helm with the token from the page.
    const w = clientWorkspace(helm310);
    await login(w, id, secret);
    const chart = `adminui-browser-${Date.now().toString(36)}`;
    await w.helm('push', await w.packageChart(chart, '0.1.0'), `oci://${host}/default/charts`);

    // Revoke it on the page: the next push fails.
    await page.goto('/admin/tokens');
    await Promise.all([
      page.waitForURL(/notice=token-revoked/),
      page.getByRole('button', { name: `Revoke browser push (${id})` }).click(),
    ]);
    expect(await page.getByRole('status').textContent()).toContain('The token was revoked');
    await b.screenshot(page, 'admin-tokens');
    await expect(
      w.helm('push', await w.packageChart(chart, '0.2.0'), `oci://${host}/default/charts`),
    ).rejects.toThrow(/401|unauthorized|denied|authentication/i);

    // Sign out from the header: /admin then sends the browser to sign in again.
    await Promise.all([
      page.waitForURL(/\/sign-in$/),
      page.getByRole('button', { name: 'Sign out' }).click(),
    ]);
    expect((await page.context().cookies()).some((c) => c.name === '__Host-session')).toBe(false);
    await page.goto('/admin');
    await expect.poll(() => new URL(page.url()).pathname).toBe('/sign-in');
  });

  it('shows the repositories page and a readable form error', async () => {
    const page = await b.open('/sign-in');
    await page.getByLabel('Access token').fill(adminToken);
    await Promise.all([
      page.waitForURL(/\/admin$/),
      page.getByRole('button', { name: 'Sign in' }).click(),
    ]);
    await page.getByRole('link', { name: 'Repositories' }).last().click();
    await page.getByLabel('Name').fill('charts'); // default/charts exists
    b.allowConsole(/status of 409/);
    await page.getByRole('button', { name: 'Create repository' }).click();
    await expect
      .poll(() => page.getByRole('alert').textContent())
      .toBe('repository default/charts already exists');
    await b.screenshot(page, 'admin-repositories');
  });
});
