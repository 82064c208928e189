/** Which repositories a read may see (storage/read-scope.ts applies it in SQL). */

/**
 * `public` hides private repositories (they answer as if they did not exist), `all` sees every
 * repository.
 */
export type ReadScope = 'all' | 'public';
