/** Access checks of the admin API: admin-only endpoints, and per-repository ones by id. */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { basicUnauthorized } from '../auth/challenge';
import { BASIC_SURFACE, decideAccess, type Decision } from '../auth/decide';
import type { Action } from '../core/action';
import { ApiError } from '../errors/api-error';
import type { AdminRepositoryRow } from '../storage/admin-db';
import { decideOnRepositoryId } from './repository-by-id';

export type AdminEnv = AppEnv & { Variables: { adminRepository: AdminRepositoryRow } };

/** A refusal of a registry-wide question (`allowed` is no refusal). */
function refusal(requestUrl: string, decision: Decision): ApiError {
  if (decision.outcome === 'challenge') return basicUnauthorized(requestUrl, decision.invalid);
  return new ApiError(403, decision.outcome === 'denied' ? decision.message : 'forbidden');
}

/** Admin-only endpoints: an admin credential (ADMIN_TOKEN or an admin access token). */
export function requireAdmin() {
  return createMiddleware<AppEnv>(async function requireAdmin(c, next) {
    const principal = c.var.principal;
    const decision = decideAccess({ principal, surface: BASIC_SURFACE, action: 'administer' });
    if (decision.outcome !== 'allowed') throw refusal(c.req.url, decision);
    await next();
  });
}

/** Any valid credential, or none for endpoints that only show public things. */
export function rejectInvalid() {
  return createMiddleware<AppEnv>(async function rejectInvalid(c, next) {
    const principal = c.var.principal;
    const decision = decideAccess({ principal, surface: BASIC_SURFACE, action: 'sign-in' });
    if (decision.outcome !== 'allowed') throw refusal(c.req.url, decision);
    await next();
  });
}

/**
 * Loads `/api/repositories/:id` (and its alias `/api/repository/:id`) into
 * `c.var.adminRepository` once `action` is allowed on it. This API names repositories by id,
 * and its 404 and 403 say so in their own words.
 */
export function withRepositoryId(action: Action) {
  return createMiddleware<AdminEnv>(async function withRepositoryId(c, next) {
    const principal = c.var.principal;
    // Only the id says which repository: refused credentials are answered before it is looked up.
    const signedIn = decideAccess({ principal, surface: BASIC_SURFACE, action: 'sign-in' });
    if (signedIn.outcome !== 'allowed') throw refusal(c.req.url, signedIn);
    const param = c.req.param('id')!;
    const { row, decision } = await decideOnRepositoryId(c.env.DB, principal, param, action);
    if (decision.outcome === 'allowed' && row) {
      c.set('adminRepository', row);
      return next();
    }
    if (decision.outcome === 'denied' && row) {
      throw new ApiError(403, `${action} is not allowed on repository ${row.storage}/${row.name}`);
    }
    if (decision.outcome === 'challenge') throw refusal(c.req.url, decision);
    throw new ApiError(404, `repository ${param} not found`);
  });
}
