/** `…/<version>/changelog`: the version's `artifacthub.io/changes`, by kind. */
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import type { ChartPage } from '../../catalog/types';
import { loadChartPage, renderChartPage } from '../chart-context';
import { MaybeLink } from '../parts/chart-sidebar';

export function ChangelogView({ page }: { page: ChartPage }) {
  const changes = page.version.changes;
  return (
    <section aria-labelledby="changelog-heading">
      <h2 id="changelog-heading">Changes in {page.version.version}</h2>
      {changes.length === 0 ? (
        <p class="muted">This version lists no changes (artifacthub.io/changes).</p>
      ) : (
        <ul>
          {changes.map((change) => (
            <li>
              {change.kind && (
                <>
                  <span class="mark">{change.kind}</span>{' '}
                </>
              )}
              {change.description}
              {change.links.map((l) => (
                <>
                  {' '}
                  (<MaybeLink url={l.url} text={l.name} />)
                </>
              ))}
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}

export async function chartChangelogPage(c: Context<AppEnv>): Promise<Response> {
  const page = await loadChartPage(c, true);
  return renderChartPage(c, page, 'changelog', 'Changelog', <ChangelogView page={page} />);
}
