/** What a manifest push needs to know (repository, OCI name, references), in one D1 statement. */
import type { OciName } from '../core/names';
import type { Repository } from '../core/repository';
import { blobContent, contentHex, type StoredBlob } from './blob-bytes';
import { REPOSITORY_COLUMNS, toRepository, type RepositoryRow } from './registry-db';

export interface PushContext {
  repository: Repository;
  /** null when the OCI name does not exist yet. */
  nameId: number | null;
  /** Referenced blobs the OCI name does not link, and child manifests it does not hold. */
  missing: string[];
  /** Where the referenced blobs are, by digest (inline bytes only for `readable`). */
  blobs: Map<string, StoredBlob & { size: number }>;
}

/**
 * Everything a manifest push needs to know, in one statement: the repository, the OCI name, which
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
    nameId: row.package_id,
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
