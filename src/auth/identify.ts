/** Establishes the request's principal from its credential; one place for every surface. */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { principalOf } from './credentials';

/** `/v2…` except the token endpoint (also under the `/v2/repositories` alias). */
export function acceptsRegistryTokens(path: string): boolean {
  if (path !== '/v2' && !path.startsWith('/v2/')) return false;
  return !/^\/v2\/(?:repositories\/)?token\/?$/.test(path);
}

/**
 * Sets `c.var.principal`. Registry tokens (the JWTs of `/v2/token`) open the `/v2` API only: the
 * admin API, the Helm HTTP surface and the token endpoint itself see them as invalid credentials
 * (issue 13).
 */
export function identify() {
  return createMiddleware<AppEnv>(async function identify(c, next) {
    const service = new URL(c.req.url).host;
    const registryTokens = acceptsRegistryTokens(c.req.path);
    c.set(
      'principal',
      await principalOf(c.env, c.req.raw, service, registryTokens, c.executionCtx),
    );
    await next();
  });
}
