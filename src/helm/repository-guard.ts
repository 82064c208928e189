/**
 * Guards for `/repositories/<storage>/<repository>/…`: credentials (401 with a Basic challenge,
 * as Helm and curl expect), then the repository itself, which must exist and serve HTTP.
 */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { decide, type Action } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { findRepository } from '../storage/registry-db';

export function requireHelmAccess(action: Action) {
  return createMiddleware<AppEnv>(async function requireHelmAccess(c, next) {
    const decision = decide(c.var.principal, action);
    if (decision === 'unauthenticated') {
      const realm = new URL(c.req.url).host;
      throw new ApiError(401, `${action} requires a valid credential`, {
        'WWW-Authenticate': `Basic realm="${realm}", charset="UTF-8"`,
      });
    }
    if (decision === 'denied') throw new ApiError(403, `${action} is not allowed`);
    await next();
  });
}

/** Resolves the addressed repository into `c.var.repository`. */
export function withRepository() {
  return createMiddleware<AppEnv>(async function withRepository(c, next) {
    const storage = c.req.param('storage')!;
    const repository = c.req.param('repository')!;
    const record = await findRepository(c.env.DB, storage, repository);
    if (!record) throw new ApiError(404, `repository ${storage}/${repository} not found`);
    if (record.mode === 'oci') {
      const host = new URL(c.req.url).host;
      throw new ApiError(
        403,
        `repository ${storage}/${repository} is in oci mode: the Helm HTTP repository is disabled; use oci://${host}/${storage}/${repository}`,
      );
    }
    c.set('repository', { storage, repository, record });
    await next();
  });
}
