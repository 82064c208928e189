/**
 * Access checks of the administration pages, rendered from the one rule (auth/decide.ts): nobody
 * signed in is sent to /sign-in, a refusal is a readable 403 page, a repository the caller may
 * not see is the UI's one not-found page.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import { BASIC_SURFACE, decideAccess } from '../../auth/decide';
import type { Principal } from '../../auth/principal';
import type { Action } from '../../core/action';
import { RegistryError } from '../../errors/registry-error';
import { decideOnRepositoryId } from '../../admin/repository-by-id';
import type { AdminRepositoryRow } from '../../storage/admin-db';
import { notFound } from '../error-page';
import type { PageEnv } from '../session/page-env';

export type AdminPageEnv = PageEnv & { Variables: { adminRepository: AdminRepositoryRow } };

/** Where /sign-in sends the caller back to: a path of these pages, nothing else. */
export const NEXT_PATH = /^\/admin(?:\/[A-Za-z0-9._-]+)*$/;

function signInRedirect(c: Context): Response {
  const next = NEXT_PATH.test(c.req.path) ? `?next=${encodeURIComponent(c.req.path)}` : '';
  return c.redirect(`/sign-in${next}`, 303);
}

/** Any valid sign-in (session or credential header); anyone else goes to /sign-in. */
export function requireSignedIn() {
  return createMiddleware<PageEnv>(async function requireSignedIn(c, next) {
    const principal = c.var.principal;
    const decision = decideAccess({ principal, surface: BASIC_SURFACE, action: 'sign-in' });
    if (decision.outcome !== 'allowed' || principal.kind === 'anonymous') {
      return signInRedirect(c);
    }
    await next();
  });
}

/** Whether the principal may administer the registry (storages, repositories, tokens). */
export function mayAdminister(principal: Principal): boolean {
  const decision = decideAccess({ principal, surface: BASIC_SURFACE, action: 'administer' });
  return decision.outcome === 'allowed';
}

/** Pages for admins only: others signed in see a 403 page. */
export function requireAdminPage() {
  return createMiddleware<PageEnv>(async function requireAdminPage(c, next) {
    if (!mayAdminister(c.var.principal)) {
      throw new RegistryError('DENIED', 'This page needs an admin token.');
    }
    await next();
  });
}

/** Whether `action` on the repository is allowed to the principal. */
export function mayOnRepository(
  principal: Principal,
  action: Action,
  repository: AdminRepositoryRow,
): boolean {
  const decision = decideAccess({
    principal,
    surface: BASIC_SURFACE,
    action,
    target: { storage: repository.storage, repository: repository.name },
    repository,
  });
  return decision.outcome === 'allowed';
}

/**
 * Loads `/admin/repositories/:id…` into `c.var.adminRepository` once `action` is allowed on it;
 * hidden or missing is the not-found page, denied a 403 page (as admin/guards.ts withRepositoryId).
 */
export function withRepositoryPage(action: Action) {
  return createMiddleware<AdminPageEnv>(async function withRepositoryPage(c, next) {
    const { row, decision } = await decideOnRepositoryId(
      c.env.DB,
      c.var.principal,
      c.req.param('id') ?? '',
      action,
    );
    if (decision.outcome === 'allowed' && row) {
      c.set('adminRepository', row);
      return next();
    }
    if (decision.outcome === 'denied' && row) {
      throw new RegistryError(
        'DENIED',
        `${action} is not allowed on ${row.storage}/${row.name} with this token.`,
      );
    }
    notFound();
  });
}
