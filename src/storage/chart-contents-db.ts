/** Chart versions' extracted contents in D1 (migrations/0009_chart_contents.sql): write, read. */
import type { ChartContents, ExtractedFile } from '../core/chart-contents';
import { toHex } from '../core/digest';
import { blobContent, contentFromHex, contentHex, type StoredBlob } from './blob-bytes';

/** Bodies up to this size stay in the D1 row (as blobs do, blob-bytes.ts); larger go to R2. */
export const INLINE_BODIES_LIMIT = 16 * 1024;

/** The summary row of one archive; `bodies` inline, or `bodiesR2Key` (r2-keys.ts chartBodiesKey). */
export interface StoredChartContents {
  files: ExtractedFile[];
  filesOmitted: number;
  annotations: Record<string, string>;
  unreadable?: string;
  bodies: Uint8Array | null;
  bodiesR2Key: string | null;
  bodiesSize: number;
}

/**
 * The row for an archive's contents; an archive already extracted keeps its row (the contents
 * are a function of the archive's bytes), so it joins any publish batch as one more statement.
 */
export function insertChartContents(
  db: D1Database,
  repositoryId: number,
  archiveDigest: string,
  contents: ChartContents,
  bodiesR2Key: string | null,
): D1PreparedStatement {
  const summary = JSON.stringify({
    files: contents.files,
    filesOmitted: contents.filesOmitted,
    annotations: contents.annotations,
    unreadable: contents.unreadable,
  });
  const inline = bodiesR2Key === null && contents.bodies.byteLength > 0;
  return db
    .prepare(
      `INSERT INTO chart_contents
         (repository_id, archive_digest, summary, bodies, bodies_r2_key, bodies_size)
       VALUES (?1, ?2, ?3, ${contentFromHex(4)}, ?5, ?6)
       ON CONFLICT (repository_id, archive_digest) DO NOTHING`,
    )
    .bind(
      repositoryId,
      archiveDigest,
      summary,
      inline ? toHex(contents.bodies) : null,
      bodiesR2Key,
      contents.bodies.byteLength,
    );
}

/** An archive's extracted contents, or null when it was not extracted (yet). */
export async function findChartContents(
  db: D1Database,
  repositoryId: number,
  archiveDigest: string,
): Promise<StoredChartContents | null> {
  const row = await db
    .prepare(
      `SELECT summary, iif(bodies IS NULL, NULL, hex(bodies)) AS bodies, bodies_r2_key, bodies_size
       FROM chart_contents WHERE repository_id = ?1 AND archive_digest = ?2`,
    )
    .bind(repositoryId, archiveDigest)
    .first<{
      summary: string;
      bodies: string | null;
      bodies_r2_key: string | null;
      bodies_size: number;
    }>();
  if (!row) return null;
  const summary = JSON.parse(row.summary) as Pick<
    StoredChartContents,
    'files' | 'filesOmitted' | 'annotations' | 'unreadable'
  >;
  return {
    ...summary,
    bodies: row.bodies_size > 0 ? blobContent(row.bodies) : null,
    bodiesR2Key: row.bodies_r2_key,
    bodiesSize: row.bodies_size,
  };
}

/** A stored chart archive not extracted yet, with the blob holding it (for the backfill). */
export interface UnextractedArchive extends StoredBlob {
  repositoryId: number;
  archiveDigest: string;
  bucket: string;
}

/**
 * Up to `limit` archives of chart versions that have no chart_contents row: those stored before
 * extraction existed. Each run takes the next ones, so the backfill resumes wherever it stopped.
 */
export async function findUnextractedArchives(
  db: D1Database,
  limit: number,
): Promise<UnextractedArchive[]> {
  const { results } = await db
    .prepare(
      `SELECT DISTINCT cv.repository_id, cv.archive_digest, s.bucket, b.r2_key,
              ${contentHex('b')} AS content
       FROM chart_versions cv
       JOIN repositories r ON r.id = cv.repository_id
       JOIN storages s ON s.id = r.storage_id
       JOIN blobs b ON b.storage_id = r.storage_id AND b.digest = cv.archive_digest
       WHERE NOT EXISTS (SELECT 1 FROM chart_contents cc
                         WHERE cc.repository_id = cv.repository_id
                           AND cc.archive_digest = cv.archive_digest)
       LIMIT ?1`,
    )
    .bind(limit)
    .all<{
      repository_id: number;
      archive_digest: string;
      bucket: string;
      r2_key: string;
      content: string | null;
    }>();
  return results.map((row) => ({
    repositoryId: row.repository_id,
    archiveDigest: row.archive_digest,
    bucket: row.bucket,
    r2Key: row.r2_key,
    content: blobContent(row.content),
  }));
}
