// bounded-yaml.ts: hostile YAML is refused in bounded work, never thrown, never a prototype.
import { describe, expect, it } from 'vitest';
import { hostileChartYaml } from '../../test/helpers/hostile-yaml';
import { ANNOTATION_LIMITS, parseBoundedYaml, VALUES_LIMITS } from './bounded-yaml';

describe('parseBoundedYaml', () => {
  it('reads mappings as Maps (a __proto__ key is only a key)', () => {
    const parsed = parseBoundedYaml('__proto__: {a: 1}\nconstructor: 2\n', VALUES_LIMITS);
    expect(parsed.ok).toBe(true);
    const value = (parsed as { value: Map<string, unknown> }).value;
    expect(value).toBeInstanceOf(Map);
    expect([...value.keys()]).toEqual(['__proto__', 'constructor']);
  });

  it('an alias bomb (billion laughs) is refused before it expands', () => {
    const lol = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
    for (let i = 1; i < 10; i++) {
      const prev = String.fromCharCode(96 + i);
      const next = String.fromCharCode(97 + i);
      lol.push(`${next}: &${next} [${Array(9).fill(`*${prev}`).join(',')}]`);
    }
    const parsed = parseBoundedYaml(lol.join('\n'), VALUES_LIMITS);
    expect(parsed).toEqual({ ok: false, error: expect.stringMatching(/alias/i) });
  });

  it('each hostile Chart.yaml text is refused or parsed, never thrown', () => {
    for (const [, source] of hostileChartYaml) {
      const parsed = parseBoundedYaml(source, ANNOTATION_LIMITS);
      if (!parsed.ok) expect(parsed.error).toMatch(/YAML/);
    }
  });

  it('language tags stay data, merge keys are plain keys, duplicate keys: the last wins', () => {
    const parsed = parseBoundedYaml(
      'f: !!js/function "function(){}"\nbase: &b {x: 1}\nm: {<<: *b}\nd: 1\nd: 2\n',
      VALUES_LIMITS,
    );
    expect(parsed.ok).toBe(true);
    const value = (parsed as { value: Map<string, unknown> }).value;
    expect(typeof value.get('f')).toBe('string');
    expect((value.get('m') as Map<string, unknown>).has('<<')).toBe(true);
    expect(value.get('d')).toBe(2);
  });

  it('invalid YAML is an error', () => {
    expect(parseBoundedYaml('a: [1, 2\n', VALUES_LIMITS).ok).toBe(false);
  });
});
