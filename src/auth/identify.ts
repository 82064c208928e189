/** Establishes the request's principal from its credential; one place for every surface. */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { presentedSecret, secretsEqual } from './credentials';
import { ANONYMOUS, type Principal } from './principal';

/** Resolves `c.var.principal`: anonymous without a credential, admin for ADMIN_TOKEN. */
export function identify() {
  return createMiddleware<AppEnv>(async function identify(c, next) {
    const secret = presentedSecret(c.req.header('authorization'));
    let principal: Principal = ANONYMOUS;
    if (secret !== null) {
      const admin = c.env.ADMIN_TOKEN;
      principal =
        admin && (await secretsEqual(secret, admin)) ? { kind: 'admin' } : { kind: 'invalid' };
    }
    c.set('principal', principal);
    await next();
  });
}
