/** Results an upload session returns over RPC (errors cross the boundary as values). */

export type UploadFailure =
  | { ok: false; error: 'BLOB_UPLOAD_UNKNOWN' }
  | { ok: false; error: 'RANGE_INVALID'; offset: number; detail: string }
  | { ok: false; error: 'BLOB_UPLOAD_INVALID'; offset: number; detail: string }
  | { ok: false; error: 'DIGEST_INVALID'; detail: string }
  | { ok: false; error: 'SIZE_INVALID'; detail: string }
  | { ok: false; error: 'NAME_UNKNOWN'; detail: string };

export type UploadProgress = { ok: true; offset: number } | UploadFailure;
export type UploadCompletion = { ok: true; digest: string; size: number } | UploadFailure;

/** A chunk's declared position, from `Content-Range: <start>-<end>`. */
export interface ChunkRange {
  start: number;
  end: number;
}
