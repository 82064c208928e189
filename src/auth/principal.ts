/** Who is making a request, as established by the credential check. */
export type Principal =
  | { kind: 'anonymous' }
  /** A credential was sent but matches nothing: always 401, even where reads are open. */
  | { kind: 'invalid' }
  | { kind: 'admin' };

export const ANONYMOUS: Principal = { kind: 'anonymous' };

/** What a request wants to do to a repository. */
export type Action = 'read' | 'write' | 'delete';

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
