/** A repository named by its id (the admin API and the admin pages), loaded and decided once. */
import { BASIC_SURFACE, decideAccess, type Decision } from '../auth/decide';
import type { Principal } from '../auth/principal';
import type { Action } from '../core/action';
import { findRepositoryById, type AdminRepositoryRow } from '../storage/admin-db';

/**
 * A repository id as the API writes it: decimal digits, no sign, no leading zero. `Number()`
 * would also read `1e0`, `0x1`, `1.0` and ` 1` as 1; those answer as an unknown id does.
 */
const CANONICAL_ID = /^[1-9][0-9]{0,14}$/;

/**
 * The repository `id` names (null when the id is not canonical or names none) and whether
 * `action` on it is allowed; each surface renders the outcome in its own words.
 */
export async function decideOnRepositoryId(
  db: D1Database,
  principal: Principal,
  id: string,
  action: Action,
): Promise<{ row: AdminRepositoryRow | null; decision: Decision }> {
  const row = CANONICAL_ID.test(id) ? await findRepositoryById(db, Number(id)) : null;
  const decision = await decideAccess({
    principal,
    surface: BASIC_SURFACE,
    action,
    // Without a row the decision does not look at the target.
    target: { storage: row?.storage ?? '', repository: row?.name ?? '' },
    repository: row,
  });
  return { row, decision };
}
