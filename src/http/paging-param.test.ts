import { describe, expect, it } from 'vitest';
import { pagingParam } from './paging-param';

describe('pagingParam', () => {
  it('reads canonical decimals from 1 to max, the fallback when absent', () => {
    expect(pagingParam(undefined, 7, 10)).toBe(7);
    expect(pagingParam('1', 7, 10)).toBe(1);
    expect(pagingParam('10', 7, 10)).toBe(10);
  });
  it('refuses everything else', () => {
    for (const value of [
      '',
      '0',
      '11',
      '01',
      '1e0',
      '1.0',
      ' 1',
      '-1',
      '0x1',
      'x',
      '9'.repeat(40),
    ]) {
      expect(pagingParam(value, 7, 10), value).toBeNull();
    }
  });
});
