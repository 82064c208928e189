/**
 * R2 key layout. Every object the registry writes lives under one of these prefixes:
 *
 *   blobs/<upload-id>            bytes of a blob (a layer, a chart, a config, a provenance file,
 *                                a manifest too big to keep inline in D1), written under the
 *                                id of the upload that produced it.
 *                                The key is fixed when the upload starts (R2 has no rename), so
 *                                D1 `blobs (storage_id, digest) -> r2_key` is what makes it
 *                                content-addressed. An object here that no `blobs` row names is
 *                                an unfinished or losing upload, deleted by its session.
 *   indexes/<repository-id>/<generation>.<yaml|json>.gz
 *                                a repository's rendered index.yaml / index.json, gzipped, valid
 *                                for one index generation (repositories.index_generation).
 *
 * The bucket is the storage's binding (storages.bucket), `BLOBS` for the default storage.
 */

export function uploadObjectKey(uploadId: string): string {
  return `blobs/${uploadId}`;
}

export function indexObjectPrefix(repositoryId: number): string {
  return `indexes/${repositoryId}/`;
}

export function indexObjectKey(
  repositoryId: number,
  generation: number,
  format: 'yaml' | 'json',
): string {
  return `${indexObjectPrefix(repositoryId)}${generation}.${format}.gz`;
}
