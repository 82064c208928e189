/** Parsing of `Range` (RFC 9110 §14.2) and of the OCI chunk `Content-Range: <start>-<end>`. */

export type RangeRequest =
  | { kind: 'full' }
  | { kind: 'partial'; offset: number; length: number }
  | { kind: 'unsatisfiable' };

const SINGLE_RANGE = /^bytes=(\d*)-(\d*)$/;

/**
 * Interprets a `Range` header against a blob of `size` bytes. Only single ranges are served;
 * a multi-range or malformed header is ignored (RFC 9110 allows a server to ignore Range).
 */
export function parseRangeHeader(header: string | undefined, size: number): RangeRequest {
  if (!header) return { kind: 'full' };
  const m = SINGLE_RANGE.exec(header.trim());
  if (!m) return { kind: 'full' };
  const [, first, last] = m;
  if (first === '' && last === '') return { kind: 'full' };
  if (first === '') {
    const suffix = Number(last);
    if (suffix === 0 || size === 0) return { kind: 'unsatisfiable' };
    const length = Math.min(suffix, size);
    return { kind: 'partial', offset: size - length, length };
  }
  const start = Number(first);
  const end = last === '' ? size - 1 : Math.min(Number(last), size - 1);
  if (start >= size || end < start) return { kind: 'unsatisfiable' };
  return { kind: 'partial', offset: start, length: end - start + 1 };
}

const CHUNK_RANGE = /^(?:bytes[ =])?(\d+)-(\d+)(?:\/(?:\d+|\*))?$/;

/** Parses a chunk's `Content-Range`; returns null when absent, throws on garbage. */
export function parseChunkRange(header: string | undefined): { start: number; end: number } | null {
  if (header === undefined) return null;
  const m = CHUNK_RANGE.exec(header.trim());
  if (!m) throw new SyntaxError(`Content-Range must be <start>-<end>, got "${header}"`);
  const start = Number(m[1]);
  const end = Number(m[2]);
  if (!Number.isSafeInteger(start) || !Number.isSafeInteger(end) || end < start) {
    throw new SyntaxError(`Content-Range ${header} is not a valid byte range`);
  }
  return { start, end };
}
