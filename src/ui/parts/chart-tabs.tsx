/** The tabs of a chart version's page: each one a URL, so each page reads only the bodies it shows. */
import type { ChartPage } from '../../catalog/types';
import { chartTabUrl, type ChartTab } from '../urls';

interface Tab {
  tab: ChartTab;
  label: string;
}

function tabsOf(page: ChartPage): Tab[] {
  const files = page.version.files;
  const tabs: Tab[] = [{ tab: '', label: 'Overview' }];
  tabs.push({ tab: 'values', label: 'Default values' });
  if (files?.schema) tabs.push({ tab: 'schema', label: 'Values schema' });
  tabs.push({ tab: 'templates', label: `Templates (${files?.templates.length ?? 0})` });
  if (files && files.crds.length > 0)
    tabs.push({ tab: 'crds', label: `CRDs (${files.crds.length})` });
  if (page.version.changes.length > 0) tabs.push({ tab: 'changelog', label: 'Changelog' });
  if (page.chart.versions.length > 1) tabs.push({ tab: 'compare', label: 'Compare values' });
  tabs.push({ tab: 'versions', label: `Versions (${page.chart.versions.length})` });
  return tabs;
}

export function ChartTabs({ page, current }: { page: ChartPage; current: ChartTab }) {
  const v = page.version;
  return (
    <nav aria-label="Chart sections">
      <ul class="tabs">
        {tabsOf(page).map(({ tab, label }) => (
          <li>
            <a
              href={chartTabUrl(v, v.name, v.version, tab)}
              aria-current={tab === current ? 'page' : undefined}
            >
              {label}
            </a>
          </li>
        ))}
      </ul>
    </nav>
  );
}
