/** `GET /api/search?q=&page=`: charts across the repositories the caller may read. */
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import {
  catalogCacheControl,
  MAX_QUERY_LENGTH,
  MAX_SEARCH_PAGE,
  searchCharts,
} from '../../catalog/catalog';
import { RegistryError } from '../../errors/registry-error';

const PAGE = /^[1-9][0-9]{0,3}$/;

export async function getSearch(c: Context<AppEnv>) {
  const q = c.req.query('q') ?? '';
  if (q.length > MAX_QUERY_LENGTH) {
    throw new RegistryError(
      'PARAMETER_INVALID',
      `q is ${q.length} characters long; at most ${MAX_QUERY_LENGTH} are allowed`,
    );
  }
  const pageParam = c.req.query('page') ?? '1';
  const page = PAGE.test(pageParam) ? Number(pageParam) : 0;
  if (page < 1 || page > MAX_SEARCH_PAGE) {
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
