/** Loading a chart version's page (one catalog call, null → the one 404) and rendering it in its frame. */
import type { Context } from 'hono';
import type { Child } from 'hono/jsx';
import type { AppEnv } from '../app-env';
import { chartPage } from '../catalog/catalog';
import type { ChartPage } from '../catalog/types';
import { notFound } from './error-page';
import { installBlocks } from './install-blocks';
import { chartAddress } from './page-params';
import { ChartFrame } from './parts/chart-frame';
import { renderPage } from './render-page';
import type { ChartTab } from './urls';

/** The addressed version's page (the latest when the route has no version), or the 404 page. */
export async function loadChartPage(c: Context<AppEnv>, withVersion: boolean): Promise<ChartPage> {
  const { ref, chart, version } = chartAddress(c, withVersion);
  const origin = new URL(c.req.url).origin;
  const page = await chartPage(c.env, c.get('principal'), ref, chart, version, origin);
  return page ?? notFound();
}

export function renderChartPage(
  c: Context<AppEnv>,
  page: ChartPage,
  tab: ChartTab,
  title: string,
  content: Child,
): Promise<Response> {
  const v = page.version;
  const origin = new URL(c.req.url).origin;
  return renderPage(
    c,
    {
      title: `${title ? `${title} · ` : ''}${v.name} ${v.version}`,
      visibility: page.chart.visibility,
    },
    <ChartFrame page={page} tab={tab} install={installBlocks(origin, page)}>
      {content}
    </ChartFrame>,
  );
}
