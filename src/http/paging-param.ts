/** A paging query parameter (`page`, `per_page`), read the same way on every surface. */

/** Canonical decimal only, as repository ids (admin/repository-by-id.ts): no `01`, `1e0`, `1.0`. */
const DECIMAL = /^[1-9][0-9]{0,15}$/;

/**
 * `value` as a whole number from 1 to `max` (absent: `fallback`), or null when it is not one;
 * each surface answers null with its own error.
 */
export function pagingParam(
  value: string | undefined,
  fallback: number,
  max: number,
): number | null {
  if (value === undefined) return fallback;
  if (!DECIMAL.test(value)) return null;
  const n = Number(value);
  return n <= max ? n : null;
}
