/** A chart page in one D1 query: repository facts, the chart's versions, one version and its contents. */
import type { ExtractedFile } from '../core/chart-contents';
import { blobContent } from './blob-bytes';

/** One entry of the versions list, as json_array in chartPageQuery (newest first). */
export type VersionListRow = [
  version: string,
  appVersion: string | null,
  created: string,
  archiveDigest: string,
  deprecated: number,
  signed: number,
  protocol: 'oci' | 'http',
  prereleaseAnnotation: unknown,
];

/** The chosen version's chart_versions columns (JSON columns still as text). */
export interface ChosenVersionRow {
  name: string;
  version: string;
  tag: string;
  api_version: string;
  app_version: string | null;
  description: string | null;
  type: string | null;
  keywords: string | null;
  home: string | null;
  sources: string | null;
  icon: string | null;
  maintainers: string | null;
  dependencies: string | null;
  annotations: string | null;
  deprecated: number;
  kube_version: string | null;
  created: string;
  archive_digest: string;
  archive_size: number;
  prov_digest: string | null;
  prov_key_id: string | null;
  protocol: 'oci' | 'http';
}

/** A dependency (by its index in `dependencies`) that resolves to a chart of this registry. */
export interface LocalDependencyRow {
  index: number;
  storage: string;
  repository: string;
  visibility: string;
}

export interface ChartPageRow {
  repositoryId: number;
  visibility: 'public' | 'private';
  mode: 'hybrid' | 'http' | 'oci';
  bucket: string;
  versions: VersionListRow[];
  /** Null when the chart or the version does not exist. */
  chosen: ChosenVersionRow | null;
  /** Null when the version has no chart_contents row (not extracted yet). */
  contents: {
    files: ExtractedFile[];
    filesOmitted: number;
    annotations: Record<string, string>;
    unreadable?: string;
    inline: Uint8Array | null;
    r2Key: string | null;
  } | null;
  localDependencies: LocalDependencyRow[];
}

export interface ChartPageLookup {
  storage: string;
  repository: string;
  chart: string;
  /** Null: the latest (highest version_sort, as index.yaml orders versions). */
  version: string | null;
  /**
   * The request's origin (`https://host`) and host: a dependency whose repository is
   * `<origin>/repositories/<s>/<r>` or `oci://<host>/<s>/<r>` is local. Null: none is.
   */
  origin: string | null;
  host: string | null;
}

const CHOSEN_COLUMNS = [
  'name',
  'version',
  'tag',
  'api_version',
  'app_version',
  'description',
  'type',
  'keywords',
  'home',
  'sources',
  'icon',
  'maintainers',
  'dependencies',
  'annotations',
  'deprecated',
  'kube_version',
  'created',
  'archive_digest',
  'archive_size',
  'prov_digest',
  'prov_key_id',
  'protocol',
] as const;

/**
 * The one query of a chart page. Every part hangs off the repository row, so an unknown
 * repository is no row at all, and the caller decides access from that same row's visibility
 * (auth/decide.ts) without a second query. The versions list uses chart_versions_order.
 */
const CHART_PAGE_SQL = `
WITH repo AS (
  SELECT r.id, r.visibility, r.mode, s.bucket
  FROM storages s JOIN repositories r ON r.storage_id = s.id
  WHERE s.name = ?1 AND r.name = ?2
),
chosen AS (
  SELECT cv.* FROM chart_versions cv JOIN repo ON cv.repository_id = repo.id
  WHERE cv.name = ?3 AND (?4 IS NULL OR cv.version = ?4)
  ORDER BY cv.version_sort DESC LIMIT 1
)
SELECT repo.id AS repository_id, repo.visibility, repo.mode, repo.bucket,
  (SELECT json_group_array(json_array(v.version, v.app_version, v.created, v.archive_digest,
            v.deprecated, v.prov_digest IS NOT NULL, v.protocol,
            json_extract(v.annotations, '$."artifacthub.io/prerelease"')))
   FROM (SELECT * FROM chart_versions x
         WHERE x.repository_id = repo.id AND x.name = ?3
         ORDER BY x.version_sort DESC) v) AS versions,
  ${CHOSEN_COLUMNS.map((c) => `chosen.${c} AS c_${c}`).join(', ')},
  cc.summary AS cc_summary,
  iif(cc.bodies IS NULL, NULL, hex(cc.bodies)) AS cc_bodies,
  cc.bodies_r2_key AS cc_r2_key,
  cc.bodies_size AS cc_size,
  (SELECT json_group_array(json_object('index', d.key, 'storage', s2.name,
            'repository', r2.name, 'visibility', r2.visibility))
   FROM json_each(chosen.dependencies) d
   JOIN repositories r2 JOIN storages s2 ON s2.id = r2.storage_id
   WHERE ?5 IS NOT NULL
     AND rtrim(lower(json_extract(d.value, '$.repository')), '/') IN
         (?5 || '/repositories/' || s2.name || '/' || r2.name,
          'oci://' || ?6 || '/' || s2.name || '/' || r2.name)
     AND EXISTS (SELECT 1 FROM chart_versions y
                 WHERE y.repository_id = r2.id AND y.name = json_extract(d.value, '$.name'))
  ) AS local_dependencies
FROM repo
LEFT JOIN chosen ON 1
LEFT JOIN chart_contents cc
  ON cc.repository_id = repo.id AND cc.archive_digest = chosen.archive_digest`;

type RawRow = Record<string, unknown> & {
  repository_id: number;
  visibility: 'public' | 'private';
  mode: 'hybrid' | 'http' | 'oci';
  bucket: string;
  versions: string;
  c_name: string | null;
  cc_summary: string | null;
  cc_bodies: string | null;
  cc_r2_key: string | null;
  cc_size: number | null;
  local_dependencies: string | null;
};

/** The chart page's row, or null when the repository does not exist. */
export async function findChartPage(
  db: D1Database,
  lookup: ChartPageLookup,
): Promise<ChartPageRow | null> {
  const row = await db
    .prepare(CHART_PAGE_SQL)
    .bind(
      lookup.storage,
      lookup.repository,
      lookup.chart,
      lookup.version,
      lookup.origin?.toLowerCase() ?? null,
      lookup.host?.toLowerCase() ?? null,
    )
    .first<RawRow>();
  if (!row) return null;
  let chosen: ChosenVersionRow | null = null;
  if (row.c_name !== null) {
    const picked: Record<string, unknown> = {};
    for (const column of CHOSEN_COLUMNS) picked[column] = row[`c_${column}`];
    chosen = picked as unknown as ChosenVersionRow;
  }
  let contents: ChartPageRow['contents'] = null;
  if (chosen && row.cc_summary !== null) {
    const summary = JSON.parse(row.cc_summary) as Omit<
      NonNullable<ChartPageRow['contents']>,
      'inline' | 'r2Key'
    >;
    contents = {
      files: summary.files,
      filesOmitted: summary.filesOmitted,
      annotations: summary.annotations,
      ...(summary.unreadable !== undefined ? { unreadable: summary.unreadable } : {}),
      inline: (row.cc_size ?? 0) > 0 ? blobContent(row.cc_bodies) : null,
      r2Key: row.cc_r2_key,
    };
  }
  return {
    repositoryId: row.repository_id,
    visibility: row.visibility,
    mode: row.mode,
    bucket: row.bucket,
    versions: JSON.parse(row.versions) as VersionListRow[],
    chosen,
    contents,
    localDependencies: chosen
      ? (JSON.parse(row.local_dependencies ?? '[]') as LocalDependencyRow[])
      : [],
  };
}
