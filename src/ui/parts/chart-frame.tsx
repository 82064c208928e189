/** A chart version's page around its tab's content: header, tabs, the tab, the side column. */
import type { Child } from 'hono/jsx';
import type { ChartPage } from '../../catalog/types';
import type { ChartTab } from '../urls';
import { ChartHeader } from './chart-header';
import { ChartSidebar } from './chart-sidebar';
import { ChartTabs } from './chart-tabs';
import { InstallSection, type InstallBlock } from './install-section';

export interface ChartFrameProps {
  page: ChartPage;
  tab: ChartTab;
  install: InstallBlock[];
  children: Child;
}

export function ChartFrame(props: ChartFrameProps) {
  return (
    <>
      <ChartHeader page={props.page} />
      <ChartTabs page={props.page} current={props.tab} />
      <div class="chart-layout">
        <div class="chart-main">{props.children}</div>
        <ChartSidebar page={props.page} install={<InstallSection blocks={props.install} />} />
      </div>
    </>
  );
}
