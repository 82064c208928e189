/** Manifests, their references and tags in D1. */
import type { OciName } from '../core/names';
import { blobContent, contentHex, type StoredBlob } from './blob-bytes';
import { toBlob, type BlobRecord, type BlobRow } from './blobs-db';
import { visibleRepository, type ReadScope } from './read-scope';
import { relinkChartVersions } from './charts-db';
import {
  REPOSITORY_COLUMNS,
  toRepository,
  type RepositoryRecord,
  type RepositoryRow,
} from './registry-db';

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

interface ManifestRow {
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

/** What a lookup found: the package may be unknown, or known without that manifest. */
export type ManifestLookup =
  | { found: 'name-unknown' }
  | { found: 'manifest-unknown' }
  | { found: 'manifest'; manifest: ManifestRecord; blobs: BlobRecord[] };

function toLookup(row: ManifestRow | null): ManifestLookup {
  if (!row) return { found: 'name-unknown' };
  if (!row.digest) return { found: 'manifest-unknown' };
  const refs = row.refs ? (JSON.parse(row.refs) as Omit<BlobRow, 'bucket' | 'visibility'>[]) : [];
  return {
    found: 'manifest',
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
const PACKAGE_JOIN = `FROM storages s
  JOIN repositories r ON r.storage_id = s.id AND r.name = ?2 AND r.mode <> 'http' AND ${visibleRepository(5)}
  JOIN packages p ON p.repository_id = r.id AND p.name = ?3`;

/**
 * The blobs a found manifest `m` of package `p` references, as a JSON array of blob rows (inline
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

/** Resolves a tag and reads its manifest in one statement. */
export async function findManifestByTag(
  db: D1Database,
  name: OciName,
  tag: string,
  scope: ReadScope,
): Promise<ManifestLookup> {
  const row = await db
    .prepare(
      `SELECT m.digest, m.media_type, m.size, m.content, b.r2_key, s.bucket, r.visibility,
         iif(m.digest IS NULL, NULL, ${REFERENCED_BLOBS}) AS refs
       ${PACKAGE_JOIN}
       LEFT JOIN tags t ON t.package_id = p.id AND t.tag = ?4
       LEFT JOIN manifests m ON m.package_id = p.id AND m.digest = t.manifest_digest
       LEFT JOIN blobs b ON m.content IS NULL AND b.storage_id = s.id AND b.digest = m.digest
       WHERE s.name = ?1`,
    )
    .bind(name.storage, name.repository, name.name, tag, scope)
    .first<ManifestRow>();
  return toLookup(row);
}

export async function findManifestByDigest(
  db: D1Database,
  name: OciName,
  digest: string,
  scope: ReadScope,
): Promise<ManifestLookup> {
  const row = await db
    .prepare(
      `SELECT m.digest, m.media_type, m.size, m.content, b.r2_key, s.bucket, r.visibility,
         iif(m.digest IS NULL, NULL, ${REFERENCED_BLOBS}) AS refs
       ${PACKAGE_JOIN}
       LEFT JOIN manifests m ON m.package_id = p.id AND m.digest = ?4
       LEFT JOIN blobs b ON m.content IS NULL AND b.storage_id = s.id AND b.digest = m.digest
       WHERE s.name = ?1`,
    )
    .bind(name.storage, name.repository, name.name, digest, scope)
    .first<ManifestRow>();
  return toLookup(row);
}

export interface PutManifestInput {
  packageId: number;
  digest: string;
  mediaType: string;
  size: number;
  content: string | null;
  artifactType: string | null;
  subject: string | null;
  annotations: Record<string, string> | null;
  /** Blobs the manifest needs linked in its package (config, layers). */
  blobReferences: string[];
  /** Manifests it needs in its package (an index's children). */
  manifestReferences: string[];
  tag: string | null;
  /** For a Helm chart manifest: its chart layer, and whether it has a provenance layer. */
  chart?: { archiveDigest: string; provenance: boolean } | null;
}

const PROVENANCE_LAYER = 'application/vnd.cncf.helm.chart.provenance.v1.prov';

/**
 * Stores a manifest, its references and optionally a tag pointing at it, atomically, together
 * with `extra` statements (the chart version a chart manifest records).
 */
export async function putManifest(
  db: D1Database,
  input: PutManifestInput,
  extra: D1PreparedStatement[] = [],
): Promise<void> {
  const statements = [
    // Fails the whole batch if a reference disappeared since it was checked (see reference_checks).
    db
      .prepare(
        `INSERT INTO reference_checks (expected, found)
         SELECT ?2 + ?4,
           (SELECT count(*) FROM package_blobs WHERE package_id = ?1 AND digest IN (SELECT value FROM json_each(?3)))
           + (SELECT count(*) FROM manifests WHERE package_id = ?1 AND digest IN (SELECT value FROM json_each(?5)))`,
      )
      .bind(
        input.packageId,
        input.blobReferences.length,
        JSON.stringify(input.blobReferences),
        input.manifestReferences.length,
        JSON.stringify(input.manifestReferences),
      ),
    db.prepare(`DELETE FROM reference_checks`),
    db
      .prepare(
        `INSERT INTO manifests
           (package_id, digest, media_type, size, content, artifact_type, subject, annotations)
         VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)
         ON CONFLICT (package_id, digest) DO NOTHING`,
      )
      .bind(
        input.packageId,
        input.digest,
        input.mediaType,
        input.size,
        input.content,
        input.artifactType,
        input.subject,
        input.annotations ? JSON.stringify(input.annotations) : null,
      ),
    db
      .prepare(
        `INSERT INTO manifest_refs (package_id, manifest_digest, ref_digest)
         SELECT ?1, ?2, value FROM json_each(?3) WHERE true
         ON CONFLICT DO NOTHING`,
      )
      .bind(
        input.packageId,
        input.digest,
        JSON.stringify([...input.blobReferences, ...input.manifestReferences]),
      ),
  ];
  if (input.tag !== null) {
    statements.push(
      db
        .prepare(
          // In an immutable repository a tag carrying a chart archive stays on its manifest when
          // a manifest of the same archive is pushed (GitOps tools watch the digest), unless the
          // new one adds a provenance layer where there was none (publish-chart.ts).
          `INSERT INTO tags (package_id, tag, manifest_digest) VALUES (?1, ?2, ?3)
           ON CONFLICT (package_id, tag)
           DO UPDATE SET manifest_digest = excluded.manifest_digest, updated_at = unixepoch()
           WHERE ?4 IS NULL
              OR (SELECT r.allow_overwrite FROM packages p JOIN repositories r ON r.id = p.repository_id
                  WHERE p.id = ?1) = 1
              OR NOT EXISTS (SELECT 1 FROM manifest_refs mr WHERE mr.package_id = ?1
                             AND mr.manifest_digest = tags.manifest_digest AND mr.ref_digest = ?4)
              OR (?5 = 1 AND NOT EXISTS (
                    SELECT 1 FROM manifests m WHERE m.package_id = ?1 AND m.digest = tags.manifest_digest
                      AND (m.content IS NULL OR EXISTS (
                        SELECT 1 FROM json_each(m.content, '$.layers') l
                        WHERE json_extract(l.value, '$.mediaType') = ?6))))`,
        )
        .bind(
          input.packageId,
          input.tag,
          input.digest,
          input.chart?.archiveDigest ?? null,
          input.chart?.provenance ? 1 : 0,
          PROVENANCE_LAYER,
        ),
    );
  }
  await db.batch([...statements, ...extra]);
}

/** Whether a D1 error is the reference_checks guard of putManifest firing. */
export function isReferenceCheckError(err: unknown): boolean {
  return (
    err instanceof Error &&
    /CHECK constraint failed/.test(err.message) &&
    /found|reference_checks/.test(err.message)
  );
}

/**
 * Deletes a manifest with its tags and references. A chart version it carried moves to another
 * OCI name carrying it (charts-db.ts relinkChartVersions) or leaves with it. Returns false if it
 * was not there.
 */
export async function deleteManifest(
  db: D1Database,
  packageId: number,
  digest: string,
): Promise<boolean> {
  const [, result] = await db.batch([
    relinkChartVersions(
      db,
      packageId,
      'manifest_digest = ?2',
      't.package_id = ?1 AND t.manifest_digest = ?2',
      digest,
    ),
    db
      .prepare(`DELETE FROM manifests WHERE package_id = ?1 AND digest = ?2`)
      .bind(packageId, digest),
  ]);
  return result!.meta.changes > 0;
}

/** Deletes a tag; a chart version linked to it moves to another OCI name carrying it, as above. */
export async function deleteTag(db: D1Database, packageId: number, tag: string): Promise<boolean> {
  const [, result] = await db.batch([
    relinkChartVersions(db, packageId, 'tag = ?2', 't.package_id = ?1 AND t.tag = ?2', tag),
    db.prepare(`DELETE FROM tags WHERE package_id = ?1 AND tag = ?2`).bind(packageId, tag),
  ]);
  return result!.meta.changes > 0;
}

/** Tags in lexical (byte) order after `last`, at most `limit` (all when limit is null). */
export async function listTags(
  db: D1Database,
  packageId: number,
  last: string | null,
  limit: number | null,
): Promise<string[]> {
  const { results } = await db
    .prepare(`SELECT tag FROM tags WHERE package_id = ?1 AND tag > ?2 ORDER BY tag LIMIT ?3`)
    .bind(packageId, last ?? '', limit ?? -1)
    .all<{ tag: string }>();
  return results.map((r) => r.tag);
}

export interface ReferrerRecord {
  digest: string;
  mediaType: string;
  size: number;
  artifactType: string | null;
  annotations: Record<string, string> | null;
}

/** Manifests in the package whose `subject` is `subject`, optionally of one artifact type. */
export async function listReferrers(
  db: D1Database,
  packageId: number,
  subject: string,
  artifactType: string | null,
): Promise<ReferrerRecord[]> {
  const { results } = await db
    .prepare(
      `SELECT digest, media_type, size, artifact_type, annotations FROM manifests
       WHERE package_id = ?1 AND subject = ?2 AND (?3 IS NULL OR artifact_type = ?3)
       ORDER BY digest`,
    )
    .bind(packageId, subject, artifactType)
    .all<{
      digest: string;
      media_type: string;
      size: number;
      artifact_type: string | null;
      annotations: string | null;
    }>();
  return results.map((r) => ({
    digest: r.digest,
    mediaType: r.media_type,
    size: r.size,
    artifactType: r.artifact_type,
    annotations: r.annotations ? (JSON.parse(r.annotations) as Record<string, string>) : null,
  }));
}

/**
 * Full names `<storage>/<repository>/<name>` of packages holding a manifest, in lexical order,
 * in public repositories and in those listed in `readable` (`<storage>/<repository>` or `*`).
 */
export async function listCatalog(
  db: D1Database,
  last: string | null,
  limit: number | null,
  readable: string[],
): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT full FROM (
         SELECT s.name || '/' || r.name || '/' || p.name AS full
         FROM packages p
         JOIN repositories r ON r.id = p.repository_id AND r.mode <> 'http'
         JOIN storages s ON s.id = r.storage_id
         WHERE EXISTS (SELECT 1 FROM manifests m WHERE m.package_id = p.id)
           AND (r.visibility = 'public' OR EXISTS (
             SELECT 1 FROM json_each(?3) WHERE value = '*' OR value = s.name || '/' || r.name))
       ) WHERE full > ?1 ORDER BY full LIMIT ?2`,
    )
    .bind(last ?? '', limit ?? -1, JSON.stringify(readable))
    .all<{ full: string }>();
  return results.map((r) => r.full);
}

/** A manifest of a known package (no protocol filtering), for internal rewrites. */
export async function findManifestInPackage(
  db: D1Database,
  packageId: number,
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
    .bind(packageId, digest)
    .first<{ media_type: string; content: string | null; r2_key: string | null }>();
  return row ? { mediaType: row.media_type, content: row.content, r2Key: row.r2_key } : null;
}

export interface PushContext {
  repository: RepositoryRecord;
  /** null when the package does not exist yet. */
  packageId: number | null;
  /** Referenced blobs the package does not link, and child manifests it does not hold. */
  missing: string[];
  /** Where the referenced blobs are, by digest (inline bytes only for `readable`). */
  blobs: Map<string, StoredBlob & { size: number }>;
}

/**
 * Everything a manifest push needs to know, in one statement: the repository, the package, which
 * references are missing, and where the referenced blobs are (D1 round trips are the cost). The
 * bytes of an inline blob come only for `readable` (the chart and provenance layers the push
 * reads): one D1 value holds at most 2 MB, which a manifest of many inline layers would pass.
 */
export async function findPushContext(
  db: D1Database,
  name: OciName,
  blobs: string[],
  manifests: string[],
  readable: string[],
): Promise<PushContext | null> {
  const row = await db
    .prepare(
      `SELECT ${REPOSITORY_COLUMNS}, p.id AS package_id,
         (SELECT json_group_array(value) FROM json_each(?4)
            WHERE p.id IS NULL OR value NOT IN (SELECT digest FROM package_blobs WHERE package_id = p.id)) AS missing_blobs,
         (SELECT json_group_array(value) FROM json_each(?5)
            WHERE p.id IS NULL OR value NOT IN (SELECT digest FROM manifests WHERE package_id = p.id)) AS missing_manifests,
         (SELECT json_group_array(json_array(b.digest, b.r2_key, b.size, iif(b.digest IN (SELECT value FROM json_each(?6)), ${contentHex('b')}, NULL))) FROM blobs b
            WHERE b.storage_id = s.id AND b.digest IN (SELECT value FROM json_each(?4))) AS blob_keys
       FROM storages s
       JOIN repositories r ON r.storage_id = s.id AND r.name = ?2
       LEFT JOIN packages p ON p.repository_id = r.id AND p.name = ?3
       WHERE s.name = ?1`,
    )
    .bind(
      name.storage,
      name.repository,
      name.name,
      JSON.stringify(blobs),
      JSON.stringify(manifests),
      JSON.stringify(readable),
    )
    .first<
      RepositoryRow & {
        package_id: number | null;
        missing_blobs: string;
        missing_manifests: string;
        blob_keys: string;
      }
    >();
  if (!row) return null;
  const keys = JSON.parse(row.blob_keys) as [string, string, number, string | null][];
  return {
    repository: toRepository(row),
    packageId: row.package_id,
    missing: [
      ...(JSON.parse(row.missing_blobs) as string[]),
      ...(JSON.parse(row.missing_manifests) as string[]),
    ],
    blobs: new Map(
      keys.map(([digest, r2Key, size, hex]) => [
        digest,
        { r2Key, size, content: blobContent(hex) },
      ]),
    ),
  };
}
