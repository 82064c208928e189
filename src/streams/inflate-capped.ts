/** Inflates gzip bytes held in memory into one buffer, up to a limit. */
import { gunzipBounded } from './gunzip-bounded';

/**
 * Inflates `gzip` into one buffer, stopping once the output passes `limit` (null then: the caller
 * streams instead, or refuses). Memory stays under limit plus one piece of gunzipBounded's output
 * whatever the input claims; a corrupt input rejects with the runtime's error.
 */
export async function inflateCapped(gzip: Uint8Array, limit: number): Promise<Uint8Array | null> {
  const reader = gunzipBounded(new Blob([gzip]).stream(), {
    maxOutput: Number.MAX_SAFE_INTEGER,
    maxRatio: Number.POSITIVE_INFINITY,
    ratioFloor: 0,
    refuse: (reason) => new Error(`gzip output ${reason}`),
  }).getReader();
  const parts: Uint8Array[] = [];
  let filled = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    filled += value.byteLength;
    if (filled > limit) {
      await reader.cancel();
      return null;
    }
    parts.push(value);
  }
  if (parts.length === 1) return parts[0]!;
  const out = new Uint8Array(filled);
  let at = 0;
  for (const part of parts) {
    out.set(part, at);
    at += part.byteLength;
  }
  return out;
}
