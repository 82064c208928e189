/** Helm chart versions in D1 (migrations/0003_chart_versions.sql): write, find, re-point. */
import type { ChartContents } from '../core/chart-contents';
import type { ChartMetadata } from '../core/chart-metadata';
import { blobContent, contentHex, type StoredBlob } from './blob-bytes';

export interface ChartVersionInput {
  repositoryId: number;
  nameId: number;
  metadata: ChartMetadata;
  tag: string;
  versionSort: string;
  created: string;
  archiveDigest: string;
  archiveSize: number;
  manifestDigest: string;
  provDigest: string | null;
  /** The `.prov` signature's key id (helm/prov-key-id.ts): null without one, '' when unreadable. */
  provKeyId: string | null;
  protocol: 'oci' | 'http';
  indexYaml: string;
  indexJson: string;
  /** What a chart page shows, recorded beside the version (chart-contents-objects.ts). */
  contents: ChartContents;
}

const json = (value: unknown) => (value === undefined ? null : JSON.stringify(value));

/**
 * Inserts or updates a chart version. An update that changes the archive is refused by the
 * `chart_versions_immutable` trigger unless the repository allows overwrite. In an immutable
 * repository the version keeps the manifest it was published with: a push of the same archive
 * in another manifest (other config bytes, or under a second OCI name) changes nothing, except a
 * manifest adding a provenance layer to a version that had none, at the version's own OCI name.
 * An identical re-upload changes nothing (so the index generation does not move).
 */
export function upsertChartVersion(db: D1Database, v: ChartVersionInput): D1PreparedStatement {
  const m = v.metadata;
  return db
    .prepare(
      `INSERT INTO chart_versions (
         repository_id, package_id, name, version, tag, version_sort, api_version, app_version,
         description, type, keywords, home, sources, icon, maintainers, dependencies, annotations,
         deprecated, kube_version, created, archive_digest, archive_size, manifest_digest,
         prov_digest, protocol, index_yaml, index_json, prov_key_id)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
               ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27, ?28)
       ON CONFLICT (repository_id, name, version) DO UPDATE SET
         package_id = excluded.package_id, tag = excluded.tag, api_version = excluded.api_version,
         app_version = excluded.app_version, description = excluded.description,
         type = excluded.type, keywords = excluded.keywords, home = excluded.home,
         sources = excluded.sources, icon = excluded.icon, maintainers = excluded.maintainers,
         dependencies = excluded.dependencies, annotations = excluded.annotations,
         deprecated = excluded.deprecated, kube_version = excluded.kube_version,
         created = excluded.created, archive_digest = excluded.archive_digest,
         archive_size = excluded.archive_size, manifest_digest = excluded.manifest_digest,
         prov_digest = excluded.prov_digest, prov_key_id = excluded.prov_key_id,
         protocol = excluded.protocol, index_yaml = excluded.index_yaml, index_json = excluded.index_json
       WHERE chart_versions.archive_digest <> excluded.archive_digest
          OR ((chart_versions.manifest_digest <> excluded.manifest_digest
               OR chart_versions.prov_digest IS NOT excluded.prov_digest)
              AND ((SELECT allow_overwrite FROM repositories WHERE id = excluded.repository_id) = 1
                   OR (chart_versions.package_id = excluded.package_id
                       AND chart_versions.prov_digest IS NULL
                       AND excluded.prov_digest IS NOT NULL)))`,
    )
    .bind(
      v.repositoryId,
      v.nameId,
      m.name,
      m.version,
      v.tag,
      v.versionSort,
      m.apiVersion,
      m.appVersion ?? null,
      m.description ?? null,
      m.type ?? null,
      json(m.keywords),
      m.home ?? null,
      json(m.sources),
      m.icon ?? null,
      json(m.maintainers),
      json(m.dependencies),
      json(m.annotations),
      m.deprecated ? 1 : 0,
      m.kubeVersion ?? null,
      v.created,
      v.archiveDigest,
      v.archiveSize,
      v.manifestDigest,
      v.provDigest,
      v.protocol,
      v.indexYaml,
      v.indexJson,
      v.provKeyId,
    );
}

/** Whether a D1 error is the immutability trigger firing. */
export function isImmutableVersionError(err: unknown): boolean {
  return err instanceof Error && err.message.includes('chart version is immutable');
}

export interface StoredChartVersion {
  nameId: number;
  tag: string;
  created: string;
  archiveDigest: string;
  manifestDigest: string;
  provDigest: string | null;
  indexJson: string;
}

export async function findChartVersion(
  db: D1Database,
  repositoryId: number,
  name: string,
  version: string,
): Promise<StoredChartVersion | null> {
  const row = await db
    .prepare(
      `SELECT package_id, tag, created, archive_digest, manifest_digest, prov_digest, index_json
       FROM chart_versions WHERE repository_id = ?1 AND name = ?2 AND version = ?3`,
    )
    .bind(repositoryId, name, version)
    .first<{
      package_id: number;
      tag: string;
      created: string;
      archive_digest: string;
      manifest_digest: string;
      prov_digest: string | null;
      index_json: string;
    }>();
  return row
    ? {
        nameId: row.package_id,
        tag: row.tag,
        created: row.created,
        archiveDigest: row.archive_digest,
        manifestDigest: row.manifest_digest,
        provDigest: row.prov_digest,
        indexJson: row.index_json,
      }
    : null;
}

/** The newest version of a chart (ChartMuseum's `latest`). */
export async function findLatestChartVersion(
  db: D1Database,
  repositoryId: number,
  name: string,
): Promise<string | null> {
  const row = await db
    .prepare(
      `SELECT version FROM chart_versions WHERE repository_id = ?1 AND name = ?2
       ORDER BY version_sort DESC LIMIT 1`,
    )
    .bind(repositoryId, name)
    .first<{ version: string }>();
  return row?.version ?? null;
}

/** A file of a chart version, for downloads: where its bytes are and how big they are. */
export interface ChartFile extends StoredBlob {
  digest: string;
  size: number;
}

/** The archive (`kind: 'archive'`) or provenance file of a version, with the blob holding it. */
export async function findChartFile(
  db: D1Database,
  repositoryId: number,
  storageId: number,
  name: string,
  version: string,
  kind: 'archive' | 'prov',
): Promise<ChartFile | null> {
  const column = kind === 'archive' ? 'cv.archive_digest' : 'cv.prov_digest';
  const row = await db
    .prepare(
      `SELECT b.digest, b.size, b.r2_key, ${contentHex('b')} AS content FROM chart_versions cv
       JOIN blobs b ON b.storage_id = ?2 AND b.digest = ${column}
       WHERE cv.repository_id = ?1 AND cv.name = ?3 AND cv.version = ?4`,
    )
    .bind(repositoryId, storageId, name, version)
    .first<{ digest: string; size: number; r2_key: string; content: string | null }>();
  if (!row) return null;
  return {
    digest: row.digest,
    size: row.size,
    r2Key: row.r2_key,
    content: blobContent(row.content),
  };
}

/** Points a version at a new manifest and provenance file (a `.prov` added after the chart). */
export function setChartProvenance(
  db: D1Database,
  repositoryId: number,
  name: string,
  version: string,
  manifestDigest: string,
  provDigest: string,
  provKeyId: string | null,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE chart_versions SET manifest_digest = ?4, prov_digest = ?5, prov_key_id = ?6
       WHERE repository_id = ?1 AND name = ?2 AND version = ?3`,
    )
    .bind(repositoryId, name, version, manifestDigest, provDigest, provKeyId);
}

/** A version's `.prov` whose key id was never read (stored before migration 0010), with its blob. */
export interface UnreadProvenance extends StoredBlob {
  repositoryId: number;
  name: string;
  version: string;
  provDigest: string;
  bucket: string;
  /** The blob's size; null when its row is gone. */
  size: number | null;
}

/**
 * Up to `limit` versions with a `.prov` and no key id yet. The backfill stores '' for a file it
 * cannot read, so each version is taken once and every run resumes where the last one stopped.
 */
export async function findUnreadProvenance(
  db: D1Database,
  limit: number,
): Promise<UnreadProvenance[]> {
  const { results } = await db
    .prepare(
      `SELECT cv.repository_id, cv.name, cv.version, cv.prov_digest, s.bucket, b.r2_key, b.size,
              ${contentHex('b')} AS content
       FROM chart_versions cv
       JOIN repositories r ON r.id = cv.repository_id
       JOIN storages s ON s.id = r.storage_id
       LEFT JOIN blobs b ON b.storage_id = r.storage_id AND b.digest = cv.prov_digest
       WHERE cv.prov_digest IS NOT NULL AND cv.prov_key_id IS NULL
       LIMIT ?1`,
    )
    .bind(limit)
    .all<{
      repository_id: number;
      name: string;
      version: string;
      prov_digest: string;
      bucket: string;
      r2_key: string | null;
      size: number | null;
      content: string | null;
    }>();
  return results.map((row) => ({
    repositoryId: row.repository_id,
    name: row.name,
    version: row.version,
    provDigest: row.prov_digest,
    bucket: row.bucket,
    size: row.size,
    r2Key: row.r2_key ?? '',
    content: blobContent(row.content),
  }));
}

/** Records the key id read from a version's `.prov` ('' when unreadable), unless the file changed since. */
export function setProvenanceKeyId(
  db: D1Database,
  repositoryId: number,
  name: string,
  version: string,
  provDigest: string,
  keyId: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE chart_versions SET prov_key_id = ?5
       WHERE repository_id = ?1 AND name = ?2 AND version = ?3 AND prov_digest = ?4`,
    )
    .bind(repositoryId, name, version, provDigest, keyId);
}
