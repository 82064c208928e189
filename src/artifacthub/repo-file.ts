/** `artifacthub-repo.yml`, the Artifact Hub repository metadata file, rendered from a repository's listing. */
import { stringify } from 'yaml';
import type { ArtifactHubListing } from '../core/artifacthub';

const HEADER =
  '# Artifact Hub repository metadata: https://github.com/artifacthub/hub/blob/master/docs/metadata/artifacthub-repo.yml\n';

/**
 * The file as Artifact Hub documents it (artifacthub/hub docs/metadata/artifacthub-repo.yml):
 * `repositoryID` (enables the verified publisher badge) and `owners` (`name`, `email`: the
 * ownership claim). It is rendered by the `yaml` package, so whatever the settings hold is
 * quoted as YAML needs; the same bytes for the same settings, so the OCI artifact's digests
 * (oci-artifact.ts) move only when the settings do. `ignore` is not offered.
 */
export function renderRepoFile(listing: ArtifactHubListing): string {
  const document = {
    repositoryID: listing.repositoryId,
    ...(listing.owners.length
      ? {
          owners: listing.owners.map((o) => ({
            ...(o.name !== undefined ? { name: o.name } : {}),
            email: o.email,
          })),
        }
      : {}),
  };
  return HEADER + stringify(document, { lineWidth: 0 });
}
