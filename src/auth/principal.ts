/** Who is making a request, as established by the credential check. */
export type Principal =
  | { kind: 'anonymous' }
  /** A credential was sent but matches nothing: always 401, even where reads are open. */
  | { kind: 'invalid' }
  | { kind: 'admin' };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

/**
 * What a request wants to do to a repository, or `login`: the `/v2/` ping, which must challenge
 * anonymous callers so that clients (skopeo, containerd) learn to send their credentials.
 */
export type Action = 'read' | 'write' | 'delete' | 'login';

export type AccessDecision = 'allow' | 'unauthenticated' | 'denied';

/**
 * The single access rule. For now: reads are open, writes and deletes need the admin
 * credential (ADMIN_TOKEN).
 */
export function decide(principal: Principal, action: Action): AccessDecision {
  if (principal.kind === 'invalid') return 'unauthenticated';
  if (principal.kind === 'admin') return 'allow';
  return action === 'read' ? 'allow' : 'unauthenticated';
}
