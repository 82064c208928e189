/** The one access rule: may this principal do this action here, as an outcome each surface renders. */
import type { Action } from '../core/action';
import type { ReadScope } from '../core/read-scope';
import { hasGrant, withoutCredentials, type Principal, type Target } from './principal';

/** What the decision needs of a repository (Repository and AdminRepositoryRow have it). */
export interface RepositoryFacts {
  visibility: string;
}

/** Loads the repository (null when there is none); the decision calls it at most once. */
export type RepositoryLoader = () => Promise<RepositoryFacts | null>;

/** How a surface meets its callers; OCI_SURFACE and BASIC_SURFACE are the two there are. */
export interface SurfaceRules {
  /**
   * A caller who sends no credentials is challenged whatever they ask: the Docker token flow,
   * where clients fetch a token (anonymous ones too) before their first request with a body.
   */
  credentialsRequired: boolean;
  /**
   * Reads without a grant pass with readScope 'public' while the repository is not loaded: the
   * surface's lookups filter visibility in their SQL, so checking it costs no query.
   */
  visibilityInLookups: boolean;
}

/** `/v2` (oci/access.ts). */
export const OCI_SURFACE: SurfaceRules = { credentialsRequired: true, visibilityInLookups: true };
/** The Helm HTTP repository, ChartMuseum and admin APIs: Basic credentials, public reads open. */
export const BASIC_SURFACE: SurfaceRules = {
  credentialsRequired: false,
  visibilityInLookups: false,
};

interface Question {
  principal: Principal;
  surface: SurfaceRules;
}

/** An action on one repository (or one OCI name in it). */
export interface RepositoryQuestion extends Question {
  action: Action;
  target: Target;
  /** The repository's facts, null when it does not exist, or how to load it. */
  repository: RepositoryFacts | null | RepositoryLoader;
}

/**
 * A question about the registry as a whole: `sign-in` (any valid credential; `/v2/` and the
 * catalog, the repository list of the admin API), `administer` (admin-only endpoints).
 */
export interface RegistryQuestion extends Question {
  action: 'sign-in' | 'administer';
}

export type AccessQuestion = RepositoryQuestion | RegistryQuestion;

export type Decision =
  /** Go ahead; `readScope` says which repositories the request's reads may see. */
  | { outcome: 'allowed'; readScope: ReadScope }
  /** 401 with the surface's challenge; `invalid`: credentials were sent but refused. */
  | { outcome: 'challenge'; invalid: boolean }
  /** Answer as if the repository did not exist (private and not the caller's, or missing). */
  | { outcome: 'hidden' }
  /** 403: the caller may see the repository but not do this. */
  | { outcome: 'denied'; message: string };

const CHALLENGE_INVALID: Decision = { outcome: 'challenge', invalid: true };
const CHALLENGE: Decision = { outcome: 'challenge', invalid: false };
const HIDDEN: Decision = { outcome: 'hidden' };
const ALL: Decision = { outcome: 'allowed', readScope: 'all' };
const PUBLIC: Decision = { outcome: 'allowed', readScope: 'public' };
const ADMIN_ONLY: Decision = { outcome: 'denied', message: 'this needs an admin credential' };

/**
 * The decision. Invalid credentials are always challenged; callers without credentials are
 * challenged wherever credentials might change the answer; those with credentials are never
 * told that a private repository they may not read exists (issue 13: hidden answers exactly
 * as missing does). A loader is called only where the answer depends on the repository; a
 * question with one may get a Promise (await it).
 */
export function decideAccess(question: RegistryQuestion): Decision;
export function decideAccess(
  question: RepositoryQuestion & { repository: RepositoryFacts | null },
): Decision;
export function decideAccess(question: AccessQuestion): Decision | Promise<Decision>;
export function decideAccess(question: AccessQuestion): Decision | Promise<Decision> {
  const { principal, surface } = question;
  if (principal.kind === 'invalid') return CHALLENGE_INVALID;
  if (principal.kind === 'anonymous' && surface.credentialsRequired) return CHALLENGE;
  if (isRegistryQuestion(question)) {
    if (question.action === 'sign-in' || principal.kind === 'admin') {
      return principal.kind === 'admin' ? ALL : PUBLIC;
    }
    return withoutCredentials(principal) ? CHALLENGE : ADMIN_ONLY;
  }
  const { repository } = question;
  if (typeof repository !== 'function') return decideOn(question, repository);
  if (surface.visibilityInLookups) {
    if (hasGrant(principal, question.action, question.target)) return ALL;
    if (question.action === 'read') return PUBLIC;
    if (withoutCredentials(principal)) return CHALLENGE;
  }
  return repository().then((loaded) => decideOn(question, loaded));
}

function isRegistryQuestion(question: AccessQuestion): question is RegistryQuestion {
  return question.action === 'sign-in' || question.action === 'administer';
}

function decideOn(question: RepositoryQuestion, repository: RepositoryFacts | null): Decision {
  const { principal, action, target } = question;
  // Without credentials a refusal is a challenge: credentials may open the repository.
  const refused = withoutCredentials(principal) ? CHALLENGE : HIDDEN;
  if (!repository) return refused;
  if (hasGrant(principal, action, target)) return ALL;
  const isPublic = repository.visibility === 'public';
  if (action === 'read' && isPublic) return PUBLIC;
  if (refused === CHALLENGE || !(isPublic || hasGrant(principal, 'read', target))) return refused;
  const where = `${target.storage}/${target.repository}`;
  return {
    outcome: 'denied',
    message: `${action} is not allowed on ${where} with these credentials`,
  };
}
