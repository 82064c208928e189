/** RepositoryGone (a write into a repository deleted meanwhile) and D1's sign of one. */
import { RegistryError } from './registry-error';

/**
 * An upload session outlives its repository, or a lookup remembered for a few seconds
 * (recent/recent-reads.ts) is out of date. D1 enforces the schema's foreign keys, so the write
 * fails whole; every surface answers NAME_UNKNOWN (404).
 */
export class RepositoryGone extends RegistryError {
  override readonly name: string = 'RepositoryGone';

  constructor() {
    super('NAME_UNKNOWN', 'the repository was deleted while this request was writing to it');
  }
}

/** D1's error for a row whose repository, storage or OCI name no longer exists. */
export function isForeignKeyFailure(err: unknown): boolean {
  return err instanceof Error && /FOREIGN KEY constraint failed/.test(err.message);
}
