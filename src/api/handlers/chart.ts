/** `GET /api/charts/<s>/<r>/<chart>` (the chart and its versions) and `…/<version>` (its detail). */
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { catalogCacheControl, chartOverview } from '../../catalog/catalog';
import { chartParams, chartUnknown } from '../chart-params';
import { loadPage } from '../load-page';

export async function getChart(c: Context<AppEnv>) {
  const { ref, chart } = chartParams(c);
  const principal = c.var.principal;
  const overview = await chartOverview(c.env, principal, ref, chart);
  if (!overview) throw chartUnknown();
  return c.json(overview, 200, {
    'Cache-Control': catalogCacheControl(principal, overview.visibility),
  });
}

/** The page without its contents handle: `{chart, version}` (no storage internals). */
export async function getVersion(c: Context<AppEnv>) {
  const { page, cacheControl } = await loadPage(c);
  return c.json({ chart: page.chart, version: page.version }, 200, {
    'Cache-Control': cacheControl,
  });
}
