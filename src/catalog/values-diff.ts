/** A structured diff of two versions' default values (values.yaml), bounded in work and size. */
import type { ValuesChange } from './types';

/** Changes listed at most; the diff is then marked truncated. */
export const MAX_VALUES_CHANGES = 1000;
/** Key depth compared; below it, differing subtrees are one change. */
export const MAX_VALUES_DEPTH = 32;
/** A value over this many bytes (as JSON) is shown summarised. */
export const MAX_SHOWN_VALUE = 1024;

export interface DiffResult {
  changes: ValuesChange[];
  truncated: boolean;
}

/** A YAML value (mappings as Maps, bounded-yaml.ts) as JSON-compatible data; keys never touch a prototype. */
function plain(value: unknown): unknown {
  if (value instanceof Map) {
    // Object.fromEntries defines own properties: a `__proto__` key stays a key.
    return Object.fromEntries([...value].map(([k, v]) => [String(k), plain(v)]));
  }
  if (Array.isArray(value)) return value.map(plain);
  if (value instanceof Date) return value.toISOString();
  if (typeof value === 'bigint') return String(value);
  if (value instanceof Uint8Array) return `(${value.byteLength} bytes of binary)`;
  return value;
}

/** What a change shows of a value: itself, or a summary when it is over MAX_SHOWN_VALUE. */
function shown(value: unknown): unknown {
  const data = plain(value);
  const json = JSON.stringify(data) ?? 'null';
  if (json.length <= MAX_SHOWN_VALUE) return data;
  if (typeof data === 'string')
    return `${data.slice(0, MAX_SHOWN_VALUE)}… (${data.length} characters)`;
  const what = Array.isArray(data)
    ? `a list of ${data.length} items`
    : `a mapping of ${Object.keys(data as object).length} keys`;
  return { summary: `${what}, ${json.length} bytes as JSON` };
}

/** Scalars compare by value (NaN equals NaN); collections by their JSON form. */
function same(a: unknown, b: unknown): boolean {
  if (Object.is(a, b)) return true;
  const composite = (v: unknown) => v instanceof Map || Array.isArray(v);
  if (!composite(a) || !composite(b)) return false;
  return JSON.stringify(plain(a)) === JSON.stringify(plain(b));
}

/**
 * The changes from `from` to `to` at key paths: mappings compared key by key (Map keys as
 * strings), lists by index, anything else by value. Stops at MAX_VALUES_CHANGES.
 */
export function diffValues(from: unknown, to: unknown): DiffResult {
  const changes: ValuesChange[] = [];
  let truncated = false;
  const push = (change: ValuesChange) => {
    if (changes.length >= MAX_VALUES_CHANGES) truncated = true;
    else changes.push(change);
  };
  const walk = (a: unknown, b: unknown, path: string[]): void => {
    if (truncated) return;
    const bothMaps = a instanceof Map && b instanceof Map;
    const bothLists = Array.isArray(a) && Array.isArray(b);
    if ((!bothMaps && !bothLists) || path.length >= MAX_VALUES_DEPTH) {
      if (!same(a, b)) push({ path, kind: 'changed', from: shown(a), to: shown(b) });
      return;
    }
    const left = bothMaps ? keyed(a as Map<unknown, unknown>) : indexed(a as unknown[]);
    const right = bothMaps ? keyed(b as Map<unknown, unknown>) : indexed(b as unknown[]);
    for (const [key, value] of left) {
      if (truncated) return;
      if (!right.has(key)) push({ path: [...path, key], kind: 'removed', from: shown(value) });
      else walk(value, right.get(key), [...path, key]);
    }
    for (const [key, value] of right) {
      if (truncated) return;
      if (!left.has(key)) push({ path: [...path, key], kind: 'added', to: shown(value) });
    }
  };
  walk(from ?? new Map(), to ?? new Map(), []);
  return { changes, truncated };
}

const keyed = (map: Map<unknown, unknown>) =>
  new Map([...map].map(([k, v]) => [String(k), v] as const));
const indexed = (list: unknown[]) => new Map(list.map((v, i) => [String(i), v] as const));
