/** Access control on `/v2`: auth/decide.ts's outcome as OCI errors, with the token-flow challenge. */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { bearerChallenge, challengeMessage } from '../auth/challenge';
import { decideAccess, OCI_SURFACE, type Decision, type RepositoryFacts } from '../auth/decide';
import { challengeScope, targetOf } from '../auth/oci-scope';
import type { Action } from '../core/action';
import { RegistryError } from '../errors/registry-error';
import { findRepository } from '../storage/registry-db';
import { ociName } from './context';
import type { OciName } from '../core/names';

/**
 * 401 UNAUTHORIZED with the bearer challenge for `name` (or none, for the `/v2/` ping): the Docker
 * token flow's `WWW-Authenticate: Bearer realm=…/v2/token,service=…,scope=…`. `name` must be a
 * validated OCI name (parseOciName): it is written into the header as is.
 */
function challengeError(
  c: Context<AppEnv>,
  invalid: boolean,
  action: Action | null,
  name: OciName | null,
): RegistryError {
  const scope = action && name ? challengeScope(action, name) : undefined;
  return new RegistryError('UNAUTHORIZED', challengeMessage(invalid), {
    'WWW-Authenticate': bearerChallenge(c.req.url, scope),
  });
}

/** A refusal in this surface's wire format (`allowed` is no refusal: the caller goes on). */
function refusal(
  c: Context<AppEnv>,
  decision: Decision,
  action: Action,
  name: OciName,
): RegistryError {
  switch (decision.outcome) {
    case 'challenge':
      return challengeError(c, decision.invalid, action, name);
    case 'denied':
      return new RegistryError('DENIED', decision.message);
    default:
      return new RegistryError('NAME_UNKNOWN', { name: name.full });
  }
}

/**
 * Guards a named route (`/v2/<storage>/<repository>/<name>/…`) for `action`: NAME_INVALID for a
 * malformed name, whoever asks (so nothing a client wrote reaches a header unchecked); then the
 * decision, which loads the repository only to tell a refused write from a hidden repository.
 * Reads are decided without loading it: the lookups' SQL filters visibility (readScope).
 *
 * A request without credentials is always challenged, public repository or not, as Docker Hub
 * and GHCR do: clients then fetch a token (anonymous callers get pulls of public repositories)
 * before their first request with a body. Helm 3.10's containerd resolver only sends credentials
 * after a 401, and it cannot resend a manifest PUT body when the first challenge comes there
 * (issue 13, "cannot reuse body").
 */
export function requireAccess(action: Action) {
  return createMiddleware<AppEnv>(async function requireAccess(c, next) {
    const name = ociName(c);
    const decision = await decideAccess({
      principal: c.var.principal,
      surface: OCI_SURFACE,
      action,
      target: targetOf(name),
      repository: () => findRepository(c.env.DB, name.storage, name.repository),
    });
    if (decision.outcome !== 'allowed') throw refusal(c, decision, action, name);
    c.set('readScope', decision.readScope);
    return next();
  });
}

/**
 * Guards `/v2/` and `/v2/_catalog`: any valid credential, a registry token without scopes
 * included (`helm registry login` pings `/v2/` with one); anonymous callers are challenged.
 */
export function requireLogin() {
  return createMiddleware<AppEnv>(async function requireLogin(c, next) {
    const decision = decideAccess({
      principal: c.var.principal,
      surface: OCI_SURFACE,
      action: 'sign-in',
    });
    if (decision.outcome === 'challenge') throw challengeError(c, decision.invalid, null, null);
    await next();
  });
}

function ociDisabled(name: OciName): RegistryError {
  return new RegistryError(
    'DENIED',
    `repository ${name.storage}/${name.repository} is in http mode: it serves the Helm HTTP repository only, not OCI`,
  );
}

/**
 * Throws DENIED when the repository does not serve OCI: the http-mode refusal is this surface's
 * own rule, applied once access is allowed.
 */
export function assertOciEnabled(repository: { mode: string }, name: OciName): void {
  if (repository.mode === 'http') throw ociDisabled(name);
}

/**
 * The error for a name the lookups did not find: a challenge for callers without credentials
 * (who may just lack them), the http-mode explanation where the caller may see the repository,
 * NAME_UNKNOWN otherwise. The repository is loaded only when the explanation may apply.
 */
export async function nameUnknown(c: Context<AppEnv>, name: OciName): Promise<RegistryError> {
  const missing = nameMissing(c, name);
  if (missing) return missing;
  return nameUnknownIn(c, name, await findRepository(c.env.DB, name.storage, name.repository));
}

/** nameUnknown when the lookup already brought the repository (null: there is none). */
export function nameUnknownIn(
  c: Context<AppEnv>,
  name: OciName,
  repository: (RepositoryFacts & { mode: string }) | null,
): RegistryError {
  const missing = nameMissing(c, name);
  if (missing) return missing;
  if (repository?.mode === 'http') {
    const question = { principal: c.var.principal, surface: OCI_SURFACE, target: targetOf(name) };
    const visible = decideAccess({ ...question, action: 'read', repository });
    if (visible.outcome === 'allowed') return ociDisabled(name);
  }
  return new RegistryError('NAME_UNKNOWN', { name: name.full });
}

/** The refusal for a name that is not there, when it is a challenge (no credentials). */
function nameMissing(c: Context<AppEnv>, name: OciName): RegistryError | null {
  const decision = decideAccess({
    principal: c.var.principal,
    surface: OCI_SURFACE,
    action: 'read',
    target: targetOf(name),
    repository: null,
  });
  return decision.outcome === 'challenge' ? refusal(c, decision, 'read', name) : null;
}
