/** The `artifacthub.io` tag on `/v2`: the Artifact Hub metadata artifact (artifacthub/oci-artifact.ts) beside stored content. */
import { artifactHubArtifact, type SynthesizedContent } from '../artifacthub/oci-artifact';
import { ARTIFACTHUB_TAG } from '../core/artifacthub';
import type { ManifestReference, OciName } from '../core/names';
import type { BlobRead } from '../content/read-blob';
import type { ManifestRead } from '../content/read-manifest';
import { RegistryError } from '../errors/registry-error';
import { parseRangeHeader } from '../http/byte-range';
import { findArtifactHubListingOfName, hasArtifactHubListing } from '../storage/artifacthub-db';
import type { OciContext } from './context';

type Found = { content: SynthesizedContent; visibility: 'public' | 'private' };

/** The repository's artifact, when `name` is visible to the caller and its repository has a listing. */
async function artifactOf(c: OciContext, name: OciName) {
  const listing = await findArtifactHubListingOfName(c.env.DB, name, c.var.readScope);
  if (!listing) return null;
  return { artifact: await artifactHubArtifact(listing), visibility: listing.visibility };
}

async function manifestOf(
  c: OciContext,
  name: OciName,
  reference: ManifestReference,
): Promise<Found | null> {
  const found = await artifactOf(c, name);
  if (!found) return null;
  const { manifest } = found.artifact;
  const matches =
    reference.kind === 'tag'
      ? reference.tag === ARTIFACTHUB_TAG
      : reference.digest === manifest.digest;
  return matches ? { content: manifest, visibility: found.visibility } : null;
}

const isCode = (err: unknown, code: string) => err instanceof RegistryError && err.code === code;

/**
 * A manifest GET/HEAD (spec "Pulling manifests"): the tag `artifacthub.io` of a repository with
 * a listing is the artifact, whatever a client pushed under that tag before the listing was set
 * (one D1 query, for that tag only). Any other reference is `read()`'s; only a digest it does not
 * know is then compared with the artifact's, so stored content costs nothing more.
 */
export async function readManifestOrArtifact(
  c: OciContext,
  name: OciName,
  reference: ManifestReference,
  read: () => Promise<ManifestRead>,
): Promise<ManifestRead> {
  if (reference.kind === 'tag' && reference.tag === ARTIFACTHUB_TAG) {
    const found = await manifestOf(c, name, reference);
    if (found) return manifestRead(c, found);
    return read();
  }
  try {
    return await read();
  } catch (err) {
    if (reference.kind !== 'digest' || !isCode(err, 'MANIFEST_UNKNOWN')) throw err;
    const found = await manifestOf(c, name, reference);
    if (!found) throw err;
    return manifestRead(c, found);
  }
}

function manifestRead(c: OciContext, { content, visibility }: Found): ManifestRead {
  return {
    manifest: {
      digest: content.digest,
      size: content.bytes.byteLength,
      mediaType: content.mediaType,
      visibility,
    },
    body: c.req.method === 'HEAD' ? null : new TextDecoder().decode(content.bytes),
  };
}

/**
 * A blob GET/HEAD (spec "Pulling blobs"): `read()`'s, else, for a digest it does not know, the
 * artifact's config or layer, with a single `Range` honoured as for stored blobs.
 */
export async function readBlobOrArtifact(
  c: OciContext,
  name: OciName,
  digest: string,
  rangeHeader: string | undefined,
  read: () => Promise<BlobRead>,
): Promise<BlobRead> {
  try {
    return await read();
  } catch (err) {
    if (!isCode(err, 'BLOB_UNKNOWN')) throw err;
    const found = await artifactOf(c, name);
    const content = found?.artifact.blobs.get(digest);
    if (!found || !content) throw err;
    return blobRead(c, content, found.visibility, rangeHeader);
  }
}

function blobRead(
  c: OciContext,
  content: SynthesizedContent,
  visibility: 'public' | 'private',
  rangeHeader: string | undefined,
): BlobRead {
  const size = content.bytes.byteLength;
  const blob = { digest: content.digest, size, visibility };
  const range = parseRangeHeader(rangeHeader, size);
  if (range.kind === 'unsatisfiable') {
    throw new RegistryError(
      'RANGE_NOT_SATISFIABLE',
      `range not satisfiable for a blob of ${size} bytes`,
      {
        'Content-Range': `bytes */${size}`,
      },
    );
  }
  const part = range.kind === 'partial' ? { offset: range.offset, length: range.length } : null;
  if (c.req.method === 'HEAD') return { blob, range: null, body: null };
  const bytes = part ? content.bytes.slice(part.offset, part.offset + part.length) : content.bytes;
  return { blob, range: part, body: new Blob([bytes]).stream() };
}

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
