/** Security headers of every UI response (pages, errors, assets) and the pages' cache policy. */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import type { Principal } from '../auth/principal';

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

/** Edge-cacheable for a minute when nobody is signed in (what an anonymous caller sees is public). */
export const PUBLIC_PAGE_CACHE_CONTROL = 'public, max-age=60';
export const PRIVATE_PAGE_CACHE_CONTROL = 'private, no-store';

/**
 * A page an anonymous caller sees is the same for every anonymous caller; anything a credential
 * or session may change is private. The answer depends on those request headers, hence Vary.
 */
export function pageCacheHeaders(principal: Principal): Record<string, string> {
  const anonymous = principal.kind === 'anonymous';
  return {
    'Cache-Control': anonymous ? PUBLIC_PAGE_CACHE_CONTROL : PRIVATE_PAGE_CACHE_CONTROL,
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
