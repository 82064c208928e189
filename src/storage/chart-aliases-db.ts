/** The OCI names carrying a chart version in D1: deleting a version, relinking it. */

/** Helm's provenance layer media type (helm/oci-chart.ts HELM_MEDIA_TYPES.provenance). */
export const PROVENANCE_LAYER = 'application/vnd.cncf.helm.chart.provenance.v1.prov';

/**
 * The OCI names carrying a chart version (table `cv`, its row): every OCI name of the repository
 * whose last name segment is the chart name (`<chart>` or `<path…>/<chart>`) with the version's
 * tag, and the OCI name the row is linked to. Helm's rule: the OCI name's basename is the chart.
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
  name: string;
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
  return (listed?.results ?? []).map((r) => ({ name: r.package, digest: r.digest }));
}

/**
 * Before the tag a chart version is linked to goes (its manifest or the tag deleted over OCI),
 * links the version to another OCI name carrying the same archive under the same tag, so the
 * version stays in index.yaml while any name carries it. `?1` is the OCI name; `gone` is the SQL
 * condition (on `t`, a tags row) of what is being deleted, with its own parameters from `?2`.
 */
export function relinkChartVersions(
  db: D1Database,
  nameId: number,
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
    .bind(nameId, ...params);
}
