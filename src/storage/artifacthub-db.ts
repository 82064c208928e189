/** A repository's Artifact Hub listing settings in D1 (repositories.artifacthub_*, migration 0010). */
import type { ArtifactHubListing, ArtifactHubOwner } from '../core/artifacthub';

export interface ArtifactHubColumns {
  artifacthub_repository_id: string | null;
  artifacthub_owners: string | null;
}

/** The listing of a row's columns; null when no repository ID is set (not configured). */
export function toArtifactHubListing(row: ArtifactHubColumns): ArtifactHubListing | null {
  if (row.artifacthub_repository_id === null) return null;
  let owners: ArtifactHubOwner[] = [];
  try {
    // Written only by setArtifactHubListing from a validated body.
    const parsed: unknown = JSON.parse(row.artifacthub_owners ?? '[]');
    if (Array.isArray(parsed)) owners = parsed as ArtifactHubOwner[];
  } catch {
    owners = [];
  }
  return { repositoryId: row.artifacthub_repository_id, owners };
}

/** Sets (or with null clears) a repository's listing; the caller validated it. */
export function setArtifactHubListing(
  db: D1Database,
  repositoryId: number,
  listing: ArtifactHubListing | null,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE repositories SET artifacthub_repository_id = ?2, artifacthub_owners = ?3 WHERE id = ?1`,
    )
    .bind(
      repositoryId,
      listing?.repositoryId ?? null,
      listing ? JSON.stringify(listing.owners) : null,
    );
}

/** The listing of a repository by id (the HTTP repository's `artifacthub-repo.yml`). */
export async function findArtifactHubListing(
  db: D1Database,
  repositoryId: number,
): Promise<ArtifactHubListing | null> {
  const row = await db
    .prepare(`SELECT artifacthub_repository_id, artifacthub_owners FROM repositories WHERE id = ?1`)
    .bind(repositoryId)
    .first<ArtifactHubColumns>();
  return row ? toArtifactHubListing(row) : null;
}

/** Whether the repository `<storage>/<repository>` has a listing (a push of the reserved tag is refused). */
export async function hasArtifactHubListing(
  db: D1Database,
  storage: string,
  repository: string,
): Promise<boolean> {
  const row = await db
    .prepare(
      `SELECT 1 AS yes FROM storages s JOIN repositories r ON r.storage_id = s.id
       WHERE s.name = ?1 AND r.name = ?2 AND r.artifacthub_repository_id IS NOT NULL`,
    )
    .bind(storage, repository)
    .first<{ yes: number }>();
  return row !== null;
}
