// Values derived from a secret are computed once per isolate, per secret, and never kept failed.
import { describe, expect, it, vi } from 'vitest';
import { lastDerived } from './last-derived';

describe('lastDerived', () => {
  it('derives once for the same secret and again when the secret changes', async () => {
    const derive = vi.fn(async (secret: string) => `key:${secret}`);
    const key = lastDerived(derive);
    expect(await key('a')).toBe('key:a');
    expect(await key('a')).toBe('key:a');
    expect(derive).toHaveBeenCalledTimes(1);
    expect(await key('b')).toBe('key:b');
    expect(await key('a')).toBe('key:a');
    expect(derive).toHaveBeenCalledTimes(3);
  });

  it('forgets a failed derivation', async () => {
    const derive = vi.fn().mockRejectedValueOnce(new Error('no')).mockResolvedValue('ok');
    const key = lastDerived(derive as (secret: string) => Promise<string>);
    await expect(key('s')).rejects.toThrow('no');
    expect(await key('s')).toBe('ok');
    expect(derive).toHaveBeenCalledTimes(2);
  });
});
