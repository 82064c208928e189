/** A repository as requests use it: its record, with its storage's name and bucket. */

/** A repository as the request handlers need it (storage/registry-db.ts reads it from D1). */
export interface Repository {
  /** The storage's name: the first component of every name in the repository. */
  storage: string;
  /** The repository's name within its storage. */
  repository: string;
  storageId: number;
  repositoryId: number;
  bucket: string;
  mode: 'hybrid' | 'http' | 'oci';
  visibility: 'public' | 'private';
  allowOverwrite: boolean;
  /** Moves on every change to the repository's charts; keys the cached index. */
  indexGeneration: number;
  indexUpdatedAt: string;
}
