/** What an upload session persists between requests, so it survives its own eviction. */

import { MAX_OBJECT_SIZE, PART_SIZE } from '../storage/r2-parts';

/** The session re-cuts whatever chunk sizes clients send into R2 parts of PART_SIZE. */
export { PART_SIZE };
export const MAX_BLOB_SIZE = MAX_OBJECT_SIZE;
/** The not-yet-a-part tail is stored in values of at most this size (Durable Object values are <= 2 MB). */
export const TAIL_CHUNK_SIZE = 1024 * 1024;

/** Seconds an idle upload session lives (Worker variable UPLOAD_TTL_SECONDS, default 24 h). */
export function uploadTtlSeconds(env: Env): number {
  return Number(env.UPLOAD_TTL_SECONDS) || 86_400;
}

/** The OCI repository an upload belongs to, fixed when the session starts. */
export interface UploadTarget {
  storageId: number;
  repositoryId: number;
  bucket: string;
  name: string;
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
  /** First byte not yet in a part: bytes [tailStart, offset) are the stored tail. */
  tailStart: number;
  /**
   * The stored values holding the tail, in order, each under `tail:<start>`. The first may begin
   * before tailStart (its head went into a part since). A request writes only the bytes it added.
   */
  tail: TailPiece[];
  expiresAt: number;
}

/** One stored value of the tail: bytes [start, start + size) of the upload. */
export interface TailPiece {
  start: number;
  size: number;
}
