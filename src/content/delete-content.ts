/** Deleting OCI content (spec: "Deleting blobs", "Deleting manifests"), with its edge cache entries. */
import { RegistryError } from '../errors/registry-error';
import type { ManifestReference } from '../core/names';
import { unlinkBlob } from '../storage/blobs-db';
import { deleteManifest, deleteTag } from '../storage/manifest-writes';
import { findOciName } from '../storage/registry-db';
import type { ContentRequest } from './content-request';
import { purgeContent } from './edge-entries';

async function nameId(req: ContentRequest): Promise<number> {
  const found = await findOciName(req.env.DB, req.name, req.scope);
  if (!found) throw await req.nameUnknown();
  return found.nameId;
}

/** Unlinks blob `digest` from `req.name` (the blob itself goes with garbage collection). */
export async function removeBlob(req: ContentRequest, digest: string): Promise<void> {
  if (!(await unlinkBlob(req.env.DB, await nameId(req), digest))) {
    throw new RegistryError('BLOB_UNKNOWN', { digest });
  }
  await purgeContent(req.origin, [{ name: req.name, kind: 'blobs', digest }]);
}

/** Deletes a tag, or a manifest by digest with its tags (only content by digest is cached). */
export async function removeManifest(
  req: ContentRequest,
  reference: ManifestReference,
): Promise<void> {
  const id = await nameId(req);
  const deleted =
    reference.kind === 'tag'
      ? await deleteTag(req.env.DB, id, reference.tag)
      : await deleteManifest(req.env.DB, id, reference.digest);
  if (!deleted) {
    throw new RegistryError('MANIFEST_UNKNOWN', {
      name: req.name.full,
      reference: reference.kind === 'tag' ? reference.tag : reference.digest,
    });
  }
  if (reference.kind === 'digest') {
    await purgeContent(req.origin, [
      { name: req.name, kind: 'manifests', digest: reference.digest },
    ]);
  }
}
