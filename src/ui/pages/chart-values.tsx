/** `…/<version>/values`: the default values.yaml, highlighted. */
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { readPageFiles } from '../../catalog/catalog';
import type { ChartPage, FileBody } from '../../catalog/types';
import { loadChartPage, renderChartPage } from '../chart-context';
import { FileView, NotExtracted } from '../parts/file-view';

export function ValuesView({ page, values }: { page: ChartPage; values: FileBody | null }) {
  const files = page.version.files;
  return (
    <section aria-labelledby="values-heading">
      <h2 id="values-heading">Default values</h2>
      {!files || files.unreadable ? (
        <NotExtracted unreadable={files?.unreadable} />
      ) : values ? (
        <FileView file={values} label="values.yaml" />
      ) : (
        <p class="muted">This chart has no values.yaml.</p>
      )}
    </section>
  );
}

export async function chartValuesPage(c: Context<AppEnv>): Promise<Response> {
  const page = await loadChartPage(c, true);
  const ref = page.version.files?.values;
  const [values] = ref ? await readPageFiles(c.env, page, [ref]) : [];
  return renderChartPage(
    c,
    page,
    'values',
    'Values',
    <ValuesView page={page} values={values ?? null} />,
  );
}
