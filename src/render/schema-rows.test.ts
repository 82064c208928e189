// Schema rows (schema-rows.ts): paths, types, defaults, refs, combinators, limits, hostile keys.
import { describe, expect, it } from 'vitest';
import { jsonPreview } from './json-preview';
import { MAX_SCHEMA_DEPTH, MAX_SCHEMA_ROWS, resolvePointer, schemaRows } from './schema-rows';

const paths = (schema: unknown) => schemaRows(schema).rows.map((r) => r.path);

describe('schemaRows', () => {
  it('lists properties, items and their fields, parents first', () => {
    const { rows, truncated } = schemaRows({
      type: 'object',
      required: ['image'],
      properties: {
        image: {
          type: 'object',
          description: 'The image',
          required: ['repository'],
          properties: {
            repository: { type: 'string', default: 'nginx' },
            tag: { type: ['string', 'null'], enum: ['1', null] },
            pullPolicy: { const: 'Always', title: 'Policy' },
          },
        },
        ports: {
          type: 'array',
          items: { type: 'object', properties: { name: { type: 'string' } } },
          default: [{ name: 'http' }],
        },
      },
    });
    expect(truncated).toBe(false);
    expect(rows).toEqual([
      {
        path: 'image',
        name: 'image',
        type: 'object',
        default: null,
        description: 'The image',
        required: true,
        depth: 0,
      },
      {
        path: 'image.repository',
        name: 'repository',
        type: 'string',
        default: '"nginx"',
        description: null,
        required: true,
        depth: 1,
      },
      {
        path: 'image.tag',
        name: 'tag',
        type: 'string | null',
        default: null,
        description: null,
        required: false,
        enum: ['"1"', 'null'],
        depth: 1,
      },
      {
        path: 'image.pullPolicy',
        name: 'pullPolicy',
        type: null,
        default: null,
        description: 'Policy',
        required: false,
        enum: ['"Always"'],
        depth: 1,
      },
      {
        path: 'ports',
        name: 'ports',
        type: 'array',
        default: '[{"name":"http"}]',
        description: null,
        required: false,
        depth: 0,
      },
      {
        path: 'ports[]',
        name: '[]',
        type: 'object',
        default: null,
        description: null,
        required: false,
        depth: 1,
      },
      {
        path: 'ports[].name',
        name: 'name',
        type: 'string',
        default: null,
        description: null,
        required: false,
        depth: 2,
      },
    ]);
  });

  it('follows additionalProperties, patternProperties and tuple items', () => {
    expect(
      paths({
        properties: {
          labels: { additionalProperties: { type: 'string' } },
          env: { patternProperties: { '^[A-Z_]+$': { type: 'string' } } },
          pair: { items: [{ type: 'string' }, { type: 'integer' }] },
          list: { prefixItems: [{ type: 'string' }], items: { type: 'number' } },
          closed: { additionalProperties: false },
        },
      }),
    ).toEqual([
      'labels',
      'labels.*',
      'env',
      'env[/^[A-Z_]+$/]',
      'pair',
      'pair[0]',
      'pair[1]',
      'list',
      'list[0]',
      'list[]',
      'closed',
    ]);
  });

  it('quotes keys that are not plain names', () => {
    expect(paths({ properties: { 'a.b': {}, 'with space': {}, 'ok-key_1': {} } })).toEqual([
      '["a.b"]',
      '["with space"]',
      'ok-key_1',
    ]);
  });

  it('resolves local refs to definitions and $defs, with sibling keywords', () => {
    const { rows } = schemaRows({
      definitions: { port: { type: 'integer', default: 80, description: 'A port' } },
      $defs: { 'a/b~c': { type: 'object', properties: { x: { type: 'boolean' } } } },
      properties: {
        http: { $ref: '#/definitions/port', description: 'HTTP port' },
        odd: { $ref: '#/$defs/a~1b~0c' },
        far: { $ref: 'https://example.com/schema.json#/x' },
        missing: { $ref: '#/definitions/nope' },
      },
    });
    expect(rows.map((r) => [r.path, r.type, r.default, r.description, r.unresolved])).toEqual([
      ['http', 'integer', '80', 'A port', undefined],
      ['odd', 'object', null, null, undefined],
      ['odd.x', 'boolean', null, null, undefined],
      ['far', null, null, null, 'https://example.com/schema.json#/x'],
      ['missing', null, null, null, '#/definitions/nope'],
    ]);
  });

  it('stops at cycles through refs, direct or through several definitions', () => {
    const { rows, truncated } = schemaRows({
      $defs: {
        node: {
          type: 'object',
          properties: { child: { $ref: '#/$defs/node' }, other: { $ref: '#/$defs/a' } },
        },
        a: { properties: { b: { $ref: '#/$defs/b' } } },
        b: { properties: { a: { $ref: '#/$defs/a' } } },
        self: { $ref: '#/$defs/self' },
      },
      properties: {
        tree: { $ref: '#/$defs/node' },
        loop: { $ref: '#/$defs/self' },
        root: { $ref: '#' },
      },
    });
    expect(truncated).toBe(false);
    expect(rows.map((r) => [r.path, r.recursive ?? false])).toEqual([
      ['tree', false],
      ['tree.child', true],
      ['tree.other', false],
      ['tree.other.b', false],
      ['tree.other.b.a', true],
      ['loop', true],
      ['root', false],
      ['root.tree', false],
      ['root.tree.child', true],
      ['root.tree.other', false],
      ['root.tree.other.b', false],
      ['root.tree.other.b.a', true],
      ['root.loop', true],
      ['root.root', true],
    ]);
  });

  it('merges allOf (with required) and anyOf/oneOf (types joined, required not applied)', () => {
    const { rows } = schemaRows({
      properties: {
        merged: {
          allOf: [
            { properties: { a: { type: 'string' } }, required: ['a'] },
            { properties: { b: { type: 'integer' } } },
          ],
        },
        either: {
          oneOf: [{ type: 'string' }, { type: 'object', properties: { c: {} }, required: ['c'] }],
        },
        maybe: { anyOf: [{ type: 'integer' }, { type: 'null' }] },
        openapi: { type: 'string', nullable: true },
      },
    });
    expect(rows.map((r) => [r.path, r.type, r.required])).toEqual([
      ['merged', 'object', false],
      ['merged.a', 'string', true],
      ['merged.b', 'integer', false],
      ['either', 'string | object', false],
      ['either.c', null, false],
      ['maybe', 'integer | null', false],
      ['openapi', 'string | null', false],
    ]);
  });

  it('works with __proto__, constructor and other Object.prototype names', () => {
    const schema: unknown = JSON.parse(
      '{"properties":{"__proto__":{"type":"string","default":{"__proto__":1}},"constructor":{"type":"integer"},"toString":{},"hasOwnProperty":{"properties":{"valueOf":{}}}},"required":["__proto__","constructor"]}',
    );
    const { rows } = schemaRows(schema);
    expect(rows.map((r) => [r.path, r.type, r.required, r.default])).toEqual([
      ['__proto__', 'string', true, '{"__proto__":1}'],
      ['constructor', 'integer', true, null],
      ['toString', null, false, null],
      ['hasOwnProperty', 'object', false, null],
      ['hasOwnProperty.valueOf', null, false, null],
    ]);
    expect(({} as Record<string, unknown>)['type']).toBeUndefined();
    // Keywords inherited from Object.prototype are not keywords.
    expect(
      schemaRows({ properties: { a: Object.create({ type: 'string', properties: { x: {} } }) } })
        .rows,
    ).toEqual([
      {
        path: 'a',
        name: 'a',
        type: null,
        default: null,
        description: null,
        required: false,
        depth: 0,
      },
    ]);
    expect(resolvePointer(schema, '#/properties/__proto__/type')).toBe('string');
    expect(resolvePointer({}, '#/constructor')).toBeUndefined();
    expect(resolvePointer({}, '#/__proto__')).toBeUndefined();
  });

  it('ignores what is not a schema', () => {
    for (const schema of [
      null,
      1,
      'x',
      [],
      true,
      { properties: [] },
      { properties: { a: 1, b: null } },
    ])
      expect(() => schemaRows(schema)).not.toThrow();
    expect(paths({ properties: { a: 1, b: null, c: true, d: false } })).toEqual(['c']);
  });

  it(`stops at depth ${MAX_SCHEMA_DEPTH} and at ${MAX_SCHEMA_ROWS} rows, saying so`, () => {
    let deep: Record<string, unknown> = { type: 'string' };
    for (let i = 0; i < 100; i++) deep = { properties: { n: deep } };
    const d = schemaRows(deep);
    expect(d.truncated).toBe(true);
    expect(Math.max(...d.rows.map((r) => r.depth))).toBe(MAX_SCHEMA_DEPTH - 1);

    const properties: Record<string, unknown> = {};
    for (let i = 0; i < 5000; i++) properties[`p${i}`] = { type: 'string' };
    const wide = schemaRows({ properties });
    expect(wide.truncated).toBe(true);
    expect(wide.rows).toHaveLength(MAX_SCHEMA_ROWS);
  });

  it('bounds the work of refs that fan out without cycles', () => {
    const $defs: Record<string, unknown> = { d0: { type: 'string' } };
    for (let i = 1; i < 40; i++)
      $defs[`d${i}`] = { allOf: [{ $ref: `#/$defs/d${i - 1}` }, { $ref: `#/$defs/d${i - 1}` }] };
    const fan = schemaRows({ $defs, properties: { x: { $ref: '#/$defs/d39' } } });
    expect(fan.truncated).toBe(true);
    expect(fan.rows.map((r) => r.path)).toEqual(['x']);

    const tree: Record<string, unknown> = { t0: { type: 'string' } };
    for (let i = 1; i < 30; i++)
      tree[`t${i}`] = {
        properties: { l: { $ref: `#/$defs/t${i - 1}` }, r: { $ref: `#/$defs/t${i - 1}` } },
      };
    const wide = schemaRows({ $defs: tree, properties: { x: { $ref: '#/$defs/t29' } } });
    expect(wide.truncated).toBe(true);
    expect(wide.rows.length).toBeLessThanOrEqual(MAX_SCHEMA_ROWS);
  });

  it('caps defaults, enums and descriptions', () => {
    const big = { a: 'x'.repeat(1_000_000), b: Array.from({ length: 100_000 }, (_, i) => i) };
    const { rows } = schemaRows({
      properties: {
        p: {
          default: big,
          enum: Array.from({ length: 1000 }, (_, i) => 'v'.repeat(500) + i),
          description: 'd'.repeat(10_000),
        },
      },
    });
    expect(rows[0]!.default!.length).toBeLessThanOrEqual(200);
    expect(rows[0]!.default!.endsWith('…')).toBe(true);
    expect(rows[0]!.enum).toHaveLength(50);
    expect(rows[0]!.enum![0]!.length).toBeLessThanOrEqual(100);
    expect(rows[0]!.description!.length).toBeLessThanOrEqual(2000);
  });
});

describe('jsonPreview', () => {
  it('is JSON when short and cut with … when long', () => {
    expect(jsonPreview({ a: [1, 'x', null, true], b: { c: Infinity } }, 100)).toBe(
      '{"a":[1,"x",null,true],"b":{"c":null}}',
    );
    expect(jsonPreview('x'.repeat(50), 10)).toBe('"xxxxxxxx…');
    let nested: unknown = 1;
    for (let i = 0; i < 100; i++) nested = [nested];
    expect(jsonPreview(nested, 1000)).toBe('[[[[[[[[[…]]]]]]]]]');
  });
});
