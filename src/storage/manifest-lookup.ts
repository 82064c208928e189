/** Reading manifests in D1: by tag or digest (one statement), and under a known OCI name. */
import type { ManifestReference, OciName } from '../core/names';
import { contentHex } from './blob-bytes';
import { toBlob, type BlobRecord, type BlobRow } from './blobs-db';
import type { ReadScope } from '../core/read-scope';
import { visibleRepository } from './read-scope';
import { ARTIFACTHUB_TAG, type ArtifactHubListing } from '../core/artifacthub';
import { toArtifactHubListing, type ArtifactHubColumns } from './artifacthub-db';

export interface ManifestRecord {
  digest: string;
  mediaType: string;
  size: number;
  /** The manifest bytes as UTF-8 text when stored inline, otherwise null (bytes are a blob). */
  content: string | null;
  /** R2 key of the blob holding a manifest too big to keep inline. */
  r2Key: string | null;
  bucket: string;
  visibility: 'public' | 'private';
}

interface ManifestRow extends ArtifactHubColumns {
  digest: string | null;
  media_type: string;
  size: number;
  content: string | null;
  r2_key: string | null;
  bucket: string;
  visibility: 'public' | 'private';
  /** JSON array of the blob rows the manifest references (REFERENCED_BLOBS), or null. */
  refs: string | null;
}

/**
 * What a lookup found: the OCI name may be unknown, or known without that manifest. With the
 * repository's Artifact Hub listing (content/read-manifest.ts serves its artifact, which no row
 * holds) when the manifest is unknown or the tag is `artifacthub.io`, where the listing wins.
 */
export type ManifestLookup =
  | { found: 'name-unknown' }
  | {
      found: 'manifest-unknown';
      artifactHub: ArtifactHubListing | null;
      bucket: string;
      visibility: 'public' | 'private';
    }
  | {
      found: 'manifest';
      manifest: ManifestRecord;
      blobs: BlobRecord[];
      artifactHub: ArtifactHubListing | null;
    };

function toLookup(row: ManifestRow | null): ManifestLookup {
  if (!row) return { found: 'name-unknown' };
  if (!row.digest) {
    return {
      found: 'manifest-unknown',
      artifactHub: toArtifactHubListing(row),
      bucket: row.bucket,
      visibility: row.visibility,
    };
  }
  const refs = row.refs ? (JSON.parse(row.refs) as Omit<BlobRow, 'bucket' | 'visibility'>[]) : [];
  return {
    found: 'manifest',
    artifactHub: toArtifactHubListing(row),
    blobs: refs.map((ref) => toBlob({ ...ref, bucket: row.bucket, visibility: row.visibility })),
    manifest: {
      digest: row.digest,
      mediaType: row.media_type,
      size: row.size,
      content: row.content,
      r2Key: row.r2_key,
      bucket: row.bucket,
      visibility: row.visibility,
    },
  };
}

// OCI lookups skip repositories in `http` mode (they serve the Helm HTTP protocol only) and,
// with the `public` read scope (bound at ?5), private ones.
const NAME_JOIN = `FROM storages s
  JOIN repositories r ON r.storage_id = s.id AND r.name = ?2 AND r.mode <> 'http' AND ${visibleRepository(5)}
  JOIN packages p ON p.repository_id = r.id AND p.name = ?3`;

/**
 * The blobs a found manifest `m` of OCI name `p` references, as a JSON array of blob rows (inline
 * bytes as hex): a pull asks for them next, and recent/recent-reads.ts keeps them for that. At most
 * REFERENCED_BLOBS_MAX of them, so the value stays far below D1's 2 MB per value (each inline
 * blob is at most 16 KiB, 32 KiB as hex); a manifest with more references has the rest looked
 * up when asked for.
 */
export const REFERENCED_BLOBS_MAX = 8;
const REFERENCED_BLOBS = `(SELECT json_group_array(json_object('digest', b.digest, 'size', b.size,
      'r2_key', b.r2_key, 'content', ${contentHex('b')}))
    FROM manifest_refs mr
    JOIN package_blobs pb ON pb.package_id = mr.package_id AND pb.digest = mr.ref_digest
    JOIN blobs b ON b.storage_id = s.id AND b.digest = mr.ref_digest
    WHERE mr.rowid IN (SELECT rowid FROM manifest_refs
      WHERE package_id = p.id AND manifest_digest = m.digest LIMIT ${REFERENCED_BLOBS_MAX}))`;

/**
 * The one lookup statement: ?4 is the tag, or NULL for a lookup by the digest at ?6. A NULL tag
 * joins no tag row, so the manifest is the one named by ?6; otherwise the one the tag points at.
 * Both resolve through the same indexes (tags and manifests by OCI name), in one round trip.
 */
const FIND_MANIFEST = `SELECT m.digest, m.media_type, m.size, m.content, b.r2_key, s.bucket, r.visibility,
    iif(m.digest IS NULL, NULL, ${REFERENCED_BLOBS}) AS refs,
    iif(m.digest IS NULL OR ?4 = '${ARTIFACTHUB_TAG}', r.artifacthub_repository_id, NULL)
      AS artifacthub_repository_id,
    iif(m.digest IS NULL OR ?4 = '${ARTIFACTHUB_TAG}', r.artifacthub_owners, NULL)
      AS artifacthub_owners
  ${NAME_JOIN}
  LEFT JOIN tags t ON t.package_id = p.id AND t.tag = ?4
  LEFT JOIN manifests m ON m.package_id = p.id AND m.digest = coalesce(?6, t.manifest_digest)
  LEFT JOIN blobs b ON m.content IS NULL AND b.storage_id = s.id AND b.digest = m.digest
  WHERE s.name = ?1`;

/** Resolves a reference (a tag, or a digest) and reads its manifest in one statement. */
export async function findManifest(
  db: D1Database,
  name: OciName,
  reference: ManifestReference,
  scope: ReadScope,
): Promise<ManifestLookup> {
  const tag = reference.kind === 'tag' ? reference.tag : null;
  const digest = reference.kind === 'digest' ? reference.digest : null;
  const row = await db
    .prepare(FIND_MANIFEST)
    .bind(name.storage, name.repository, name.name, tag, scope, digest)
    .first<ManifestRow>();
  return toLookup(row);
}

/** Resolves a tag and reads its manifest in one statement. */
export function findManifestByTag(
  db: D1Database,
  name: OciName,
  tag: string,
  scope: ReadScope,
): Promise<ManifestLookup> {
  return findManifest(db, name, { kind: 'tag', tag }, scope);
}

export function findManifestByDigest(
  db: D1Database,
  name: OciName,
  digest: string,
  scope: ReadScope,
): Promise<ManifestLookup> {
  return findManifest(db, name, { kind: 'digest', digest }, scope);
}

/** A manifest of a known OCI name (no protocol filtering), for internal rewrites. */
export async function findManifestOfName(
  db: D1Database,
  nameId: number,
  digest: string,
): Promise<{ mediaType: string; content: string | null; r2Key: string | null } | null> {
  const row = await db
    .prepare(
      `SELECT m.media_type, m.content, b.r2_key FROM manifests m
       JOIN packages p ON p.id = m.package_id
       JOIN repositories r ON r.id = p.repository_id
       LEFT JOIN blobs b ON m.content IS NULL AND b.storage_id = r.storage_id AND b.digest = m.digest
       WHERE m.package_id = ?1 AND m.digest = ?2`,
    )
    .bind(nameId, digest)
    .first<{ media_type: string; content: string | null; r2_key: string | null }>();
  return row ? { mediaType: row.media_type, content: row.content, r2Key: row.r2_key } : null;
}
