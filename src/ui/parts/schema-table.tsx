/** A parsed values schema as a table: property, type, default, description, required. */
import type { SchemaView } from '../../catalog/types';
import { FileView } from './file-view';

export function SchemaTable({ view }: { view: SchemaView }) {
  // Placeholder until render/schema-rows.ts lands: the schema as text.
  return <FileView file={view.file} label="values.schema.json" />;
}
