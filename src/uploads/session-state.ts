/** What an upload session persists between requests, so it survives its own eviction. */

/**
 * R2 multipart parts must all have the same size except the last, at least 5 MiB, and at most
 * 10,000 of them (R2 limits). The session re-cuts whatever chunk sizes clients send into parts
 * of exactly this size, which caps a blob at PART_SIZE * MAX_PARTS.
 */
export const PART_SIZE = 8 * 1024 * 1024;
export const MAX_PARTS = 10_000;
export const MAX_BLOB_SIZE = PART_SIZE * MAX_PARTS;
/** The not-yet-a-part tail is stored in values of this size (Durable Object values are <= 2 MB). */
export const TAIL_CHUNK_SIZE = 1024 * 1024;

/** The OCI repository an upload belongs to, fixed when the session starts. */
export interface UploadTarget {
  storageId: number;
  repositoryId: number;
  bucket: string;
  packageName: string;
  /** `<storage>/<repository>/<name>`: requests for any other name do not see the session. */
  fullName: string;
}

export interface SessionState {
  target: UploadTarget;
  /** R2 key of the object being written (storage/r2-keys.ts). */
  key: string;
  /** Bytes received so far. */
  offset: number;
  multipartId: string | null;
  parts: R2UploadedPart[];
  /** Number of TAIL_CHUNK_SIZE values holding bytes past the last part. */
  tailChunks: number;
  /** sha256 of bytes [0, offset) when they all arrived in one request; null otherwise. */
  streamedSha256: string | null;
  expiresAt: number;
}
