// The UI's onError: table errors keep their status and message, anything else is a plain 500
// page that shows no stack or message; every error page has the layout and is never cached.
import { Hono } from 'hono';
import { describe, expect, it } from 'vitest';
import type { AppEnv } from '../app-env';
import { RegistryError } from '../errors/registry-error';
import { badInput, notFound, uiErrorHandler } from './error-page';

const app = new Hono<AppEnv>()
  .get('/boom', () => {
    throw new TypeError('secret internals at /srv/app.ts:12');
  })
  .get('/missing', () => notFound())
  .get('/bad', () => badInput('page must be a <number>'))
  .get('/large', () => {
    throw new RegistryError('TOO_LARGE');
  })
  .onError(uiErrorHandler);

describe('uiErrorHandler', () => {
  it('answers an unexpected error with a readable 500 page and nothing of the error', async () => {
    const res = await app.request('/boom');
    expect(res.status).toBe(500);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const html = await res.text();
    expect(html).toContain('<h1 id="error-heading">Something went wrong</h1>');
    expect(html).not.toMatch(/secret|internals|app\.ts|TypeError/);
  });

  it('uses the table status of a RegistryError, and one text for every 404', async () => {
    const missing = await app.request('/missing');
    expect(missing.status).toBe(404);
    expect(await missing.text()).toContain('There is no such page, or you may not see it.');
    const bad = await app.request('/bad');
    expect(bad.status).toBe(400);
    expect(await bad.text()).toContain('page must be a &lt;number&gt;');
    expect((await app.request('/large')).status).toBe(413);
  });
});
