/**
 * Where a blob's bytes are: small blobs inline in their D1 row (migrations/0006_inline_blobs.sql),
 * everything else in an R2 object. Readers go through `openBlob`, so no caller cares which.
 */

/**
 * Blobs up to this size are kept in D1. Helm's config blob (a few hundred bytes), provenance
 * files and most chart archives (`helm create`'s is ~4 KiB) fit; D1 rows may hold up to 2 MB and a
 * database 10 GB (https://developers.cloudflare.com/d1/platform/limits/), so the cap keeps even a
 * registry of 100,000 such blobs under 2 GB.
 */
export const INLINE_BLOB_LIMIT = 16 * 1024;

/** The R2 key of an inline blob's row: there is no object. */
export const NO_OBJECT = '';

export interface StoredBlob {
  r2Key: string;
  /** The bytes, when the blob is inline. */
  content: Uint8Array | null;
}

/**
 * A BLOB column as D1 hands it back: an array of byte values over the D1 binding (documented
 * conversion: SQLite BLOB -> JavaScript Array), an ArrayBuffer from some local versions, or a
 * hex string where a query returned `hex(content)` inside JSON.
 */
export function blobContent(value: unknown): Uint8Array | null {
  if (value === null || value === undefined) return null;
  if (value instanceof Uint8Array) return value;
  if (value instanceof ArrayBuffer) return new Uint8Array(value);
  if (Array.isArray(value)) return Uint8Array.from(value as number[]);
  if (typeof value === 'string') {
    const bytes = new Uint8Array(value.length / 2);
    for (let i = 0; i < bytes.length; i++) bytes[i] = parseInt(value.slice(2 * i, 2 * i + 2), 16);
    return bytes;
  }
  throw new Error(`unexpected BLOB value of type ${typeof value}`);
}

/** The blob's bytes (or the `range` of them) as a stream; null when its R2 object is gone. */
export async function openBlob(
  bucket: R2Bucket,
  blob: StoredBlob,
  range?: { offset: number; length: number },
): Promise<ReadableStream<Uint8Array> | null> {
  if (blob.content) {
    const bytes = range
      ? blob.content.subarray(range.offset, range.offset + range.length)
      : blob.content;
    return new Response(bytes).body!;
  }
  const object = await bucket.get(blob.r2Key, range ? { range } : undefined);
  return object?.body ?? null;
}
