/** Transitional no-op: helmRoutes' onError renders chart errors; remove with chart-files.ts's calls. */

export async function asApiErrors<T>(fn: () => Promise<T>): Promise<T> {
  return fn();
}
