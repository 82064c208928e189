/**
 * Access control on `/v2`. Grants let a request through with every repository visible; reads
 * without a grant go through with only public repositories visible (checked in the lookups'
 * SQL, so it costs no query). Anonymous callers get the Docker token-flow challenge
 * (`WWW-Authenticate: Bearer realm=…/v2/token,service=…,scope=…`); authenticated callers are
 * never told that a private repository they may not read exists.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { hasGrant, withoutCredentials, type Action } from '../auth/principal';
import { OciError } from '../errors/oci-error';
import { findRepository } from '../storage/registry-db';
import type { OciName } from './reference';

const OCI_ACTIONS: Record<Action, string> = { read: 'pull', write: 'pull,push', delete: 'delete' };

/** 401 UNAUTHORIZED with the bearer challenge for `name` (or none, for the `/v2/` ping). */
export function challenge(
  c: Context<AppEnv>,
  action: Action | null,
  name: string | null,
): OciError {
  const url = new URL(c.req.url);
  let header = `Bearer realm="${url.origin}/v2/token",service="${url.host}"`;
  if (action && name) header += `,scope="repository:${name}:${OCI_ACTIONS[action]}"`;
  const detail =
    c.var.principal.kind === 'invalid' ? 'invalid credentials' : 'authentication required';
  return new OciError('UNAUTHORIZED', detail, { headers: { 'WWW-Authenticate': header } });
}

function targetOf(c: Context<AppEnv>) {
  const storage = c.req.param('storage') ?? '';
  const repository = c.req.param('repository') ?? '';
  return { storage, repository, fullName: `${storage}/${repository}/${c.req.param('name') ?? ''}` };
}

/** Guards a named route (`/v2/<storage>/<repository>/<name>/…`) for `action`. */
export function requireAccess(action: Action) {
  return createMiddleware<AppEnv>(async function requireAccess(c, next) {
    const principal = c.var.principal;
    const target = targetOf(c);
    if (principal.kind === 'invalid') throw challenge(c, action, target.fullName);
    if (hasGrant(principal, action, target)) {
      c.set('readScope', 'all');
      return next();
    }
    if (action === 'read') {
      c.set('readScope', 'public');
      return next();
    }
    if (principal.kind === 'anonymous') throw challenge(c, action, target.fullName);
    const repository = await findRepository(c.env.DB, target.storage, target.repository);
    if (repository && (repository.visibility === 'public' || hasGrant(principal, 'read', target))) {
      throw new OciError(
        'DENIED',
        `${action} is not allowed on ${target.storage}/${target.repository} with these credentials`,
      );
    }
    throw new OciError('NAME_UNKNOWN', { name: target.fullName });
  });
}

/** Guards `/v2/` and `/v2/_catalog`: any valid credential; anonymous callers are challenged. */
export function requireLogin() {
  return createMiddleware<AppEnv>(async function requireLogin(c, next) {
    const kind = c.var.principal.kind;
    if (kind === 'anonymous' || kind === 'invalid') throw challenge(c, null, null);
    await next();
  });
}

function ociDisabled(name: OciName): OciError {
  return new OciError(
    'DENIED',
    `repository ${name.storage}/${name.repository} is in http mode: it serves the Helm HTTP repository only, not OCI`,
  );
}

/** Throws DENIED when the repository does not serve OCI. */
export function assertOciEnabled(repository: { mode: string }, name: OciName): void {
  if (repository.mode === 'http') throw ociDisabled(name);
}

/**
 * The error for a name the lookups did not find: a challenge for anonymous callers (who may
 * just lack credentials), the http-mode explanation where the caller may see the repository,
 * NAME_UNKNOWN otherwise.
 */
export async function nameUnknown(c: Context<AppEnv>, name: OciName): Promise<OciError> {
  if (withoutCredentials(c.var.principal)) return challenge(c, 'read', name.full);
  return nameUnknownIn(c, name, await findRepository(c.env.DB, name.storage, name.repository));
}

/** nameUnknown when the lookup already brought the repository (null: there is none). */
export function nameUnknownIn(
  c: Context<AppEnv>,
  name: OciName,
  repository: { mode: string; visibility: string } | null,
): OciError {
  // Without credentials the answer is the challenge: credentials may open the repository.
  if (withoutCredentials(c.var.principal)) return challenge(c, 'read', name.full);
  const visible = repository && (repository.visibility === 'public' || c.var.readScope === 'all');
  if (visible && repository.mode === 'http') return ociDisabled(name);
  return new OciError('NAME_UNKNOWN', { name: name.full });
}
