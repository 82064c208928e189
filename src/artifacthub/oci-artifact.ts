/** The `artifacthub.io` OCI artifact of a repository with a listing: its manifest and blobs, made on read. */
import type { ArtifactHubListing } from '../core/artifacthub';
import { digestBytes } from '../core/digest';
import { renderRepoFile } from './repo-file';

export const ARTIFACTHUB_CONFIG_MEDIA_TYPE = 'application/vnd.cncf.artifacthub.config.v1+yaml';
export const ARTIFACTHUB_LAYER_MEDIA_TYPE =
  'application/vnd.cncf.artifacthub.repository-metadata.layer.v1.yaml';
const OCI_MANIFEST = 'application/vnd.oci.image.manifest.v1+json';

/**
 * The config: `{}`, the content image-spec 1.1 gives the empty descriptor ("Guidance for an
 * Empty Descriptor"). Artifact Hub's `oras push --config /dev/null:…` writes zero bytes, but
 * Artifact Hub never reads the config (internal/oci/oci.go PullLayer copies only the layer of
 * the wanted media type) and some registries and clients refuse an empty blob.
 */
const CONFIG = new TextEncoder().encode('{}');

export interface SynthesizedContent {
  digest: string;
  mediaType: string;
  bytes: Uint8Array;
}

export interface ArtifactHubArtifact {
  manifest: SynthesizedContent;
  /** The config and the layer, by digest. */
  blobs: Map<string, SynthesizedContent>;
}

/**
 * The artifact Artifact Hub pulls from the tag `artifacthub.io` of a chart's OCI repository
 * (artifacthub/hub docs/helm_charts_repositories.md "OCI support": the `oras push` it documents;
 * internal/oci/oci.go `PullLayer`: oras-go's Copy of the reference, keeping the first layer of
 * media type `application/vnd.cncf.artifacthub.repository-metadata.layer.v1.yaml`), holding the
 * same `artifacthub-repo.yml` the HTTP repository serves. The layer carries oras's title
 * annotation, so `oras pull` writes it out as `artifacthub-repo.yml`.
 *
 * Made on read rather than stored: the bytes are a pure function of the settings (fixed key
 * order, no timestamps), so the digests stay the same until the settings change and then move
 * with them. Nothing is written when settings change, nothing can get out of step with them,
 * and no cache holds it (the tag is resolved from D1 on every read, and content by digest is
 * recomputed): a changed listing is visible on the next request, an old digest answers unknown.
 */
export async function artifactHubArtifact(
  listing: ArtifactHubListing,
): Promise<ArtifactHubArtifact> {
  const layer = new TextEncoder().encode(renderRepoFile(listing));
  const config: SynthesizedContent = {
    digest: await digestBytes('sha256', CONFIG),
    mediaType: ARTIFACTHUB_CONFIG_MEDIA_TYPE,
    bytes: CONFIG,
  };
  const file: SynthesizedContent = {
    digest: await digestBytes('sha256', layer),
    mediaType: ARTIFACTHUB_LAYER_MEDIA_TYPE,
    bytes: layer,
  };
  const manifest = new TextEncoder().encode(
    JSON.stringify({
      schemaVersion: 2,
      mediaType: OCI_MANIFEST,
      config: { mediaType: config.mediaType, digest: config.digest, size: CONFIG.byteLength },
      layers: [
        {
          mediaType: file.mediaType,
          digest: file.digest,
          size: layer.byteLength,
          annotations: { 'org.opencontainers.image.title': 'artifacthub-repo.yml' },
        },
      ],
    }),
  );
  return {
    manifest: {
      digest: await digestBytes('sha256', manifest),
      mediaType: OCI_MANIFEST,
      bytes: manifest,
    },
    blobs: new Map([
      [config.digest, config],
      [file.digest, file],
    ]),
  };
}

/** The artifact's config or layer with this digest, or null. */
export async function artifactHubBlob(
  listing: ArtifactHubListing,
  digest: string,
): Promise<SynthesizedContent | null> {
  return (await artifactHubArtifact(listing)).blobs.get(digest) ?? null;
}
