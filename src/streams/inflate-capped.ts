/**
 * Inflates gzip bytes held in memory into one buffer, stopping once the output passes `limit`
 * (null then: the caller streams instead, or refuses). Memory stays under limit + 1 bytes
 * whatever the input claims; a corrupt input rejects with the runtime's error.
 */
export async function inflateCapped(gzip: Uint8Array, limit: number): Promise<Uint8Array | null> {
  const reader = new Blob([gzip])
    .stream()
    .pipeThrough(new DecompressionStream('gzip'))
    .getReader({ mode: 'byob' });
  // One buffer, doubled as needed; filling limit + 1 bytes means the output is over the limit.
  let buffer = new Uint8Array(Math.min(limit + 1, Math.max(64 * 1024, gzip.byteLength * 8)));
  let filled = 0;
  for (;;) {
    if (filled === buffer.byteLength) {
      if (filled > limit) {
        await reader.cancel();
        return null;
      }
      const grown = new Uint8Array(Math.min(limit + 1, buffer.byteLength * 2));
      grown.set(buffer);
      buffer = grown;
    }
    const { done, value } = await reader.read(buffer.subarray(filled));
    if (value) {
      buffer = new Uint8Array(value.buffer);
      filled += value.byteLength;
    }
    if (done) break;
  }
  return buffer.slice(0, filled);
}
