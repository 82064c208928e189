/** A parsed values schema as a table (render/schema-rows.ts): property, type, default, description, required. */
import { DataTable } from './data-table';
import type { SchemaView } from '../../catalog/types';
import { schemaRows } from '../../render/schema-rows';
import { truncatedText } from '../../render/truncated';
import { PAGE_SCHEMA_ROWS } from '../page-budget';

export function SchemaTable({ view }: { view: SchemaView }) {
  const all = schemaRows(view.schema);
  const rows = all.rows.slice(0, PAGE_SCHEMA_ROWS);
  const truncated = all.truncated || all.rows.length > rows.length;
  if (rows.length === 0) return <p class="muted">The schema describes no properties.</p>;
  return (
    <>
      <DataTable
        columns={['Property', 'Type', 'Default', 'Description', 'Required']}
        class="schema"
        caption="Properties of values.schema.json"
      >
        {rows.map((row) => (
          <tr>
            <th scope="row" class={`depth-${Math.min(row.depth, 8)}`}>
              <code>{row.path}</code>
            </th>
            <td>
              {row.type ?? <span class="muted">any</span>}
              {row.recursive && <span class="muted"> (recursive)</span>}
              {row.unresolved && <span class="muted"> ($ref {row.unresolved})</span>}
            </td>
            <td>{row.default !== null && <code>{row.default}</code>}</td>
            <td>
              {row.description}
              {row.enum && (
                <p class="muted">
                  One of:{' '}
                  {row.enum.map((e, i) => (
                    <>
                      {i > 0 && ', '}
                      <code>{e}</code>
                    </>
                  ))}
                </p>
              )}
            </td>
            <td>{row.required ? 'yes' : 'no'}</td>
          </tr>
        ))}
      </DataTable>
      {(truncated || view.file.truncated) && (
        <p class="truncated" role="note">
          {truncatedText('the schema')}
        </p>
      )}
    </>
  );
}
