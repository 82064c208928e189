// storeCached (edge-cache.ts): what is sent and kept, copied or read back, and its fallback.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { storeCached } from './edge-cache';

const MiB = 1024 * 1024;
const key = (n: string) => `https://edge-cache-test.invalid/${n}/${crypto.randomUUID()}`;

function bytesResponse(size: number, fill: number): Response {
  return new Response(new Uint8Array(size).fill(fill), {
    headers: { 'Content-Length': String(size), 'Cache-Control': 'public, immutable' },
  });
}

// Small bodies are copied while stored, big ones stored then read back, and a cache that gives
// nothing back (as on *.workers.dev) falls back to a fresh response.
describe('storeCached', () => {
  afterEach(() => vi.restoreAllMocks());

  it.each([
    ['copied', 1000],
    ['stored, then read back', 2 * MiB],
  ])('%s: the response sent and the entry kept are the whole body', async (_, size) => {
    const k = key('whole');
    const reopen = vi.fn(async () => bytesResponse(size, 2));
    const sent = await storeCached(k, bytesResponse(size, 1), reopen);
    expect(sent.headers.get('cache-control')).toBe('public, immutable');
    expect(new Uint8Array(await sent.arrayBuffer())).toEqual(new Uint8Array(size).fill(1));
    const kept = await caches.default.match(new Request(k));
    expect(kept!.headers.get('cache-control')).toBe('public, max-age=600');
    expect((await kept!.arrayBuffer()).byteLength).toBe(size);
    expect(reopen).not.toHaveBeenCalled();
  });

  it('answers with a fresh response when the cache gives a big body back as nothing', async () => {
    vi.spyOn(caches.default, 'match').mockResolvedValue(undefined);
    const reopen = vi.fn(async () => bytesResponse(2 * MiB, 2));
    const sent = await storeCached(key('lost'), bytesResponse(2 * MiB, 1), reopen);
    expect(reopen).toHaveBeenCalledOnce();
    expect(new Uint8Array(await sent.arrayBuffer())).toEqual(new Uint8Array(2 * MiB).fill(2));
  });
});
