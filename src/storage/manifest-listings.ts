/** Listing over OCI in D1: an OCI name's tags, a manifest's referrers, the catalog. */
import { ARTIFACTHUB_TAG } from '../core/artifacthub';

/**
 * Tags in lexical (byte) order after `last`, at most `limit` (all when limit is null). The
 * `artifacthub.io` tag is listed, once, while the repository has an Artifact Hub listing
 * (artifacthub/oci-artifact.ts serves it), whether or not a client pushed one before.
 */
export async function listTags(
  db: D1Database,
  nameId: number,
  last: string | null,
  limit: number | null,
): Promise<string[]> {
  const { results } = await db
    .prepare(
      `SELECT tag FROM (
         SELECT tag FROM tags WHERE package_id = ?1
         UNION
         SELECT ?4 FROM packages p JOIN repositories r ON r.id = p.repository_id
         WHERE p.id = ?1 AND r.artifacthub_repository_id IS NOT NULL)
       WHERE tag > ?2 ORDER BY tag LIMIT ?3`,
    )
    .bind(nameId, last ?? '', limit ?? -1, ARTIFACTHUB_TAG)
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

/** Manifests of the OCI name whose `subject` is `subject`, optionally of one artifact type. */
export async function listReferrers(
  db: D1Database,
  nameId: number,
  subject: string,
  artifactType: string | null,
): Promise<ReferrerRecord[]> {
  const { results } = await db
    .prepare(
      `SELECT digest, media_type, size, artifact_type, annotations FROM manifests
       WHERE package_id = ?1 AND subject = ?2 AND (?3 IS NULL OR artifact_type = ?3)
       ORDER BY digest`,
    )
    .bind(nameId, subject, artifactType)
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
 * Full names `<storage>/<repository>/<name>` of the OCI names holding a manifest, in lexical order,
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
