/** Writing manifests in D1: a manifest with its references and tag; deleting manifests, tags. */
import { PROVENANCE_LAYER, relinkChartVersions } from './chart-aliases-db';

export interface PutManifestInput {
  nameId: number;
  digest: string;
  mediaType: string;
  size: number;
  content: string | null;
  artifactType: string | null;
  subject: string | null;
  annotations: Record<string, string> | null;
  /** Blobs the manifest needs linked to its OCI name (config, layers). */
  blobReferences: string[];
  /** Manifests it needs under its OCI name (an index's children). */
  manifestReferences: string[];
  tag: string | null;
  /** For a Helm chart manifest: its chart layer, and whether it has a provenance layer. */
  chart?: { archiveDigest: string; provenance: boolean } | null;
}

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
        input.nameId,
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
        input.nameId,
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
        input.nameId,
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
          // new one adds a provenance layer where there was none (helm/publish-chart.ts
          // attachProvenance).
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
          input.nameId,
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
 * OCI name carrying it (chart-aliases-db.ts relinkChartVersions) or leaves with it. Returns false
 * if it was not there.
 */
export async function deleteManifest(
  db: D1Database,
  nameId: number,
  digest: string,
): Promise<boolean> {
  const [, result] = await db.batch([
    relinkChartVersions(
      db,
      nameId,
      'manifest_digest = ?2',
      't.package_id = ?1 AND t.manifest_digest = ?2',
      digest,
    ),
    db.prepare(`DELETE FROM manifests WHERE package_id = ?1 AND digest = ?2`).bind(nameId, digest),
  ]);
  return result!.meta.changes > 0;
}

/** Deletes a tag; a chart version linked to it moves to another OCI name carrying it, as above. */
export async function deleteTag(db: D1Database, nameId: number, tag: string): Promise<boolean> {
  const [, result] = await db.batch([
    relinkChartVersions(db, nameId, 'tag = ?2', 't.package_id = ?1 AND t.tag = ?2', tag),
    db.prepare(`DELETE FROM tags WHERE package_id = ?1 AND tag = ?2`).bind(nameId, tag),
  ]);
  return result!.meta.changes > 0;
}
