/** `GET /api/search?q=&page=`: charts across the repositories the caller may read. */
import { pagingParam } from '../../http/paging-param';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import {
  catalogCacheControl,
  MAX_QUERY_LENGTH,
  MAX_SEARCH_PAGE,
  searchCharts,
} from '../../catalog/catalog';
import { RegistryError } from '../../errors/registry-error';

export async function getSearch(c: Context<AppEnv>) {
  const q = c.req.query('q') ?? '';
  if (q.length > MAX_QUERY_LENGTH) {
    throw new RegistryError(
      'PARAMETER_INVALID',
      `q is ${q.length} characters long; at most ${MAX_QUERY_LENGTH} are allowed`,
    );
  }
  const page = pagingParam(c.req.query('page'), 1, MAX_SEARCH_PAGE);
  if (page === null) {
    throw new RegistryError(
      'PARAMETER_INVALID',
      `page must be an integer from 1 to ${MAX_SEARCH_PAGE}`,
    );
  }
  const principal = c.var.principal;
  const result = await searchCharts(c.env, principal, q, page);
  // Anonymous callers only ever find public charts.
  return c.json(result, 200, { 'Cache-Control': catalogCacheControl(principal, 'public') });
}
