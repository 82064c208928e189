/** Where a manifest's bytes come from on a GET or HEAD: memory, the edge cache (by digest), D1, R2. */
import { artifactHubArtifact } from '../artifacthub/oci-artifact';
import { ARTIFACTHUB_TAG, type ArtifactHubListing } from '../core/artifacthub';
import { RegistryError } from '../errors/registry-error';
import type { ManifestReference } from '../core/names';
import {
  knownPublic,
  recallManifest,
  rememberBlobs,
  rememberManifest,
  rememberVisibility,
} from '../recent/recent-reads';
import { openManifest } from '../storage/blob-bytes';
import { bucketFor } from '../storage/buckets';
import { findManifest, type ManifestRecord } from '../storage/manifest-lookup';
import type { ContentRequest } from './content-request';
import { contentCacheKey, keptContent, matchContent, type ManifestHead } from './edge-entries';

/** A manifest as a surface describes it, and its bytes (null for HEAD). */
export interface ManifestRead {
  manifest: ManifestHead;
  body: ReadableStream<Uint8Array> | string | null;
}

const referenceText = (reference: ManifestReference) =>
  reference.kind === 'tag' ? reference.tag : reference.digest;

/** A manifest as read: a D1 row, or made on read (the `artifacthub.io` artifact's, never cached). */
type FoundManifest = ManifestRecord & { synthesized?: true };

/**
 * The manifest of the repository's Artifact Hub artifact (artifacthub/oci-artifact.ts) when the
 * reference is the tag `artifacthub.io` (whatever a client pushed under it before the settings
 * were made) or a digest the name does not hold that is the artifact's: the lookup brought the
 * settings in those two cases, so this costs no query.
 */
async function artifactHubManifest(
  listing: ArtifactHubListing | null,
  reference: ManifestReference,
  where: Pick<ManifestRecord, 'bucket' | 'visibility'>,
): Promise<FoundManifest | null> {
  if (!listing) return null;
  const { manifest } = await artifactHubArtifact(listing);
  const named =
    reference.kind === 'tag'
      ? reference.tag === ARTIFACTHUB_TAG
      : reference.digest === manifest.digest;
  if (!named) return null;
  return {
    digest: manifest.digest,
    mediaType: manifest.mediaType,
    size: manifest.bytes.byteLength,
    content: new TextDecoder().decode(manifest.bytes),
    r2Key: null,
    bucket: where.bucket,
    visibility: where.visibility,
    synthesized: true,
  };
}

/** The manifest `reference` names, from D1; what the lookup brought is remembered. */
async function lookupManifest(
  req: ContentRequest,
  reference: ManifestReference,
): Promise<FoundManifest> {
  const { env, name, scope } = req;
  const lookup = await findManifest(env.DB, name, reference, scope);
  if (lookup.found === 'name-unknown') throw await req.nameUnknown();
  const made = await artifactHubManifest(
    lookup.artifactHub,
    reference,
    lookup.found === 'manifest' ? lookup.manifest : lookup,
  );
  if (made) return made;
  if (lookup.found === 'manifest-unknown') {
    throw new RegistryError('MANIFEST_UNKNOWN', {
      name: name.full,
      reference: referenceText(reference),
    });
  }
  rememberVisibility(name, lookup.manifest.visibility);
  rememberManifest(scope, name.full, lookup.manifest);
  rememberBlobs(scope, name.full, lookup.blobs);
  return lookup.manifest;
}

/** The manifest's text when inline in its D1 row, else its blob's R2 object. */
async function openBytes(env: Env, manifest: ManifestRecord): Promise<ReadableStream | string> {
  const body = await openManifest(bucketFor(env, manifest.bucket), manifest);
  if (body === null) throw new RegistryError('MANIFEST_UNKNOWN', { digest: manifest.digest });
  return body;
}

/**
 * Reads the manifest `reference` of `req.name` for a GET or HEAD (spec: "Pulling manifests").
 * 1. Memory, by digest: Helm resolves a tag with a HEAD right before it GETs the manifest by
 *    digest (recent/recent-reads.ts). Text in hand is served without asking the edge cache.
 * 2. The edge cache, by digest only (a tag moves), asked before D1 only while this isolate read
 *    the repository as public in the last seconds.
 * 3. D1: one query resolves a tag, reads the manifest and brings the rows of the blobs it
 *    references, which the pull's blob GETs are then answered from (read-blob.ts).
 * 4. R2 for a manifest too big to be inline. A public manifest by digest is then kept at the edge
 *    (not one made on read, the `artifacthub.io` artifact's: it would outlive its settings).
 */
export async function readManifest(
  req: ContentRequest,
  reference: ManifestReference,
): Promise<ManifestRead> {
  const digest = reference.kind === 'digest' ? reference.digest : null;
  const recent = digest ? recallManifest(req.scope, req.name.full, digest) : null;
  const inHand = recent?.content != null;
  const key = digest && !inHand ? contentCacheKey(req.origin, req.name, 'manifests', digest) : null;
  const askedCache = key !== null && knownPublic(req.name, recent);
  if (askedCache && digest) {
    const hit = await matchContent(key, req.method, digest);
    if (hit) return { manifest: hit.head, body: hit.body };
  }
  const manifest: FoundManifest = recent ?? (await lookupManifest(req, reference));
  if (req.method === 'HEAD') return { manifest, body: null };
  const open = () => openBytes(req.env, manifest);
  const body =
    key && manifest.visibility === 'public' && !manifest.synthesized
      ? await keptContent(key, askedCache, manifest, open)
      : await open();
  return { manifest, body };
}
