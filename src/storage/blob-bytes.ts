/** Where the bytes of a blob or manifest are (inline in D1 or an R2 object); readers open them here. */
import { fromHex } from '../core/digest';

/**
 * Blobs up to this size are kept inline in their D1 row (migrations/0006_inline_blobs.sql),
 * bigger ones in an R2 object; readers go through `openBlob`, so no caller cares which. Helm's
 * config blob (a few hundred bytes), provenance files and most chart archives (`helm create`'s
 * is ~4 KiB) fit; D1 rows may hold up to 2 MB and a database 10 GB
 * (https://developers.cloudflare.com/d1/platform/limits/), so the cap keeps even a registry of
 * 100,000 such blobs under 2 GB.
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
 * The SQL expression reading a blob row's content (table alias `alias`): hex, or NULL when the
 * bytes are in R2. D1 hands a BLOB column back as an array of numbers, converted element by
 * element on both sides of the binding; a hex string is one value (profiled: reading 4 KiB
 * blobs as arrays cost ~10% of the registry's CPU in a push and pull loop).
 */
export function contentHex(alias: string): string {
  return `iif(${alias}.content IS NULL, NULL, hex(${alias}.content))`;
}

/** The SQL expression storing the hex string (core/digest.ts `toHex`) bound at `?n`. */
export function contentFromHex(param: number): string {
  return `unhex(?${param})`;
}

/** The bytes of a `contentHex` value; null for a blob in R2. */
export function blobContent(hex: string | null): Uint8Array | null {
  return hex === null ? null : fromHex(hex);
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

/**
 * A manifest's bytes: its text when inline in D1, else a stream of the R2 object of the blob
 * holding it; null when that object is gone.
 */
export async function openManifest(
  bucket: R2Bucket,
  manifest: { content: string | null; r2Key: string | null },
): Promise<ReadableStream<Uint8Array> | string | null> {
  if (manifest.content !== null) return manifest.content;
  const object = manifest.r2Key ? await bucket.get(manifest.r2Key) : null;
  return object?.body ?? null;
}
