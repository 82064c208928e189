/** Security headers of every UI response (pages, errors, assets) and the pages' cache policy. */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import type { Principal } from '../auth/principal';
import { catalogCacheControl } from '../catalog/catalog';

/**
 * No inline script or style anywhere (the one script and stylesheet are files on this origin);
 * README images may be remote (http or https), nothing else is loaded; no framing, no <base>.
 */
export const CONTENT_SECURITY_POLICY = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' https: http:",
  "form-action 'self'",
  "frame-ancestors 'none'",
  "base-uri 'none'",
].join('; ');

/** Error pages and forms: never stored. */
export const PRIVATE_PAGE_CACHE_CONTROL = 'private, no-store';

/**
 * The catalog's caching rule (catalog/access.ts catalogCacheControl), for a page about a
 * repository of `visibility`; lists (home, search) show an anonymous caller public repositories
 * only, so they pass 'public'. The answer depends on the credential and the session cookie,
 * hence Vary.
 */
export function pageCacheHeaders(
  principal: Principal,
  visibility: 'public' | 'private',
): Record<string, string> {
  return {
    'Cache-Control': catalogCacheControl(principal, visibility),
    Vary: 'Cookie, Authorization',
  };
}

/** Sets the security headers on whatever the UI answers (its error pages included). */
export function pageHeaders() {
  return createMiddleware<AppEnv>(async function pageHeaders(c, next) {
    await next();
    c.res.headers.set('Content-Security-Policy', CONTENT_SECURITY_POLICY);
    c.res.headers.set('X-Content-Type-Options', 'nosniff');
    c.res.headers.set('Referrer-Policy', 'same-origin');
  });
}
