/** Pushes of the `artifacthub.io` tag on `/v2` (reads are content/read-manifest.ts's, which serves the registry's artifact). */
import { ARTIFACTHUB_TAG } from '../core/artifacthub';
import type { ManifestReference, OciName } from '../core/names';
import { RegistryError } from '../errors/registry-error';
import { hasArtifactHubListing } from '../storage/artifacthub-db';
import type { OciContext } from './context';

/**
 * Refuses a push of the tag `artifacthub.io` where the registry serves it from the repository's
 * listing (it would be shadowed): the settings are the one source. Where no listing is set, the
 * tag is a client's to push (`oras push …:artifacthub.io`, as Artifact Hub documents) and is
 * served like any other.
 */
export async function assertTagNotReserved(
  c: OciContext,
  name: OciName,
  reference: ManifestReference,
): Promise<void> {
  if (reference.kind !== 'tag' || reference.tag !== ARTIFACTHUB_TAG) return;
  if (!(await hasArtifactHubListing(c.env.DB, name.storage, name.repository))) return;
  throw new RegistryError(
    'TAG_RESERVED',
    `the tag ${ARTIFACTHUB_TAG} of ${name.storage}/${name.repository} is served from the repository's Artifact Hub settings: change them with the admin API (PATCH /api/repositories/<id> {"artifactHub": …}) instead of pushing the tag`,
  );
}
