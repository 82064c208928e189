// Cross-site request checks of the administration forms: no token, a wrong token, another
// session's token, a cross-site Origin, no Origin at all: each is a readable 403 page and stores nothing.
import { env } from 'cloudflare:workers';
import { describe, expect, it } from 'vitest';
import { ORIGIN } from '../helpers/oci';
import { csrfToken, page, postForm, signIn, visibleText } from '../helpers/ui-session';

const count = async (table: 'access_tokens' | 'repositories' | 'ui_sessions') =>
  (await env.DB.prepare(`SELECT count(*) AS n FROM ${table}`).first<number>('n')) ?? 0;

describe('CSRF protection of the admin forms', () => {
  it('refuses every forged form with a readable 403 and changes nothing', async () => {
    const browser = await signIn();
    const other = await signIn();
    const good = await csrfToken(browser);
    const forgeries: [string, Record<string, string>, Record<string, string>][] = [
      ['no token', {}, { origin: ORIGIN }],
      ['a wrong token', { _csrf: 'x'.repeat(43) }, { origin: ORIGIN }],
      ['another session’s token', { _csrf: await csrfToken(other) }, { origin: ORIGIN }],
      ['a cross-site Origin', { _csrf: good }, { origin: 'https://evil.test' }],
      ['a cross-site fetch', { _csrf: good }, { 'sec-fetch-site': 'cross-site' }],
      ['no Origin', { _csrf: good }, {}],
      ['an opaque Origin', { _csrf: good }, { origin: 'null' }],
    ];
    const before = await Promise.all([count('access_tokens'), count('repositories')]);
    for (const [what, extra, headers] of forgeries) {
      for (const [path, fields] of [
        ['/admin/tokens', { name: 'forged', kind: 'admin' }],
        ['/admin/repositories', { storage: 'default', name: 'forged' }],
      ] as const) {
        const res = await postForm(path, { ...fields, ...extra }, browser, headers);
        expect(res.status, `${what} ${path}`).toBe(403);
        expect(res.headers.get('content-type')).toMatch(/^text\/html/);
        expect(visibleText(await res.text())).toMatch(/nothing was changed/);
      }
    }
    expect(await Promise.all([count('access_tokens'), count('repositories')])).toEqual(before);

    // The same form with the session's token from this origin goes through.
    const ok = await postForm(
      '/admin/repositories',
      { _csrf: good, storage: 'default', name: 'csrf-ok' },
      browser,
    );
    expect(ok.status).toBe(303);
  });

  it('keeps the session when a forged sign-out comes in', async () => {
    const browser = await signIn();
    const sessions = await count('ui_sessions');
    for (const headers of [{ origin: 'https://evil.test' }, { origin: ORIGIN }]) {
      const res = await postForm('/sign-out', { _csrf: 'wrong' }, browser, headers);
      expect(res.status).toBe(403);
    }
    expect(await count('ui_sessions')).toBe(sessions);
    expect((await page('/admin', browser)).status).toBe(200);
  });

  it('takes forms only: another body type or an oversized one is refused first', async () => {
    const browser = await signIn();
    const token = await csrfToken(browser);
    const json = await postForm('/admin/tokens', { _csrf: token }, browser, {
      origin: ORIGIN,
      'content-type': 'application/json',
    });
    expect(json.status).toBe(400);
    const big = await postForm(
      '/admin/tokens',
      { _csrf: token, name: 'x'.repeat(17_000) },
      browser,
    );
    expect(big.status).toBe(413);
  });

  it('sends no form to a credential header without a session', async () => {
    const res = await postForm('/admin/tokens', { name: 'hdr', kind: 'admin' }, undefined, {
      origin: ORIGIN,
      authorization: 'Bearer test-admin-token',
    });
    expect(res.status).toBe(403);
  });
});
