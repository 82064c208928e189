// Sign-in sessions of the administration pages: cookie attributes, what D1 keeps, sign-out, and
// sessions that end with their token (revoked, expired) or with ADMIN_TOKEN's rotation.
import { createExecutionContext, waitOnExecutionContext } from 'cloudflare:test';
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import worker from '../../src/index';
import { createToken, expireToken } from '../helpers/auth';
import { ORIGIN, request } from '../helpers/oci';
import { csrfToken, page, postForm, signIn, visibleText } from '../helpers/ui-session';

const sha256Hex = async (text: string) =>
  [...new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(text)))]
    .map((b) => b.toString(16).padStart(2, '0'))
    .join('');

const sessionCount = async () =>
  (await env.DB.prepare('SELECT count(*) AS n FROM ui_sessions').first<number>('n')) ?? 0;

describe('sign-in sessions', () => {
  it('shows a labelled sign-in form that is never cached', async () => {
    const res = await page('/sign-in');
    expect(res.status).toBe(200);
    expect(res.headers.get('cache-control')).toBe('private, no-store');
    const html = await res.text();
    expect(html).toMatch(/<label for="sign-in-token">Access token<\/label>/);
    expect(html).toMatch(/<form method="post" action="\/sign-in">/);
  });

  it('sets a __Host- cookie (HttpOnly, Secure, SameSite=Strict, Path=/, no Domain) and stores only its hash', async () => {
    const res = await postForm('/sign-in', { token: 'test-admin-token', next: '/admin/tokens' });
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/admin/tokens');
    const cookie = res.headers.get('set-cookie')!;
    const [pair, ...attributes] = cookie.split('; ');
    const id = /^__Host-session=([A-Za-z0-9_-]{43})$/.exec(pair!)?.[1];
    expect(id, cookie).toBeTruthy();
    expect(attributes.sort()).toEqual([
      'HttpOnly',
      'Max-Age=43200',
      'Path=/',
      'SameSite=Strict',
      'Secure',
    ]);

    const row = await env.DB.prepare('SELECT * FROM ui_sessions WHERE id_hash = ?1')
      .bind(await sha256Hex(id!))
      .first<Record<string, unknown>>();
    expect(row).toMatchObject({ token_id: null });
    expect(Number(row!.expires_at) - Number(row!.created_at)).toBe(12 * 3600);
    // Nothing in the row is the cookie's id or the admin secret in clear.
    for (const value of Object.values(row!)) {
      expect(String(value)).not.toContain(id!);
      expect(String(value)).not.toContain('test-admin-token');
    }

    const admin = await page('/admin', { cookie: pair! });
    expect(admin.status).toBe(200);
    expect(admin.headers.get('cache-control')).toBe('private, no-store');
    expect(admin.headers.get('content-security-policy')).toContain("script-src 'self'");
    expect(visibleText(await admin.text())).toContain('Signed in as admin');
  });

  it('links sign-in in the header of every page, and sign-out once signed in', async () => {
    const anonymous = await (await page('/sign-in')).text();
    expect(anonymous).toContain('<div class="account"><a href="/sign-in">Sign in</a></div>');
    const signedIn = await (await page('/sign-out', await signIn())).text();
    expect(signedIn).toContain('<a href="/sign-out">Sign out</a>');
    expect(signedIn).toMatch(
      /<form method="post" action="\/sign-out"><input type="hidden" name="_csrf"/,
    );
  });

  it('sends nobody signed in to /sign-in, and back afterwards', async () => {
    for (const path of ['/admin', '/admin/tokens', '/admin/repositories/1/versions']) {
      const res = await page(path);
      expect(res.status, path).toBe(303);
      expect(res.headers.get('location')).toBe(`/sign-in?next=${encodeURIComponent(path)}`);
    }
    const form = await (await page('/sign-in?next=%2Fadmin%2Ftokens')).text();
    expect(form).toContain('name="next" value="/admin/tokens"');
    // Only paths of the admin pages: anything else is /admin.
    const elsewhere = await postForm('/sign-in', {
      token: 'test-admin-token',
      next: '//evil.test/admin',
    });
    expect(elsewhere.headers.get('location')).toBe('/admin');
  });

  it('refuses bad tokens, cross-site and oversized sign-ins, storing no session', async () => {
    const before = await sessionCount();
    const wrong = await postForm('/sign-in', { token: 'hrt_aaaaaaaaaaaa_' + 'x'.repeat(32) });
    expect(wrong.status).toBe(401);
    expect(wrong.headers.get('set-cookie')).toBeNull();
    expect(visibleText(await wrong.text())).toContain('That token is not valid');

    const crossSite = await postForm('/sign-in', { token: 'test-admin-token' }, undefined, {
      origin: 'https://evil.test',
    });
    expect(crossSite.status).toBe(403);
    expect(crossSite.headers.get('content-type')).toMatch(/^text\/html/);
    expect(visibleText(await crossSite.text())).toContain('sent from another site');

    const noOrigin = await postForm('/sign-in', { token: 'test-admin-token' }, undefined, {});
    expect(noOrigin.status).toBe(403);
    const fetchMetadata = await postForm('/sign-in', { token: 'test-admin-token' }, undefined, {
      'sec-fetch-site': 'same-origin',
    });
    expect(fetchMetadata.status).toBe(303);
    const big = await postForm('/sign-in', { token: 'x'.repeat(20_000) });
    expect(big.status).toBe(413);
    expect(await sessionCount()).toBe(before + 1);
  });

  it('signs out: the row goes, the cookie is cleared, the old cookie opens nothing', async () => {
    const browser = await signIn();
    const before = await sessionCount();
    const res = await postForm('/sign-out', { _csrf: await csrfToken(browser) }, browser);
    expect(res.status).toBe(303);
    expect(res.headers.get('location')).toBe('/sign-in');
    expect(res.headers.get('set-cookie')).toMatch(
      /^__Host-session=; Max-Age=0; Path=\/; HttpOnly; Secure; SameSite=Strict$/,
    );
    expect(await sessionCount()).toBe(before - 1);
    expect((await page('/admin', browser)).status).toBe(303);
  });

  it('ends a token’s sessions when the token is revoked or expires, at once', async () => {
    for (const end of ['revoke', 'expire'] as const) {
      const token = await createToken({ name: `ui-${end}`, admin: true });
      const browser = await signIn(token.secret);
      expect((await page('/admin', browser)).status).toBe(200);
      if (end === 'revoke') {
        expect((await request('DELETE', `/api/tokens/${token.id}`)).status).toBe(200);
      } else {
        await expireToken(token.id);
      }
      const after = await page('/admin', browser);
      expect(after.status, end).toBe(303);
      expect(after.headers.get('location')).toBe('/sign-in?next=%2Fadmin');
    }
  });

  it('ends ADMIN_TOKEN sessions when the secret is rotated', async () => {
    const browser = await signIn();
    const withSecret = async (secret: string) => {
      const ctx = createExecutionContext();
      const res = await worker.fetch!(
        new Request(`${ORIGIN}/admin`, { headers: { cookie: browser.cookie } }),
        { ...env, ADMIN_TOKEN: secret },
        ctx,
      );
      await waitOnExecutionContext(ctx);
      return res;
    };
    expect((await withSecret('test-admin-token')).status).toBe(200);
    expect((await withSecret('rotated-admin-token')).status).toBe(303);
  });

  it('still identifies pages by a credential header when there is no session', async () => {
    const res = await page('/admin', undefined, { authorization: 'Bearer test-admin-token' });
    expect(res.status).toBe(200);
    // …but a header is no session: its forms carry no token that any POST would accept.
    expect(await res.text()).not.toContain('action="/sign-out"');
  });
});
