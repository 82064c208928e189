/** A list of charts as cards (home, search results, a repository's page). */
import type { ChartSummary } from '../../catalog/types';
import { chartUrl } from '../urls';
import { ChartIcon } from './chart-icon';
import { DateText, DeprecatedMark } from './format';

export function ChartList({ charts, empty }: { charts: ChartSummary[]; empty: string }) {
  if (charts.length === 0) return <p class="muted">{empty}</p>;
  return (
    <ul class="cards">
      {charts.map((chart) => (
        <li class="card">
          <ChartIcon url={chart.icon} />
          <div class="body">
            <h3>
              <a href={chartUrl(chart, chart.name)}>{chart.name}</a>
              {chart.deprecated && (
                <>
                  {' '}
                  <DeprecatedMark />
                </>
              )}
            </h3>
            <p class="muted">
              {chart.storage}/{chart.repository} · {chart.latestVersion}
              {chart.appVersion && <> · app {chart.appVersion}</>} ·{' '}
              <DateText iso={chart.created} />
            </p>
            {chart.description && <p>{chart.description}</p>}
          </div>
        </li>
      ))}
    </ul>
  );
}
