/** `…/<version>/versions?page=`: every version of the chart, newest first, paginated. */
import { DataTable } from '../parts/data-table';
import { pagingParam } from '../../http/paging-param';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import type { ChartPage } from '../../catalog/types';
import { loadChartPage, renderChartPage } from '../chart-context';
import { badInput } from '../error-page';
import { DateText, VersionMarks } from '../parts/format';
import { Pager } from '../parts/pager';
import { chartTabUrl, chartUrl } from '../urls';

/** Rows per page (a chart may have thousands of versions; a page stays small). */
export const VERSIONS_PER_PAGE = 100;

export function VersionsView({ page, number }: { page: ChartPage; number: number }) {
  const v = page.version;
  const all = page.chart.versions;
  const pages = Math.max(1, Math.ceil(all.length / VERSIONS_PER_PAGE));
  const rows = all.slice((number - 1) * VERSIONS_PER_PAGE, number * VERSIONS_PER_PAGE);
  const pageUrl = (n: number) => `${chartTabUrl(v, v.name, v.version, 'versions')}?page=${n}`;
  return (
    <section aria-labelledby="versions-heading">
      <h2 id="versions-heading">All versions</h2>
      <DataTable columns={['Version', 'App version', 'Published', 'Via']}>
        {rows.map((s) => (
          <tr>
            <td>
              <a
                href={chartUrl(v, v.name, s.version)}
                aria-current={s.version === v.version ? 'page' : undefined}
              >
                {s.version}
              </a>
              <VersionMarks version={s} />
            </td>
            <td>{s.appVersion ?? ''}</td>
            <td>
              <DateText iso={s.created} />
            </td>
            <td>{s.protocol === 'oci' ? 'OCI' : 'HTTP'}</td>
          </tr>
        ))}
      </DataTable>
      <Pager
        label="Version pages"
        page={number}
        pages={pages}
        href={pageUrl}
        previous="← Newer"
        next="Older →"
      />
    </section>
  );
}

export async function chartVersionsPage(c: Context<AppEnv>): Promise<Response> {
  const number = pagingParam(c.req.query('page'), 1, 99_999);
  if (number === null) badInput('page must be a whole number from 1');
  const page = await loadChartPage(c, true);
  if ((number - 1) * VERSIONS_PER_PAGE >= Math.max(1, page.chart.versions.length)) {
    badInput('there is no such page of versions');
  }
  return renderChartPage(
    c,
    page,
    'versions',
    'Versions',
    <VersionsView page={page} number={number} />,
  );
}
