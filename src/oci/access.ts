/**
 * Access control on `/v2`. The name is validated first, so nothing a client wrote reaches a
 * header unchecked. A request without credentials (no Authorization header) is always answered
 * with the Docker token-flow challenge (`WWW-Authenticate: Bearer realm=…/v2/token,service=…,
 * scope=…`), public repository or not, as Docker Hub and GHCR do: clients then fetch a token
 * (anonymous callers get pulls of public repositories) before their first request with a body.
 * Helm 3.10's containerd resolver only sends credentials after a 401, and it cannot resend a
 * manifest PUT body when the first challenge comes there (issue 13, "cannot reuse body").
 *
 * With a credential, grants let a request through with every repository visible; reads without
 * a grant go through with only public repositories visible (checked in the lookups' SQL, so it
 * costs no query). Authenticated callers are never told that a private repository they may not
 * read exists.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { hasGrant, withoutCredentials, type Action } from '../auth/principal';
import { OciError } from '../errors/oci-error';
import { findRepository } from '../storage/registry-db';
import { ociName } from './context';
import type { OciName } from './reference';

const SCOPE_ACTIONS = { read: 'pull', write: 'pull,push', delete: 'delete' } as const;

/**
 * 401 UNAUTHORIZED with the bearer challenge for `name` (or none, for the `/v2/` ping). `name`
 * must be a validated OCI name (parseOciName): it is written into the header as is.
 */
export function challenge(
  c: Context<AppEnv>,
  action: Action | null,
  name: OciName | null,
): OciError {
  const url = new URL(c.req.url);
  let header = `Bearer realm="${url.origin}/v2/token",service="${url.host}"`;
  if (action && name) header += `,scope="repository:${name.full}:${SCOPE_ACTIONS[action]}"`;
  const detail =
    c.var.principal.kind === 'invalid' ? 'invalid credentials' : 'authentication required';
  return new OciError('UNAUTHORIZED', detail, { headers: { 'WWW-Authenticate': header } });
}

/**
 * Guards a named route (`/v2/<storage>/<repository>/<name>/…`) for `action`: NAME_INVALID for a
 * malformed name, whoever asks; then the challenge for requests without a valid credential.
 */
export function requireAccess(action: Action) {
  return createMiddleware<AppEnv>(async function requireAccess(c, next) {
    const principal = c.var.principal;
    const name = ociName(c);
    const target = { storage: name.storage, repository: name.repository, fullName: name.full };
    if (principal.kind === 'invalid' || principal.kind === 'anonymous') {
      throw challenge(c, action, name);
    }
    if (hasGrant(principal, action, target)) {
      c.set('readScope', 'all');
      return next();
    }
    if (action === 'read') {
      c.set('readScope', 'public');
      return next();
    }
    // An anonymous caller's token (pulls of public repositories only): credentials may help.
    if (withoutCredentials(principal)) throw challenge(c, action, name);
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

/**
 * Guards `/v2/` and `/v2/_catalog`: any valid credential, a registry token without scopes
 * included (`helm registry login` pings `/v2/` with one); anonymous callers are challenged.
 */
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
  if (withoutCredentials(c.var.principal)) return challenge(c, 'read', name);
  return nameUnknownIn(c, name, await findRepository(c.env.DB, name.storage, name.repository));
}

/** nameUnknown when the lookup already brought the repository (null: there is none). */
export function nameUnknownIn(
  c: Context<AppEnv>,
  name: OciName,
  repository: { mode: string; visibility: string } | null,
): OciError {
  // Without credentials the answer is the challenge: credentials may open the repository.
  if (withoutCredentials(c.var.principal)) return challenge(c, 'read', name);
  const visible = repository && (repository.visibility === 'public' || c.var.readScope === 'all');
  if (visible && repository.mode === 'http') return ociDisabled(name);
  return new OciError('NAME_UNKNOWN', { name: name.full });
}
