/**
 * Refuses a request whose Host is not a plain host name: the host is written into challenge
 * headers (`Bearer realm="…"`, `Basic realm="…"`) and locations, and the URL parser lets `"`,
 * `,`, `;` and `=` through in a host. The edge only routes real host names, so this matters
 * for `wrangler dev` and anything else that passes Host through.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';

/** A DNS name or IPv4 address, or a bracketed IPv6 address, with an optional port. */
const PLAIN_HOST = /^(?:[A-Za-z0-9.-]+|\[[0-9A-Fa-f:.]+\])(?::\d{1,5})?$/;

export function requirePlainHost() {
  return createMiddleware<AppEnv>(async function requirePlainHost(c, next) {
    if (!PLAIN_HOST.test(new URL(c.req.url).host)) {
      return c.json({ error: 'the Host header is not a host name' }, 400);
    }
    await next();
  });
}
