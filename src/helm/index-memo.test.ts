// The index memo (index-memo.ts): gzipped and plain copies, the inflate limit, the byte budget.
import { describe, expect, it } from 'vitest';
import {
  isOversized,
  MAX_MEMO_INDEX,
  MEMO_BUDGET,
  memoBytes,
  memoStream,
  recallIndex,
  rememberIndex,
} from './index-memo';

async function gzip(bytes: Uint8Array): Promise<Uint8Array> {
  const stream = new Blob([bytes]).stream().pipeThrough(new CompressionStream('gzip'));
  return new Uint8Array(await new Response(stream).arrayBuffer());
}

describe('index memo', () => {
  it('keeps an index gzipped and plain, and serves the plain one intact', async () => {
    const plain = new TextEncoder().encode('apiVersion: v1\nentries: {}\n'.repeat(50_000));
    const memo = await rememberIndex('a', await gzip(plain));
    expect(memo?.plain).toEqual(plain);
    expect(recallIndex('a')).toBe(memo);
    const served = new Uint8Array(await new Response(memoStream(memo!.plain)).arrayBuffer());
    expect(served).toEqual(plain);
  });

  it('refuses an index that inflates past the limit (a gzip bomb stays out of memory)', async () => {
    const bomb = await gzip(new Uint8Array(MAX_MEMO_INDEX + 1));
    expect(await rememberIndex('bomb', bomb)).toBeNull();
    expect(recallIndex('bomb')).toBeNull();
    expect(isOversized('bomb')).toBe(true);
  });

  it('stays within its byte budget, dropping the least recently used first', async () => {
    const size = 6 * 1024 * 1024;
    const keys = ['b1', 'b2', 'b3', 'b4', 'b5'];
    for (const [i, key] of keys.entries()) {
      await rememberIndex(key, await gzip(new Uint8Array(size).fill(i)));
      if (key === 'b2') recallIndex('b1'); // b1 used more recently than b2
    }
    expect(memoBytes()).toBeLessThanOrEqual(MEMO_BUDGET);
    expect(recallIndex('b2')).toBeNull();
    expect(recallIndex('b5')?.plain[0]).toBe(4);
  });
});
