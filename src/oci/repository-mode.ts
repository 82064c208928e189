/**
 * A repository in `http` mode serves only the Helm HTTP protocol. OCI lookups filter such
 * repositories out in SQL (no extra query on the hot path); when a name turns out unknown, this
 * explains why instead of a bare NAME_UNKNOWN.
 */
import { OciError } from '../errors/oci-error';
import { findRepository, type RepositoryRecord } from '../storage/registry-db';
import type { OciName } from './reference';

function ociDisabled(name: OciName): OciError {
  return new OciError(
    'DENIED',
    `repository ${name.storage}/${name.repository} is in http mode: it serves the Helm HTTP repository only, not OCI`,
  );
}

/** Throws DENIED when the repository does not serve OCI. */
export function assertOciEnabled(repository: RepositoryRecord, name: OciName): void {
  if (repository.mode === 'http') throw ociDisabled(name);
}

/** The error for a name that lookups did not find. */
export async function nameUnknown(db: D1Database, name: OciName): Promise<OciError> {
  const repository = await findRepository(db, name.storage, name.repository);
  if (repository?.mode === 'http') return ociDisabled(name);
  return new OciError('NAME_UNKNOWN', { name: name.full });
}
