/** The catalog's reads through the one access rule (auth/decide.ts), and its caching rule. */
import { BASIC_SURFACE, decideAccess } from '../auth/decide';
import { readableRepositories, type Principal } from '../auth/principal';
import type { ListScope } from '../storage/catalog-lists-db';
import type { RepositoryRef } from './types';

/**
 * Whether the principal may read this repository (`visibility` null: it does not exist).
 * Every outcome but `allowed` (hidden, challenge, denied) is a no: the catalog then answers
 * as for an unknown chart (issue 15: "exactly like an unknown chart").
 */
export function mayRead(
  principal: Principal,
  ref: RepositoryRef,
  visibility: string | null,
): boolean {
  const decision = decideAccess({
    principal,
    surface: BASIC_SURFACE,
    action: 'read',
    target: { storage: ref.storage, repository: ref.repository },
    repository: visibility === null ? null : { visibility },
  });
  return decision.outcome === 'allowed';
}

/**
 * The repositories a list may show: public ones, plus those the principal's grants name
 * (readableRepositories), or all for an admin. Refused credentials see public ones only.
 */
export function listScope(principal: Principal): ListScope {
  const signIn = decideAccess({ principal, surface: BASIC_SURFACE, action: 'sign-in' });
  if (signIn.outcome !== 'allowed') return { all: false, repositories: [] };
  if (signIn.readScope === 'all') return { all: true, repositories: [] };
  const names = readableRepositories(principal);
  return { all: names.includes('*'), repositories: names };
}

/**
 * `Cache-Control` of every catalog answer (JSON API and pages alike): what an anonymous caller
 * reads of a public repository may be kept 60 s by any cache; anything a credential opened, or
 * anything private, is never stored.
 */
export function catalogCacheControl(
  principal: Principal,
  visibility: 'public' | 'private' | null,
): string {
  return principal.kind === 'anonymous' && visibility === 'public'
    ? 'public, max-age=60'
    : 'private, no-store';
}
