/** The read scope (core/read-scope.ts) as an SQL condition: checking it costs no query. */

/** SQL condition on repositories aliased `r`, with the scope bound at parameter `?n`. */
export function visibleRepository(param: number): string {
  return `(?${param} = 'all' OR r.visibility = 'public')`;
}
