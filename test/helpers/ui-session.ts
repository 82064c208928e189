// Helpers for the administration pages: sign in through the form, send forms as a browser does.
import { exports } from 'cloudflare:workers';
import { expect } from 'vitest';
import { ADMIN_TOKEN, ORIGIN } from './oci';

/**
 * A request to the Worker as a browser's page navigation sees it: redirects are not followed (a
 * Request follows them by default, even into the Worker), so tests see each 303.
 */
function request(
  method: string,
  path: string,
  options: { body?: string; headers?: Record<string, string> },
): Promise<Response> {
  return exports.default.fetch(
    new Request(new URL(path, ORIGIN), {
      method,
      headers: options.headers,
      body: options.body ?? null,
      redirect: 'manual',
    }),
  );
}

export interface Browser {
  /** The `Cookie` header value (`__Host-session=…`), or '' when signed out. */
  cookie: string;
}

/** A page GET as a browser sends it: the session cookie, no Authorization header. */
export function page(
  path: string,
  browser?: Browser,
  headers: Record<string, string> = {},
): Promise<Response> {
  return request('GET', path, {
    headers: { ...(browser?.cookie ? { cookie: browser.cookie } : {}), ...headers },
  });
}

/** A form POST as a browser sends it (same-origin Origin unless `headers` say otherwise). */
export function postForm(
  path: string,
  fields: Record<string, string | string[]>,
  browser?: Browser,
  headers: Record<string, string> = { origin: ORIGIN },
): Promise<Response> {
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(fields)) for (const one of [v].flat()) body.append(k, one);
  return request('POST', path, {
    body: body.toString(),
    headers: {
      'content-type': 'application/x-www-form-urlencoded',
      ...(browser?.cookie ? { cookie: browser.cookie } : {}),
      ...headers,
    },
  });
}

/** Signs in with a secret through `POST /sign-in`; the browser then carries the cookie. */
export async function signIn(secret: string = ADMIN_TOKEN): Promise<Browser> {
  const res = await postForm('/sign-in', { token: secret });
  expect(res.status, await res.clone().text()).toBe(303);
  const setCookie = res.headers.get('set-cookie') ?? '';
  const pair = /^(__Host-session=[A-Za-z0-9_-]{43});/.exec(setCookie)?.[1];
  expect(pair, setCookie).toBeTruthy();
  return { cookie: pair! };
}

/** The CSRF token a page's forms carry. */
export function csrfOf(html: string): string {
  const token = /name="_csrf" value="([^"]+)"/.exec(html)?.[1];
  expect(token, 'a form with a CSRF field').toBeTruthy();
  return token!;
}

/** The CSRF token of the signed-in browser, read from /admin. */
export async function csrfToken(browser: Browser): Promise<string> {
  const res = await page('/admin', browser);
  expect(res.status).toBe(200);
  return csrfOf(await res.text());
}

/** The text of a page without tags (what a person reads), whitespace collapsed. */
export function visibleText(html: string): string {
  return html
    .replace(/<[^>]+>/g, ' ')
    .replace(/&#39;|&apos;/g, "'")
    .replace(/&quot;/g, '"')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&amp;/g, '&')
    .replace(/\s+/g, ' ')
    .trim();
}
