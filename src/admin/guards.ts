/** Access checks of the admin API: admin-only endpoints, and per-repository ones by id. */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { hasGrant, type Action } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { findRepositoryById, type RepositoryAdminRow } from '../storage/admin-db';

export type AdminEnv = AppEnv & { Variables: { adminRepository: RepositoryAdminRow } };

/** 401 with the Basic challenge: "invalid credentials" when some were sent (a registry token too). */
function unauthenticated(c: Context<AdminEnv> | Context<AppEnv>): ApiError {
  const realm = new URL(c.req.url).host;
  const message =
    c.var.principal.kind === 'invalid' ? 'invalid credentials' : 'authentication required';
  return new ApiError(401, message, {
    'WWW-Authenticate': `Basic realm="${realm}", charset="UTF-8"`,
  });
}

export function requireAdmin() {
  return createMiddleware<AppEnv>(async function requireAdmin(c, next) {
    const kind = c.var.principal.kind;
    if (kind === 'anonymous' || kind === 'invalid') throw unauthenticated(c);
    if (kind !== 'admin') throw new ApiError(403, 'this needs an admin credential');
    await next();
  });
}

/** Any valid credential, or none for endpoints that only show public things. */
export function rejectInvalid() {
  return createMiddleware<AppEnv>(async function rejectInvalid(c, next) {
    if (c.var.principal.kind === 'invalid') throw unauthenticated(c);
    await next();
  });
}

/**
 * A repository id as the API writes it: decimal digits, no sign, no leading zero. `Number()`
 * would also read `1e0`, `0x1`, `1.0` and ` 1` as 1; those answer as an unknown id does.
 */
const CANONICAL_ID = /^[1-9][0-9]{0,14}$/;

/** Loads `/api/repository/:id` into `c.var.adminRepository` once `action` is allowed on it. */
export function withRepositoryId(action: Action) {
  return createMiddleware<AdminEnv>(async function withRepositoryId(c, next) {
    const principal = c.var.principal;
    if (principal.kind === 'invalid') throw unauthenticated(c);
    const param = c.req.param('id')!;
    const row = CANONICAL_ID.test(param) ? await findRepositoryById(c.env.DB, Number(param)) : null;
    const target = row ? { storage: row.storage, repository: row.name } : null;
    const readable =
      row && target && (row.visibility === 'public' || hasGrant(principal, 'read', target));
    if (!row || !target || !readable) {
      if (principal.kind === 'anonymous') throw unauthenticated(c);
      throw new ApiError(404, `repository ${c.req.param('id')} not found`);
    }
    if (
      !hasGrant(principal, action, target) &&
      !(action === 'read' && row.visibility === 'public')
    ) {
      if (principal.kind === 'anonymous') throw unauthenticated(c);
      throw new ApiError(403, `${action} is not allowed on repository ${row.storage}/${row.name}`);
    }
    c.set('adminRepository', row);
    await next();
  });
}
