/** The chart page a `/api/charts/<s>/<r>/<chart>/<version>…` request addresses, or CHART_UNKNOWN. */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import { catalogCacheControl, chartPage } from '../catalog/catalog';
import type { ChartPage } from '../catalog/types';
import { chartParams, chartUnknown, versionParam } from './chart-params';

export async function loadPage(
  c: Context<AppEnv>,
): Promise<{ page: ChartPage; cacheControl: string }> {
  const { ref, chart } = chartParams(c);
  const version = versionParam(c.req.param('version'));
  const principal = c.var.principal;
  const page = await chartPage(c.env, principal, ref, chart, version, new URL(c.req.url).origin);
  if (!page) throw chartUnknown();
  return { page, cacheControl: catalogCacheControl(principal, page.chart.visibility) };
}
