/** The session cookie: its name, attributes and the id it carries (nothing else is in it). */
import { getCookie } from 'hono/cookie';
import type { Context } from 'hono';
import { serialize } from 'hono/utils/cookie';

/**
 * `__Host-` (RFC 6265bis §4.1.3.2): Secure, Path=/, no Domain, so no other host or path can set
 * or shadow it. Chromium (tested: 156) stores and sends Secure cookies to http://127.0.0.1 and
 * http://localhost, which it treats as secure contexts, so the same name works in local dev.
 */
export const SESSION_COOKIE = '__Host-session';

/** 256 random bits, base64url without padding: 43 characters. */
const SESSION_ID = /^[A-Za-z0-9_-]{43}$/;

const ATTRIBUTES = {
  httpOnly: true,
  secure: true,
  sameSite: 'Strict',
  path: '/',
} as const;

export function sessionCookie(id: string, maxAgeSeconds: number): string {
  return serialize(SESSION_COOKIE, id, { ...ATTRIBUTES, maxAge: maxAgeSeconds });
}

export function clearedSessionCookie(): string {
  return serialize(SESSION_COOKIE, '', { ...ATTRIBUTES, maxAge: 0 });
}

/** The session id the request's cookie carries, when it has the shape of one. */
export function sessionIdOf(c: Context): string | null {
  const value = getCookie(c, SESSION_COOKIE);
  return value !== undefined && SESSION_ID.test(value) ? value : null;
}
