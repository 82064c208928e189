/**
 * The hottest indexes kept in the isolate's memory, both gzipped and plain, under a fixed byte
 * budget (least recently used goes first). A warm `index.yaml` GET then costs the one D1 read that
 * tells the current generation and no decompression: Helm asks for the plain body (its HTTP
 * getter sets DisableCompression), and inflating a 20,000-version index is ~11 MiB of CPU work per
 * request. Keys carry the index generation, so a memo can never be stale, only unused; each
 * isolate has its own.
 */
import { inflateCapped } from '../streams/inflate-capped';

/** Memory all memos may use together, and the largest plain index kept. */
export const MEMO_BUDGET = 24 * 1024 * 1024;
export const MAX_MEMO_INDEX = 16 * 1024 * 1024;

export interface IndexMemo {
  gzip: Uint8Array;
  plain: Uint8Array;
}

const memos = new Map<string, IndexMemo>();
let used = 0;
/** Keys whose plain index is over MAX_MEMO_INDEX: streamed, without trying to keep them again. */
const oversized = new Set<string>();
const MAX_OVERSIZED_KEYS = 256;

export function isOversized(key: string): boolean {
  return oversized.has(key);
}

const sizeOf = (memo: IndexMemo) => memo.gzip.byteLength + memo.plain.byteLength;

export function recallIndex(key: string): IndexMemo | null {
  const memo = memos.get(key);
  if (!memo) return null;
  // Map keeps insertion order: re-inserting marks it most recently used.
  memos.delete(key);
  memos.set(key, memo);
  return memo;
}

/** Inflates `gzip` (stopping past MAX_MEMO_INDEX) and keeps both; null when it is too big. */
export async function rememberIndex(key: string, gzip: Uint8Array): Promise<IndexMemo | null> {
  const plain = await inflateCapped(gzip, MAX_MEMO_INDEX);
  if (!plain) {
    if (oversized.size >= MAX_OVERSIZED_KEYS) oversized.clear();
    oversized.add(key);
    return null;
  }
  const memo = { gzip, plain };
  const previous = memos.get(key);
  if (previous) {
    memos.delete(key);
    used -= sizeOf(previous);
  }
  for (const [oldKey, old] of memos) {
    if (used + sizeOf(memo) <= MEMO_BUDGET) break;
    memos.delete(oldKey);
    used -= sizeOf(old);
  }
  if (used + sizeOf(memo) > MEMO_BUDGET) return memo; // served once, not kept
  memos.set(key, memo);
  used += sizeOf(memo);
  return memo;
}

/** Bytes held by all memos (for tests). */
export function memoBytes(): number {
  return used;
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
