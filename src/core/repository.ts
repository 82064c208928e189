/** A repository as requests use it: the stored record, and the one a Helm request names. */

/** A repository as the request handlers need it, with its storage's bucket. */
export interface RepositoryRecord {
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

/** The repository a `/repositories/<storage>/<repository>/…` request addresses. */
export interface RepositoryRef {
  storage: string;
  repository: string;
  record: RepositoryRecord;
}
