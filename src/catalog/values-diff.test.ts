// values-diff.ts: paths, lists by index, caps, and keys that name Object.prototype members.
import { describe, expect, it } from 'vitest';
import { parseBoundedYaml, VALUES_LIMITS } from './bounded-yaml';
import { diffValues, MAX_SHOWN_VALUE, MAX_VALUES_CHANGES, MAX_VALUES_DEPTH } from './values-diff';

const yaml = (source: string) => {
  const parsed = parseBoundedYaml(source, VALUES_LIMITS);
  if (!parsed.ok) throw new Error(parsed.error);
  return parsed.value;
};

describe('diffValues', () => {
  it('added, removed and changed at key paths; lists by index', () => {
    const from = yaml('a: 1\nb: {c: x}\nlist: [1, 2, 3]\ngone: true\n');
    const to = yaml('a: 2\nb: {c: x, d: y}\nlist: [1, 5]\n');
    expect(diffValues(from, to)).toEqual({
      changes: [
        { path: ['a'], kind: 'changed', from: 1, to: 2 },
        { path: ['b', 'd'], kind: 'added', to: 'y' },
        { path: ['list', '1'], kind: 'changed', from: 2, to: 5 },
        { path: ['list', '2'], kind: 'removed', from: 3 },
        { path: ['gone'], kind: 'removed', from: true },
      ],
      truncated: false,
    });
  });

  it('__proto__, constructor and prototype keys diff as keys, and harm nothing', () => {
    const from = yaml('__proto__: {polluted: 1}\nconstructor: a\nhasOwnProperty: 1\n');
    const to = yaml('__proto__: {polluted: 2}\nconstructor: b\nprototype: {x: 1}\n');
    const diff = diffValues(from, to);
    expect(diff.changes).toEqual([
      { path: ['__proto__', 'polluted'], kind: 'changed', from: 1, to: 2 },
      { path: ['constructor'], kind: 'changed', from: 'a', to: 'b' },
      { path: ['hasOwnProperty'], kind: 'removed', from: 1 },
      { path: ['prototype'], kind: 'added', to: { x: 1 } },
    ]);
    // A subtree shown whole keeps `__proto__` as an own key, not a prototype.
    const added = diffValues(yaml('a: 1\n'), yaml('a: 1\nb: {__proto__: {polluted: 1}}\n'));
    const shown = added.changes[0]!.to as Record<string, unknown>;
    expect(Object.hasOwn(shown, '__proto__')).toBe(true);
    expect(Object.getPrototypeOf(shown)).toBe(Object.prototype);
    expect(JSON.stringify(shown)).toBe('{"__proto__":{"polluted":1}}');
    expect(({} as Record<string, unknown>).polluted).toBeUndefined();
  });

  it('a mapping against a scalar or a list is one change', () => {
    expect(diffValues(yaml('a: {b: 1}\n'), yaml('a: [1]\n')).changes).toEqual([
      { path: ['a'], kind: 'changed', from: { b: 1 }, to: [1] },
    ]);
  });

  it('empty or null values diff as an empty mapping', () => {
    expect(diffValues(yaml(''), yaml('a: 1\n')).changes).toEqual([
      { path: ['a'], kind: 'added', to: 1 },
    ]);
  });

  it(`stops at ${MAX_VALUES_CHANGES} changes and marks the diff truncated`, () => {
    const lines = (n: number, v: number) =>
      Array.from({ length: n }, (_, i) => `k${i}: ${v}\n`).join('');
    const diff = diffValues(yaml(lines(1500, 1)), yaml(lines(1500, 2)));
    expect(diff.changes).toHaveLength(MAX_VALUES_CHANGES);
    expect(diff.truncated).toBe(true);
  });

  it(`compares at most ${MAX_VALUES_DEPTH} levels deep`, () => {
    const nested = (depth: number, leaf: string) =>
      Array.from({ length: depth }, (_, i) => `${' '.repeat(i)}k:\n`).join('') +
      `${' '.repeat(depth)}v: ${leaf}\n`;
    const diff = diffValues(yaml(nested(40, 'a')), yaml(nested(40, 'b')));
    expect(diff.changes).toHaveLength(1);
    expect(diff.changes[0]!.path).toHaveLength(MAX_VALUES_DEPTH);
  });

  it(`summarises values over ${MAX_SHOWN_VALUE} bytes`, () => {
    const big = `big: "${'x'.repeat(5000)}"\nmap: {${Array.from({ length: 300 }, (_, i) => `k${i}: v`).join(', ')}}\n`;
    const diff = diffValues(yaml(''), yaml(big));
    const [text, map] = diff.changes.map((c) => c.to);
    expect(String(text)).toMatch(/^x{1024}… \(5000 characters\)$/);
    expect(map).toEqual({
      summary: expect.stringMatching(/^a mapping of 300 keys, \d+ bytes as JSON$/),
    });
  });
});
