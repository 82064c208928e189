/** The token flow's names: its action names ↔ the registry's, scopes, and OCI names in them. */
import type { OciName } from '../core/names';
import { parseOciName } from '../oci/reference';
import type { Action } from '../core/action';
import type { Target } from './principal';

/** The token flow's action names and the registry's (a Map: the names come from clients). */
export const OCI_ACTIONS: ReadonlyMap<string, Action> = new Map([
  ['pull', 'read'],
  ['push', 'write'],
  ['delete', 'delete'],
]);

/**
 * What a challenge for `action` asks the token endpoint for. A push asks for `pull,push`, as
 * distribution's `appendAccessRecords` does: clients check which blobs exist before uploading.
 */
const CHALLENGE_ACTIONS: Record<Action, string> = {
  read: 'pull',
  write: 'pull,push',
  delete: 'delete',
};

/** `repository:<name>:<actions>`, the scope a challenge for `action` on `name` names. */
export function challengeScope(action: Action, name: OciName): string {
  return `repository:${name.full}:${CHALLENGE_ACTIONS[action]}`;
}

/** `<storage>/<repository>/<name…>` as an OCI name (parseOciName's rules), or null. */
export function ociNameOf(full: string): OciName | null {
  const [storage = '', repository = '', ...rest] = full.split('/');
  if (rest.length === 0) return null;
  try {
    return parseOciName(storage, repository, rest.join('/'));
  } catch {
    return null;
  }
}

/** What an access decision about an OCI name addresses. */
export function targetOf(name: OciName): Target {
  return { storage: name.storage, repository: name.repository, fullName: name.full };
}

/** The token action names a scope lists (`*`: all of them), known ones only, without repeats. */
export function tokenActionNames(names: string[]): string[] {
  const expanded = names.flatMap((a) => (a === '*' ? [...OCI_ACTIONS.keys()] : [a]));
  return [...new Set(expanded.filter((a) => OCI_ACTIONS.has(a)))];
}
