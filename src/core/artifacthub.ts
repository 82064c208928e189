/** A repository's Artifact Hub listing settings (migration 0010), as storage reads them and surfaces serve them. */

/** One owner of artifacthub-repo.yml's `owners` (Artifact Hub's ownership claim matches the email). */
export interface ArtifactHubOwner {
  name?: string;
  email: string;
}

/** What `artifacthub-repo.yml` carries for a repository; absent (null) when it is not configured. */
export interface ArtifactHubListing {
  /** The Artifact Hub repository ID (a UUID) the packages are published to. */
  repositoryId: string;
  owners: ArtifactHubOwner[];
}

/**
 * The OCI tag Artifact Hub reads a Helm OCI repository's metadata from (artifacthub/hub
 * docs/helm_charts_repositories.md, "OCI support"): served for every OCI name of a repository
 * with a listing, never a chart version.
 */
export const ARTIFACTHUB_TAG = 'artifacthub.io';
