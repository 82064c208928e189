// The UI's frame: hashed assets cached for a year, security headers on every page and error page,
// readable HTML 404s under the UI's prefixes, and the other surfaces' answers untouched (issue 15).
import { describe, expect, it } from 'vitest';
import { CONTENT_SECURITY_POLICY } from '../../src/ui/page-headers';
import { request } from '../helpers/oci';

function expectSecurityHeaders(res: Response): void {
  expect(res.headers.get('content-security-policy')).toBe(CONTENT_SECURITY_POLICY);
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('referrer-policy')).toBe('same-origin');
}

async function assetLinks(): Promise<{ css: string; js: string }> {
  const res = await request('GET', '/charts/nowhere/none', { auth: false });
  const html = await res.text();
  const css = /<link rel="stylesheet" href="(\/assets\/site\.[0-9a-f]{12}\.css)"/.exec(html)?.[1];
  const js = /<script src="(\/assets\/site\.[0-9a-f]{12}\.js)"/.exec(html)?.[1];
  expect(css && js, html).toBeTruthy();
  return { css: css!, js: js! };
}

describe('UI frame', () => {
  it('serves the hashed stylesheet and script as immutable files', async () => {
    const { css, js } = await assetLinks();
    for (const [path, type] of [
      [css, 'text/css; charset=utf-8'],
      [js, 'text/javascript; charset=utf-8'],
    ] as const) {
      const res = await request('GET', path, { auth: false });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe(type);
      expect(res.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
      expectSecurityHeaders(res);
      const body = new Uint8Array(await res.arrayBuffer());
      const digest = new Uint8Array(await crypto.subtle.digest('SHA-256', body));
      const hash = [...digest.slice(0, 6)].map((b) => b.toString(16).padStart(2, '0')).join('');
      expect(path).toContain(`.${hash}.`);
    }
  });

  it('answers an unknown asset or hash with the HTML 404 page', async () => {
    for (const path of ['/assets/site.000000000000.css', '/assets/site.css', '/assets/x/y']) {
      const res = await request('GET', path, { auth: false });
      expect(res.status, path).toBe(404);
      expect(res.headers.get('content-type')).toMatch(/^text\/html/);
      expectSecurityHeaders(res);
    }
  });

  it('renders a readable 404 page with the layout, the search box and no inline code', async () => {
    const res = await request('GET', '/charts/nowhere/none', { auth: false });
    expect(res.status).toBe(404);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    expectSecurityHeaders(res);
    const html = await res.text();
    expect(html.startsWith('<!DOCTYPE html>')).toBe(true);
    expect(html).toContain('<h1 id="error-heading">Not found</h1>');
    expect(html).toContain(
      '<label class="visually-hidden" for="site-search">Search charts</label>',
    );
    expect(html).not.toMatch(/<script>|<style|\sstyle=|\son[a-z]+=/i);
  });

  it('leaves the other surfaces and the JSON 404 fallback as they were', async () => {
    const other = await request('GET', '/nothing-here', { auth: false });
    expect(other.status).toBe(404);
    expect(await other.json()).toEqual({ error: 'no route for GET /nothing-here' });
    expect(other.headers.get('content-security-policy')).toBeNull();
    const v2 = await request('GET', '/v2/', { auth: false });
    expect(v2.status).toBe(401);
    expect(v2.headers.get('content-security-policy')).toBeNull();
  });
});
