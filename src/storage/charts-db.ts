/** Helm chart versions in D1 (table chart_versions, migrations/0003_chart_versions.sql). */
import type { ChartMetadata } from '../core/chart-metadata';
import { blobContent, contentHex, type StoredBlob } from './blob-bytes';

export interface ChartVersionInput {
  repositoryId: number;
  packageId: number;
  metadata: ChartMetadata;
  tag: string;
  versionSort: string;
  created: string;
  archiveDigest: string;
  archiveSize: number;
  manifestDigest: string;
  provDigest: string | null;
  protocol: 'oci' | 'http';
  indexYaml: string;
  indexJson: string;
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
         prov_digest, protocol, index_yaml, index_json)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18,
               ?19, ?20, ?21, ?22, ?23, ?24, ?25, ?26, ?27)
       ON CONFLICT (repository_id, name, version) DO UPDATE SET
         package_id = excluded.package_id, tag = excluded.tag, api_version = excluded.api_version,
         app_version = excluded.app_version, description = excluded.description,
         type = excluded.type, keywords = excluded.keywords, home = excluded.home,
         sources = excluded.sources, icon = excluded.icon, maintainers = excluded.maintainers,
         dependencies = excluded.dependencies, annotations = excluded.annotations,
         deprecated = excluded.deprecated, kube_version = excluded.kube_version,
         created = excluded.created, archive_digest = excluded.archive_digest,
         archive_size = excluded.archive_size, manifest_digest = excluded.manifest_digest,
         prov_digest = excluded.prov_digest, protocol = excluded.protocol,
         index_yaml = excluded.index_yaml, index_json = excluded.index_json
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
      v.packageId,
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
    );
}

/** Whether a D1 error is the immutability trigger firing. */
export function isImmutableVersionError(err: unknown): boolean {
  return err instanceof Error && err.message.includes('chart version is immutable');
}

export interface StoredChartVersion {
  packageId: number;
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
        packageId: row.package_id,
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

/** Position in the index order (name ascending, version descending), for keyset paging. */
export interface IndexCursor {
  name: string;
  versionSort: string;
}

export interface IndexRow {
  name: string;
  versionSort: string;
  fragment: string;
}

/** One page of index entries after `cursor`, as pre-rendered YAML or JSON fragments. */
export async function listIndexPage(
  db: D1Database,
  repositoryId: number,
  format: 'yaml' | 'json',
  cursor: IndexCursor | null,
  limit: number,
  name: string | null = null,
): Promise<IndexRow[]> {
  const column = format === 'yaml' ? 'index_yaml' : 'index_json';
  const { results } = await db
    .prepare(
      `SELECT name, version_sort, ${column} AS fragment FROM chart_versions
       WHERE repository_id = ?1
         AND (?2 IS NULL OR name > ?2 OR (name = ?2 AND version_sort < ?3))
         AND (?5 IS NULL OR name = ?5)
       ORDER BY name, version_sort DESC
       LIMIT ?4`,
    )
    .bind(repositoryId, cursor?.name ?? null, cursor?.versionSort ?? null, limit, name)
    .all<{ name: string; version_sort: string; fragment: string }>();
  return results.map((r) => ({ name: r.name, versionSort: r.version_sort, fragment: r.fragment }));
}

/**
 * The OCI names carrying a chart version (table `cv`, its row): every package of the repository
 * whose last name segment is the chart name (`<chart>` or `<path…>/<chart>`) with the version's
 * tag, and the package the row is linked to. Helm's rule: the OCI name's basename is the chart.
 */
const ALIASES = `
  SELECT p.id AS package_id, p.name AS package, t.manifest_digest AS digest
  FROM cv JOIN packages p ON p.repository_id = cv.repository_id
    AND (p.name = cv.name OR substr(p.name, -length(cv.name) - 1) = '/' || cv.name)
  JOIN tags t ON t.package_id = p.id AND t.tag = cv.tag
  UNION
  SELECT p.id, p.name, cv.manifest_digest FROM cv JOIN packages p ON p.id = cv.package_id`;

export interface DeletedManifest {
  /** The OCI name after `<storage>/<repository>/`. */
  packageName: string;
  digest: string;
}

/**
 * Deletes a chart version from both protocols: the manifest of every OCI name carrying it goes,
 * which removes their tags and (by cascade) the chart_versions row. Returns what was deleted
 * (empty when the version does not exist), in one transaction.
 */
export async function deleteChartVersion(
  db: D1Database,
  repositoryId: number,
  name: string,
  version: string,
): Promise<DeletedManifest[]> {
  const cv = `WITH cv AS (SELECT repository_id, name, tag, package_id, manifest_digest
    FROM chart_versions WHERE repository_id = ?1 AND name = ?2 AND version = ?3)`;
  const [listed] = await db.batch<{ package_id: number; package: string; digest: string }>([
    db.prepare(`${cv} ${ALIASES}`).bind(repositoryId, name, version),
    db
      .prepare(
        `DELETE FROM manifests WHERE (package_id, digest) IN (${cv} SELECT package_id, digest FROM (${ALIASES}))`,
      )
      .bind(repositoryId, name, version),
  ]);
  return (listed?.results ?? []).map((r) => ({ packageName: r.package, digest: r.digest }));
}

/**
 * Before the tag a chart version is linked to goes (its manifest or the tag deleted over OCI),
 * links the version to another OCI name carrying the same archive under the same tag, so the
 * version stays in index.yaml while any name carries it. `?1` is the package; `gone` is the SQL
 * condition (on `t`, a tags row) of what is being deleted, with its own parameters from `?2`.
 */
export function relinkChartVersions(
  db: D1Database,
  packageId: number,
  linked: string,
  gone: string,
  ...params: unknown[]
): D1PreparedStatement {
  const alias = `FROM tags t JOIN packages p ON p.id = t.package_id
      WHERE p.repository_id = chart_versions.repository_id AND t.tag = chart_versions.tag
        AND (p.name = chart_versions.name
             OR substr(p.name, -length(chart_versions.name) - 1) = '/' || chart_versions.name)
        AND NOT (${gone})
        AND EXISTS (SELECT 1 FROM manifest_refs mr WHERE mr.package_id = t.package_id
                    AND mr.manifest_digest = t.manifest_digest
                    AND mr.ref_digest = chart_versions.archive_digest)`;
  return db
    .prepare(
      `UPDATE chart_versions SET (package_id, manifest_digest, prov_digest) = (
         SELECT t.package_id, t.manifest_digest,
           (SELECT json_extract(l.value, '$.digest') FROM manifests m, json_each(m.content, '$.layers') l
            WHERE m.package_id = t.package_id AND m.digest = t.manifest_digest
              AND json_extract(l.value, '$.mediaType') = '${PROVENANCE_LAYER}')
         ${alias} ORDER BY p.name LIMIT 1)
       WHERE package_id = ?1 AND ${linked} AND EXISTS (SELECT 1 ${alias})`,
    )
    .bind(packageId, ...params);
}

const PROVENANCE_LAYER = 'application/vnd.cncf.helm.chart.provenance.v1.prov';

/** Points a version at a new manifest and provenance file (a `.prov` added after the chart). */
export function setChartProvenance(
  db: D1Database,
  repositoryId: number,
  name: string,
  version: string,
  manifestDigest: string,
  provDigest: string,
): D1PreparedStatement {
  return db
    .prepare(
      `UPDATE chart_versions SET manifest_digest = ?4, prov_digest = ?5
       WHERE repository_id = ?1 AND name = ?2 AND version = ?3`,
    )
    .bind(repositoryId, name, version, manifestDigest, provDigest);
}
