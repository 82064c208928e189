/** Transitional: chart domain errors are rendered by helmRoutes' onError now; remove with its last caller (chart-files.ts). */

export async function asApiErrors<T>(fn: () => Promise<T>): Promise<T> {
  return fn();
}
