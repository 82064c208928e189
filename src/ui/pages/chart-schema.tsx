/** `…/<version>/schema`: values.schema.json as a table of properties, or as text with a note when invalid. */
import type { Context } from 'hono';
import type { AppEnv } from '../../app-env';
import { schemaView } from '../../catalog/catalog';
import type { ChartPage, SchemaView } from '../../catalog/types';
import { loadChartPage, renderChartPage } from '../chart-context';
import { FileView, NotExtracted } from '../parts/file-view';
import { SchemaTable } from '../parts/schema-table';

export function SchemaPageView({ page, view }: { page: ChartPage; view: SchemaView | null }) {
  const files = page.version.files;
  return (
    <section aria-labelledby="schema-heading">
      <h2 id="schema-heading">Values schema</h2>
      {!files || files.unreadable ? (
        <NotExtracted unreadable={files?.unreadable} />
      ) : !view ? (
        <p class="muted">This chart has no values.schema.json.</p>
      ) : view.error !== null ? (
        <>
          <p class="notice" role="note">
            This schema is not valid: {view.error}. It is shown as text.
          </p>
          <FileView file={view.file} label="values.schema.json" />
        </>
      ) : (
        <SchemaTable view={view} />
      )}
    </section>
  );
}

export async function chartSchemaPage(c: Context<AppEnv>): Promise<Response> {
  const page = await loadChartPage(c, true);
  const view = await schemaView(c.env, page);
  return renderChartPage(c, page, 'schema', 'Schema', <SchemaPageView page={page} view={view} />);
}
