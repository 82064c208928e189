/** `/`: the repositories the caller may read, the charts pushed last, a search box. */
import { DataTable } from '../parts/data-table';
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { listRepositories, MAX_QUERY_LENGTH, recentCharts } from '../../catalog/catalog';
import type { ChartSummary, RepositorySummary } from '../../catalog/types';
import { ChartList } from '../parts/chart-list';
import { DateText } from '../parts/format';
import { renderPage } from '../render-page';
import { repositoryUrl } from '../urls';

/** How many recently pushed charts the home page lists. */
export const RECENT_ON_HOME = 12;

export function HomeView(props: { repositories: RepositorySummary[]; recent: ChartSummary[] }) {
  return (
    <>
      <h1>Charts</h1>
      <form class="search-form" role="search" method="get" action="/search">
        <label for="home-search">Search charts by name, description or keyword</label>
        <input id="home-search" type="search" name="q" maxlength={MAX_QUERY_LENGTH} />
        <button type="submit">Search</button>
      </form>
      <section aria-labelledby="repositories-heading">
        <h2 id="repositories-heading">Repositories</h2>
        {props.repositories.length === 0 ? (
          <p class="muted">No repository you may read.</p>
        ) : (
          <DataTable columns={['Repository', 'Visibility', 'Protocols', 'Charts', 'Last push']}>
            {props.repositories.map((r) => (
              <tr>
                <td>
                  <a href={repositoryUrl(r)}>
                    {r.storage}/{r.repository}
                  </a>
                </td>
                <td>{r.visibility}</td>
                <td>{MODE_TEXT[r.mode]}</td>
                <td>{r.charts}</td>
                <td>
                  <DateText iso={r.lastPush} />
                </td>
              </tr>
            ))}
          </DataTable>
        )}
      </section>
      <section aria-labelledby="recent-heading">
        <h2 id="recent-heading">Recently pushed</h2>
        <ChartList charts={props.recent} empty="No chart has been pushed yet." />
      </section>
    </>
  );
}

/** What each repository mode serves (the repository's `mode`). */
export const MODE_TEXT = {
  hybrid: 'OCI and HTTP',
  http: 'HTTP only',
  oci: 'OCI only',
} as const;

export async function homePage(c: Context<AppEnv>): Promise<Response> {
  const principal = c.get('principal');
  const [repositories, recent] = await Promise.all([
    listRepositories(c.env, principal),
    recentCharts(c.env, principal, RECENT_ON_HOME),
  ]);
  return renderPage(c, { title: '' }, <HomeView repositories={repositories} recent={recent} />);
}
