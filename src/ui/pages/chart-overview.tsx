/** `/charts/<s>/<r>/<chart>[/<version>]`: the version's README and everything about it beside. */
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { readPageFiles } from '../../catalog/catalog';
import type { ChartPage, FileBody } from '../../catalog/types';
import { loadChartPage, renderChartPage } from '../chart-context';
import { NotExtracted } from '../parts/file-view';
import { Readme } from '../parts/readme';

export function OverviewView({ page, readme }: { page: ChartPage; readme: FileBody | null }) {
  const files = page.version.files;
  if (!files) return <NotExtracted />;
  if (files.unreadable) return <NotExtracted unreadable={files.unreadable} />;
  if (!readme) return <p class="muted">This chart has no README.</p>;
  return <Readme file={readme} />;
}

/** The latest version's page (no version in the path), or the one it names. */
export function chartOverviewPage(withVersion: boolean) {
  return async function chartOverviewPage(c: Context<AppEnv>): Promise<Response> {
    const page = await loadChartPage(c, withVersion);
    const ref = page.version.files?.readme;
    const [readme] = ref ? await readPageFiles(c.env, page, [ref]) : [];
    return renderChartPage(c, page, '', '', <OverviewView page={page} readme={readme ?? null} />);
  };
}
