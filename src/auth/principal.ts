/** Who is making a request and what their grants allow (auth/decide.ts decides from them). */

import type { Action } from '../core/action';

/**
 * A permission: actions on a repository (`<storage>/<repository>`), on one OCI name inside it
 * (`<storage>/<repository>/<chart>`, from a registry bearer token), or on everything (`*`).
 */
export interface Grant {
  target: string;
  actions: Action[];
}

export type Principal =
  | { kind: 'anonymous' }
  /** A credential was sent but is not valid (unknown, wrong secret, expired, revoked): always 401. */
  | { kind: 'invalid' }
  /** ADMIN_TOKEN or an admin access token (never a registry token: those carry scopes only). */
  | { kind: 'admin'; subject: string }
  /** An access token, or a registry bearer token (on `/v2` only; possibly anonymous, no grants). */
  | { kind: 'user'; subject: string; grants: Grant[] };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

/** No credential, or a registry token issued to a caller who had none (`sub: anonymous`). */
export function withoutCredentials(principal: Principal): boolean {
  return (
    principal.kind === 'anonymous' ||
    (principal.kind === 'user' && principal.subject === 'anonymous')
  );
}

/** What a request addresses: a repository, optionally one OCI name inside it. */
export interface Target {
  storage: string;
  repository: string;
  /** `<storage>/<repository>/<chart…>` for OCI requests. */
  fullName?: string;
}

function implied(granted: Action[], wanted: Action): boolean {
  return granted.includes(wanted) || (wanted === 'read' && granted.length > 0);
}

/** Whether the principal holds an explicit permission for `action` on `target`. */
export function hasGrant(principal: Principal, action: Action, target: Target): boolean {
  if (principal.kind === 'admin') return true;
  if (principal.kind !== 'user') return false;
  const repository = `${target.storage}/${target.repository}`;
  return principal.grants.some(
    (g) =>
      (g.target === '*' || g.target === repository || g.target === target.fullName) &&
      implied(g.actions, action),
  );
}

/** Repositories (`<storage>/<repository>`, or `*`) the principal may read beyond public ones. */
export function readableRepositories(principal: Principal): string[] {
  if (principal.kind === 'admin') return ['*'];
  if (principal.kind !== 'user') return [];
  return principal.grants
    .filter((g) => g.actions.length > 0)
    .map((g) => (g.target === '*' ? '*' : g.target.split('/').slice(0, 2).join('/')));
}
