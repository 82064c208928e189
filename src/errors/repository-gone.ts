/**
 * A write into a repository (or storage) deleted after the request found it: an upload session
 * outlives its repository, or a lookup remembered for a few seconds (recent/recent-reads.ts)
 * is out of date. D1 enforces the schema's foreign keys, so the write fails whole; the entry
 * point answers NAME_UNKNOWN on `/v2`, 404 elsewhere.
 */
export class RepositoryGone extends Error {
  constructor() {
    super('the repository was deleted while this request was writing to it');
  }
}

/** D1's error for a row whose repository, storage or package no longer exists. */
export function isForeignKeyFailure(err: unknown): boolean {
  return err instanceof Error && /FOREIGN KEY constraint failed/.test(err.message);
}
