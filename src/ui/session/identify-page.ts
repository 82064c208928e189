/**
 * Establishes a page request's principal: the session cookie first (src/ui/session/), else the
 * request's Basic/Bearer credential as the other surfaces read it (auth/credentials.ts; pages are
 * not `/v2`, so registry tokens are invalid credentials here, as auth/identify.ts says).
 */
import { createMiddleware } from 'hono/factory';
import { principalOf } from '../../auth/credentials';
import type { PageEnv } from './page-env';
import { sessionIdOf } from './session-cookie';
import { findSession } from './sessions';

/**
 * Sets `c.var.principal` and `c.var.session`. A cookie naming no live session (signed out,
 * expired, its token revoked) counts as no cookie: the page then treats the caller as anonymous
 * unless a credential header says otherwise.
 */
export function identifyPage() {
  return createMiddleware<PageEnv>(async function identifyPage(c, next) {
    const id = sessionIdOf(c);
    const live = id ? await findSession(c.env, id) : null;
    c.set('session', live?.session ?? null);
    const host = new URL(c.req.url).host;
    c.set(
      'principal',
      live?.principal ?? (await principalOf(c.env, c.req.raw, host, false, c.executionCtx)),
    );
    await next();
  });
}
