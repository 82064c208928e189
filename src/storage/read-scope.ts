/**
 * Visibility filter of OCI lookups: `public` hides private repositories (they answer as if they
 * did not exist), `all` sees every repository. Applied in SQL, so checking it costs no query.
 */
export type ReadScope = 'all' | 'public';

/** SQL condition on repositories aliased `r`, with the scope bound at parameter `?n`. */
export function visibleRepository(param: number): string {
  return `(?${param} = 'all' OR r.visibility = 'public')`;
}
