/** Establishes the request's principal from its credential; one place for every surface. */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { principalOf } from './credentials';

export function identify() {
  return createMiddleware<AppEnv>(async function identify(c, next) {
    const service = new URL(c.req.url).host;
    c.set(
      'principal',
      await principalOf(c.env, c.req.header('authorization'), service, c.executionCtx),
    );
    await next();
  });
}
