/** `values.schema.json` as a page shows it: parsed when it is a JSON object, else text with a note. */
import type { FileBody, SchemaView } from './types';

/** Nesting allowed in a schema (JSON Schema documents of real charts nest under 20 levels). */
export const MAX_SCHEMA_DEPTH = 64;

/** The deepest nesting of `[`/`{` outside strings, stopping once past `limit`. */
function depthOver(text: string, limit: number): boolean {
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (inString) {
      if (c === 0x5c) i += 1;
      else if (c === 0x22) inString = false;
    } else if (c === 0x22) inString = true;
    else if (c === 0x5b || c === 0x7b) {
      if (++depth > limit) return true;
    } else if (c === 0x5d || c === 0x7d) depth -= 1;
  }
  return false;
}

/**
 * The view of a schema body. Its size is bounded already (BODY_CAPS.schema); its depth is
 * checked before JSON.parse, which recurses. A truncated body is never parsed: what is left of
 * it is no schema.
 */
export function schemaOf(file: FileBody, stored: number): SchemaView {
  const invalid = (error: string): SchemaView => ({ file, schema: null, error });
  if (file.truncated) return invalid(`truncated at ${stored} bytes`);
  if (depthOver(file.text, MAX_SCHEMA_DEPTH)) {
    return invalid(`nesting deeper than ${MAX_SCHEMA_DEPTH} levels`);
  }
  let schema: unknown;
  try {
    schema = JSON.parse(file.text);
  } catch (err) {
    return invalid(`not valid JSON: ${(err as Error).message}`);
  }
  if (typeof schema !== 'object' || schema === null || Array.isArray(schema)) {
    return invalid('not a JSON object');
  }
  return { file, schema, error: null };
}
