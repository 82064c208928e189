/** A parsed values.schema.json → the rows of a browsable view (path, type, default, description…). */
import { jsonPreview } from './json-preview';

export const MAX_SCHEMA_DEPTH = 16;
export const MAX_SCHEMA_ROWS = 2000;
/** Schema nodes looked at (merging `allOf`, following `$ref`): a bound on work that adds no row. */
const MAX_VISITS = 20_000;
const MAX_DEFAULT = 200;
const MAX_ENUM = 50;
const MAX_ENUM_VALUE = 100;
const MAX_DESCRIPTION = 2000;
const MAX_KEY = 100;

/** One property. Every string is plain text (JSX escapes it where it is shown). */
export interface SchemaRow {
  /** Dotted path of keys; `[]` for array items, `[0]` for tuple items, `*` for any other key,
   * `[/re/]` for keys matching a `patternProperties` pattern, `["a.b"]` for keys that need quoting. */
  path: string;
  /** The last segment of `path` (what an indented view shows). */
  name: string;
  /** `string`, or a union `string | null`; null when the schema says nothing about it. */
  type: string | null;
  /** The default as JSON text, capped. */
  default: string | null;
  /** `description`, else `title`, capped. */
  description: string | null;
  required: boolean;
  /** The allowed values as JSON texts, capped (a `const` is a one-value enum). */
  enum?: string[];
  /** 0 for the top-level properties. */
  depth: number;
  /** The property's schema refers back to one of its parents (`$ref`): not expanded again. */
  recursive?: boolean;
  /** A `$ref` that is not a local pointer into this document, as written. */
  unresolved?: string;
}

export interface SchemaRows {
  rows: SchemaRow[];
  /** Rows were left out: past MAX_SCHEMA_ROWS, MAX_SCHEMA_DEPTH or the work bound. */
  truncated: boolean;
}

/** What one path's schemas say once `$ref`, `allOf`, `anyOf` and `oneOf` are merged in. */
interface Merged {
  types: Set<string>;
  description: string | null;
  title: string | null;
  default: { value: unknown } | null;
  enum: unknown[] | null;
  properties: Map<string, unknown[]>;
  required: Set<string>;
  items: unknown[];
  tuple: Map<number, unknown[]>;
  additional: unknown[];
  patterns: Map<string, unknown[]>;
  recursive: boolean;
  unresolved: string | null;
  /** The `$ref`s expanded to reach this path (and its parents): the cycle check. */
  refs: Set<string>;
}

/**
 * The rows, parents before children. Follows `properties`, `items` (and tuple `items` /
 * `prefixItems`), object `additionalProperties`, `patternProperties` and local `$ref`s
 * (`#/definitions/…`, `#/$defs/…`, any `#/` pointer). `allOf` members are merged into the node;
 * `anyOf` / `oneOf` alternatives are merged too (types joined as a union, their properties listed,
 * their `required` not applied, since only one alternative has to hold). Never throws.
 */
export function schemaRows(schema: unknown): SchemaRows {
  const walk = new Walk(schema);
  if (isObject(schema)) walk.children(walk.merge([schema], new Set()), '', 0);
  return { rows: walk.rows, truncated: walk.truncated };
}

class Walk {
  rows: SchemaRow[] = [];
  truncated = false;
  private visits = 0;

  constructor(private readonly root: unknown) {}

  /** Rows for the children of a merged node, each followed by its own children. */
  children(node: Merged, path: string, depth: number): void {
    const kids: [name: string, path: string, schemas: unknown[], required: boolean][] = [];
    for (const [key, schemas] of node.properties)
      kids.push([keyName(key), joinKey(path, key), schemas, node.required.has(key)]);
    for (const [pattern, schemas] of node.patterns) {
      const name = `[/${cap(pattern, MAX_KEY)}/]`;
      kids.push([name, path + name, schemas, false]);
    }
    if (node.additional.length > 0)
      kids.push(['*', path ? `${path}.*` : '*', node.additional, false]);
    for (const [index, schemas] of node.tuple)
      kids.push([`[${index}]`, `${path}[${index}]`, schemas, false]);
    if (node.items.length > 0) kids.push(['[]', `${path}[]`, node.items, false]);
    for (const [name, childPath, schemas, required] of kids) {
      if (this.rows.length >= MAX_SCHEMA_ROWS || depth >= MAX_SCHEMA_DEPTH) {
        this.truncated = true;
        return;
      }
      const merged = this.merge(schemas, node.refs);
      this.rows.push(row(merged, name, childPath, depth, required));
      if (!merged.recursive) this.children(merged, childPath, depth + 1);
    }
  }

  /** Merges the schemas of one path, following `$ref`s not already expanded above it. */
  merge(schemas: unknown[], parentRefs: Set<string>): Merged {
    const node: Merged = {
      types: new Set(),
      description: null,
      title: null,
      default: null,
      enum: null,
      properties: new Map(),
      required: new Set(),
      items: [],
      tuple: new Map(),
      additional: [],
      patterns: new Map(),
      recursive: false,
      unresolved: null,
      refs: new Set(parentRefs),
    };
    for (const schema of schemas) this.absorb(node, schema, parentRefs, true);
    return node;
  }

  private absorb(node: Merged, schema: unknown, parentRefs: Set<string>, strict: boolean): void {
    if (!isObject(schema)) return;
    if (++this.visits > MAX_VISITS) {
      this.truncated = true;
      return;
    }
    const ref = own(schema, '$ref');
    if (typeof ref === 'string') {
      if (parentRefs.has(ref)) node.recursive = true;
      else {
        const target = resolvePointer(this.root, ref);
        if (target === undefined) node.unresolved ??= cap(ref, MAX_KEY);
        else {
          node.refs.add(ref);
          // The target's own refs are checked against this path's, so a cycle through
          // several definitions ends too.
          this.absorb(node, target, new Set([...parentRefs, ref]), strict);
        }
      }
    }
    const type = own(schema, 'type');
    if (typeof type === 'string') node.types.add(type);
    else if (Array.isArray(type))
      for (const t of type) if (typeof t === 'string') node.types.add(t);
    if (own(schema, 'nullable') === true) node.types.add('null');
    const description = own(schema, 'description');
    if (typeof description === 'string') node.description ??= description;
    const title = own(schema, 'title');
    if (typeof title === 'string') node.title ??= title;
    if (Object.hasOwn(schema, 'default')) node.default ??= { value: schema['default'] };
    const values = own(schema, 'enum');
    if (Array.isArray(values)) node.enum ??= values;
    if (Object.hasOwn(schema, 'const')) node.enum ??= [schema['const']];

    const properties = own(schema, 'properties');
    if (isObject(properties))
      for (const key of Object.keys(properties))
        if (isSchema(properties[key])) add(node.properties, key, properties[key]);
    const patterns = own(schema, 'patternProperties');
    if (isObject(patterns))
      for (const key of Object.keys(patterns))
        if (isSchema(patterns[key])) add(node.patterns, key, patterns[key]);
    const additional = own(schema, 'additionalProperties');
    if (isObject(additional)) node.additional.push(additional);
    const required = own(schema, 'required');
    if (strict && Array.isArray(required))
      for (const key of required) if (typeof key === 'string') node.required.add(key);
    const items = own(schema, 'items');
    const prefix = own(schema, 'prefixItems');
    const tuple = Array.isArray(prefix) ? prefix : Array.isArray(items) ? items : null;
    if (tuple) tuple.slice(0, MAX_SCHEMA_ROWS).forEach((item, i) => add(node.tuple, i, item));
    if (isObject(items)) node.items.push(items);
    const additionalItems = own(schema, 'additionalItems');
    if (Array.isArray(items) && isObject(additionalItems)) node.items.push(additionalItems);

    const allOf = own(schema, 'allOf');
    if (Array.isArray(allOf))
      for (const member of allOf) this.absorb(node, member, parentRefs, strict);
    for (const keyword of ['anyOf', 'oneOf']) {
      const alternatives = own(schema, keyword);
      if (Array.isArray(alternatives))
        for (const member of alternatives) this.absorb(node, member, parentRefs, false);
    }
  }
}

function row(
  node: Merged,
  name: string,
  path: string,
  depth: number,
  required: boolean,
): SchemaRow {
  const types = [...node.types];
  if (types.length === 0) {
    if (node.properties.size > 0 || node.additional.length > 0 || node.patterns.size > 0)
      types.push('object');
    else if (node.items.length > 0 || node.tuple.size > 0) types.push('array');
  }
  const text = node.description ?? node.title;
  const result: SchemaRow = {
    path,
    name,
    type: types.length > 0 ? cap(types.join(' | '), MAX_DESCRIPTION) : null,
    default: node.default ? jsonPreview(node.default.value, MAX_DEFAULT) : null,
    description: text === null ? null : cap(text, MAX_DESCRIPTION),
    required,
    depth,
  };
  if (node.enum)
    result.enum = node.enum.slice(0, MAX_ENUM).map((v) => jsonPreview(v, MAX_ENUM_VALUE));
  if (node.recursive) result.recursive = true;
  if (node.unresolved !== null) result.unresolved = node.unresolved;
  return result;
}

/**
 * A local JSON Pointer `$ref` (RFC 6901 in a URI fragment: percent-decoded, then `~1` → `/`,
 * `~0` → `~`), read with own properties only; undefined when it does not point into the document.
 */
export function resolvePointer(root: unknown, ref: string): unknown {
  if (!ref.startsWith('#')) return undefined;
  let fragment: string;
  try {
    fragment = decodeURIComponent(ref.slice(1));
  } catch {
    return undefined;
  }
  if (fragment === '') return root;
  if (!fragment.startsWith('/')) return undefined;
  let current: unknown = root;
  for (const raw of fragment.slice(1).split('/')) {
    const segment = raw.replace(/~1/g, '/').replace(/~0/g, '~');
    if (Array.isArray(current)) {
      if (!/^(0|[1-9][0-9]*)$/.test(segment)) return undefined;
      current = current[Number(segment)];
    } else if (isObject(current) && Object.hasOwn(current, segment)) current = current[segment];
    else return undefined;
    if (current === undefined) return undefined;
  }
  return current;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** An object, or `true` (any value); `false` (no value allowed) and non-schemas list nothing. */
function isSchema(value: unknown): boolean {
  return value === true || isObject(value);
}

/** A keyword's value only when the schema has it itself (never from Object.prototype). */
function own(schema: Record<string, unknown>, keyword: string): unknown {
  return Object.hasOwn(schema, keyword) ? schema[keyword] : undefined;
}

function add<K>(map: Map<K, unknown[]>, key: K, schema: unknown): void {
  const list = map.get(key);
  if (list) list.push(schema);
  else map.set(key, [schema]);
}

const PLAIN_KEY = /^[A-Za-z_$][\w$-]*$/;

function keyName(key: string): string {
  return PLAIN_KEY.test(key) ? key : JSON.stringify(cap(key, MAX_KEY));
}

function joinKey(path: string, key: string): string {
  if (PLAIN_KEY.test(key)) return path ? `${path}.${key}` : key;
  return `${path}[${JSON.stringify(cap(key, MAX_KEY))}]`;
}

function cap(text: string, max: number): string {
  return text.length > max ? `${text.slice(0, max - 1)}…` : text;
}
