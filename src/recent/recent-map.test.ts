// RecentMap (recent-map.ts): entries out by time, by entry and byte budgets, least used first.
import { describe, expect, it } from 'vitest';
import { RecentMap } from './recent-map';

describe('RecentMap', () => {
  it('forgets entries after their time', () => {
    const map = new RecentMap<string>({ ttlMs: 1000, maxEntries: 10, maxBytes: 100 });
    map.set('a', 'x', 0);
    expect(map.get('a', 999)).toBe('x');
    expect(map.get('a', 1000)).toBeUndefined();
    expect(map.size).toBe(0);
  });

  it('keeps within its entry and byte budgets, oldest out first', () => {
    const map = new RecentMap<string>(
      { ttlMs: 1000, maxEntries: 3, maxBytes: 10 },
      (v) => v.length,
    );
    for (const key of ['a', 'b', 'c', 'd']) map.set(key, '1', 0);
    expect(['a', 'b', 'c', 'd'].map((k) => map.get(k, 0))).toEqual([undefined, '1', '1', '1']);
    map.set('e', '12345678', 0);
    expect(map.bytes).toBeLessThanOrEqual(10);
    expect(map.get('e', 0)).toBe('12345678');
    expect(map.get('b', 0)).toBeUndefined();
    map.set('huge', 'x'.repeat(11), 0);
    expect(map.get('huge', 0)).toBeUndefined();
    expect(map.get('e', 0)).toBe('12345678');
  });

  it('drops the least recently used first, and keeps entries without a time until then', () => {
    const map = new RecentMap<string>({ maxEntries: 2 });
    map.set('a', '1', 0);
    map.set('b', '2', 0);
    expect(map.get('a', Number.MAX_SAFE_INTEGER)).toBe('1');
    map.set('c', '3', 0);
    expect(map.get('b', 0)).toBeUndefined();
    expect(map.get('a', 0)).toBe('1');
    expect(map.get('c', 0)).toBe('3');
  });
});
