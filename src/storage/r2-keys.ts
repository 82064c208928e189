/** The R2 key layout: `blobs/<upload-id>`, `blobs/w/<hour>/<uuid>`, `indexes/<repository-id>/…`, `contents/…`, `gc/…`. */

/**
 * `blobs/<upload-id>`: bytes of a blob (a layer, a chart, a config, a provenance file, a manifest
 * too big to keep inline in D1), written under the id of the upload that produced it. The key is
 * fixed when the upload starts (R2 has no rename), so D1 `blobs (storage_id, digest) -> r2_key` is
 * what makes it content-addressed. An object here that no `blobs` row names is an unfinished or
 * losing upload, deleted by its session.
 *
 * Every key of this file is in the storage's own bucket (storages.bucket, `BLOBS` for the default
 * storage; storage/buckets.ts).
 */
export function uploadObjectKey(uploadId: string): string {
  return `blobs/${uploadId}`;
}

/**
 * The prefix of the Worker-written objects of the UTC hour that `atMs` falls in:
 * `blobs/w/<yyyy-mm-ddThh>/`. The Worker itself writes there (a whole-blob PUT, an HTTP chart
 * upload) under the hour it wrote: a Worker killed between the write and its D1 commit leaves an
 * object nothing deletes, and garbage collection finds it by listing the hours just past the
 * grace period (gc/orphan-objects.ts), at no cost to the upload itself.
 */
export function writtenObjectPrefix(atMs: number): string {
  return `blobs/w/${new Date(atMs).toISOString().slice(0, 13)}/`;
}

/** A fresh key, `blobs/w/<yyyy-mm-ddThh>/<uuid>`, for bytes the Worker writes now, uncommitted. */
export function writtenObjectKey(atMs = Date.now()): string {
  return `${writtenObjectPrefix(atMs)}${crypto.randomUUID().replaceAll('-', '')}`;
}

/** The prefix of a repository's rendered indexes (indexObjectKey). */
export function indexObjectPrefix(repositoryId: number): string {
  return `indexes/${repositoryId}/`;
}

/**
 * `indexes/<repository-id>/<generation>.<yaml|json>.gz`: a repository's rendered index.yaml /
 * index.json, gzipped, valid for one index generation (repositories.index_generation).
 */
export function indexObjectKey(
  repositoryId: number,
  generation: number,
  format: 'yaml' | 'json',
): string {
  return `${indexObjectPrefix(repositoryId)}${generation}.${format}.gz`;
}

/**
 * `contents/<repository-id>/<archive-digest-hex>`: the extracted bodies of a chart archive too big
 * to keep inline in D1 (chart_contents.bodies_r2_key, migrations/0009_chart_contents.sql): one
 * object per archive, its files back to back, each found by the summary's offset and length (a
 * range read). Written before the D1 row; the same archive writes the same bytes again.
 */
export function chartBodiesKey(repositoryId: number, archiveDigest: string): string {
  return `contents/${repositoryId}/${archiveDigest.replace(/^sha256:/, '')}`;
}

/** The prefix of every archive's bodies object (chartBodiesKey). */
export const CHART_BODIES_PREFIX = 'contents/';

/** The repository and archive a chartBodiesKey names; null for any other key. */
export function parseChartBodiesKey(
  key: string,
): { repositoryId: number; archiveDigest: string } | null {
  const match = /^contents\/([1-9][0-9]{0,15})\/([0-9a-f]{64})$/.exec(key);
  return match ? { repositoryId: Number(match[1]), archiveDigest: `sha256:${match[2]}` } : null;
}

/**
 * `gc/<name>`: where garbage collection keeps its place in a listing between runs (the last key
 * it looked at), so runs that each stop after a few pages still get through every object.
 */
export function gcMarkerKey(name: string): string {
  return `gc/${name}`;
}
