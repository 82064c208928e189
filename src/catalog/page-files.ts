/** The bodies a page shows: from the inline bytes of its D1 row, or ranged reads of one R2 object. */
import type { ExtractedFile } from '../core/chart-contents';
import { readChartBody } from '../storage/chart-contents-objects';
import type { ContentsHandle, FileBody, FileRef } from './types';

/**
 * Requested files closer than this in the bodies object are read with one ranged GET (the
 * bytes between them are read and dropped): one round trip costs more than 64 KiB of transfer.
 */
export const MAX_RANGE_GAP = 64 * 1024;

/** UTF-8 as a browser reads it: invalid bytes (a body cut inside a character) become U+FFFD. */
const decoder = () => new TextDecoder('utf-8', { fatal: false, ignoreBOM: false });

/** Spans of the bodies object covering `files` (sorted by offset), each one R2 GET. */
function spans(files: ExtractedFile[]): { offset: number; end: number; files: ExtractedFile[] }[] {
  const out: { offset: number; end: number; files: ExtractedFile[] }[] = [];
  for (const f of [...files].sort((a, b) => a.offset - b.offset)) {
    const last = out[out.length - 1];
    if (last && f.offset - last.end <= MAX_RANGE_GAP) {
      last.end = Math.max(last.end, f.offset + f.stored);
      last.files.push(f);
    } else out.push({ offset: f.offset, end: f.offset + f.stored, files: [f] });
  }
  return out;
}

/** The stored bytes of each file of `wanted` that the handle lists, by path. */
async function bytesOf(
  env: Env,
  handle: ContentsHandle,
  wanted: ExtractedFile[],
): Promise<Map<string, Uint8Array>> {
  const out = new Map<string, Uint8Array>();
  if (handle.inline) {
    for (const f of wanted) out.set(f.path, handle.inline.subarray(f.offset, f.offset + f.stored));
    return out;
  }
  const key = handle.r2Key;
  for (const span of spans(wanted)) {
    const bytes =
      key === null
        ? new Uint8Array(0)
        : await readChartBody(env, handle.bucket, key, span.offset, span.end - span.offset);
    for (const f of span.files) {
      const at = f.offset - span.offset;
      // A missing object (never expected) reads as empty bodies rather than failing the page.
      out.set(f.path, bytes ? bytes.subarray(at, at + f.stored) : new Uint8Array(0));
    }
  }
  return out;
}

/** The (capped) text of the page's files in `files`, in that order; files it does not list are left out. */
export async function readFiles(
  env: Env,
  handle: ContentsHandle | null,
  files: FileRef[],
): Promise<FileBody[]> {
  if (!handle || files.length === 0) return [];
  const byPath = new Map(handle.files.map((f) => [f.path, f]));
  const wanted = files.map((f) => byPath.get(f.path)).filter((f) => f !== undefined);
  const bytes = await bytesOf(env, handle, wanted);
  return wanted.map((f) => ({
    path: f.path,
    size: f.size,
    truncated: f.truncated,
    text: decoder().decode(bytes.get(f.path)),
  }));
}
