/** The hottest rendered indexes in this isolate's memory, gzipped and plain (recent/recent-map.ts). */
import { RecentMap } from '../recent/recent-map';
import { inflateCapped } from '../streams/inflate-capped';

/** Memory all memos may use together, and the largest plain index kept. */
export const MEMO_BUDGET = 24 * 1024 * 1024;
export const MAX_MEMO_INDEX = 16 * 1024 * 1024;

export interface IndexMemo {
  gzip: Uint8Array;
  plain: Uint8Array;
}

/**
 * A warm `index.yaml` GET then costs the one D1 read that tells the current generation and no
 * decompression: Helm asks for the plain body (its HTTP getter sets DisableCompression), and
 * inflating a 20,000-version index is ~11 MiB of CPU work per request. Keys carry the index
 * generation, so a memo is never stale, only unused.
 */
const sizeOf = (memo: IndexMemo) => memo.gzip.byteLength + memo.plain.byteLength;
const memos = new RecentMap<IndexMemo>({ maxBytes: MEMO_BUDGET }, sizeOf);
/** Keys whose plain index is over MAX_MEMO_INDEX: streamed, without trying to keep them again. */
const oversized = new RecentMap<true>({ maxEntries: 256 });

export function isOversized(key: string): boolean {
  return oversized.get(key) !== undefined;
}

export function recallIndex(key: string): IndexMemo | null {
  return memos.get(key) ?? null;
}

/**
 * Inflates `gzip` (stopping past MAX_MEMO_INDEX) and keeps both, unless they alone are over
 * the budget (then served once, not kept); null when the plain index is too big.
 */
export async function rememberIndex(key: string, gzip: Uint8Array): Promise<IndexMemo | null> {
  const plain = await inflateCapped(gzip, MAX_MEMO_INDEX);
  if (!plain) {
    oversized.set(key, true);
    return null;
  }
  const memo = { gzip, plain };
  memos.set(key, memo);
  return memo;
}

/** Bytes held by all memos (for tests). */
export function memoBytes(): number {
  return memos.bytes;
}

/** A plain body served from memory in 1 MiB pieces (workerd writes those faster than one array). */
export function memoStream(bytes: Uint8Array): ReadableStream<Uint8Array> {
  const piece = 1024 * 1024;
  let at = 0;
  return new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= bytes.byteLength) {
        controller.close();
        return;
      }
      controller.enqueue(bytes.subarray(at, at + piece));
      at += piece;
    },
  });
}
