// schema-view.ts: a schema is parsed only when whole, shallow enough and a JSON object.
import { describe, expect, it } from 'vitest';
import { MAX_SCHEMA_DEPTH, schemaOf } from './schema-view';

const file = (text: string, truncated = false) => ({
  path: 'values.schema.json',
  size: text.length,
  truncated,
  text,
});

describe('schemaOf', () => {
  it('a JSON object is the schema', () => {
    expect(schemaOf(file('{"type":"object"}'), 17)).toMatchObject({
      schema: { type: 'object' },
      error: null,
    });
  });

  it('a truncated body is invalid, with where it was cut', () => {
    expect(schemaOf(file('{"type":', true), 8)).toMatchObject({
      schema: null,
      error: 'truncated at 8 bytes',
    });
  });

  it('invalid JSON, a non-object and deep nesting are text with a note', () => {
    expect(schemaOf(file('{nope'), 5).error).toMatch(/^not valid JSON/);
    expect(schemaOf(file('[1, 2]'), 6).error).toBe('not a JSON object');
    const deep = '{"a":'.repeat(MAX_SCHEMA_DEPTH + 1) + '1' + '}'.repeat(MAX_SCHEMA_DEPTH + 1);
    expect(schemaOf(file(deep), deep.length).error).toBe(
      `nesting deeper than ${MAX_SCHEMA_DEPTH} levels`,
    );
    const fine = '{"a":'.repeat(MAX_SCHEMA_DEPTH) + '1' + '}'.repeat(MAX_SCHEMA_DEPTH);
    expect(schemaOf(file(fine), fine.length).error).toBeNull();
    // Brackets inside strings are no nesting.
    const strings = `{"a": "${'['.repeat(1000)}\\"{{"}`;
    expect(schemaOf(file(strings), strings.length).error).toBeNull();
  });

  it('__proto__ in a schema is an own key', () => {
    const view = schemaOf(file('{"__proto__": {"x": 1}}'), 23);
    expect(Object.hasOwn(view.schema as object, '__proto__')).toBe(true);
  });
});
