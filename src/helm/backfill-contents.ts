/** Extracts the page contents of chart versions stored before extraction existed, a few per Cron run. */
import type { ChartContents } from '../core/chart-contents';
import { openBlobContent, readBlobBytes } from '../storage/blob-reads';
import {
  findUnreadProvenance,
  setProvenanceKeyId,
  type UnreadProvenance,
} from '../storage/chart-versions-db';
import { findUnextractedArchives, type UnextractedArchive } from '../storage/chart-contents-db';
import { chartContentsStatement } from '../storage/chart-contents-objects';
import { readChartArchive, readChartBytes } from './chart-archive';
import { ChartInvalid } from './chart-error';
import { recordedKeyId } from './prov-key-id';
import { MAX_PROVENANCE_SIZE } from './provenance';

/**
 * Archives read per run: each is read under chart-archive.ts's caps (at most 100 MiB unpacked),
 * so a run stays well inside a Cron Trigger's limits; a repository of 20,000 versions is covered
 * in 800 runs. Resumable by construction: a run takes the versions that still have no row.
 */
export const BACKFILL_PER_RUN = 25;

/**
 * `.prov` files read per run for their signing key id (versions stored before migration 0010):
 * each is at most MAX_PROVENANCE_SIZE (1 MiB) and usually one D1-inline row, so 100 a run is
 * light; 20,000 signed versions are covered in 200 runs.
 */
export const PROV_KEY_IDS_PER_RUN = 100;

const unreadable = (why: string): ChartContents => ({
  files: [],
  filesOmitted: 0,
  annotations: {},
  unreadable: why,
  bodies: new Uint8Array(0),
});

async function extract(env: Env, archive: UnextractedArchive): Promise<ChartContents> {
  const body = await openBlobContent(env, archive.bucket, archive);
  if (!body) return unreadable('the archive is missing from storage');
  try {
    // Accepted once, so read as leniently as then: a plain tar was Helm's earliest OCI layer.
    const options = { gzipOnly: false };
    const read =
      body instanceof Uint8Array
        ? await readChartBytes(body, options)
        : await readChartArchive(body, options);
    return read.contents;
  } catch (err) {
    // An archive today's reader refuses gets an empty row, so it does not stall the backfill.
    if (err instanceof ChartInvalid) return unreadable(err.message);
    throw err;
  }
}

/** The key id to record for a stored `.prov`: '' when it is gone or unreadable, so it is not retried. */
async function keyIdOf(env: Env, prov: UnreadProvenance): Promise<string> {
  if (prov.size === null || prov.size > MAX_PROVENANCE_SIZE) return '';
  const bytes = await readBlobBytes(env, prov.bucket, prov);
  return bytes ? recordedKeyId(bytes) : '';
}

/** One run's share of the key id backfill: up to `limit` versions, in one D1 batch. */
export async function backfillProvenanceKeyIds(
  env: Env,
  limit = PROV_KEY_IDS_PER_RUN,
): Promise<number> {
  const pending = await findUnreadProvenance(env.DB, limit);
  const statements: D1PreparedStatement[] = [];
  for (const prov of pending) {
    const keyId = await keyIdOf(env, prov);
    statements.push(
      setProvenanceKeyId(
        env.DB,
        prov.repositoryId,
        prov.name,
        prov.version,
        prov.provDigest,
        keyId,
      ),
    );
  }
  if (statements.length) await env.DB.batch(statements);
  return statements.length;
}

/**
 * One run: extracts up to `limit` archives and records them in one D1 batch, then reads the
 * signing key id of up to `provLimit` `.prov` files that have none yet.
 */
export async function backfillChartContents(
  env: Env,
  limit = BACKFILL_PER_RUN,
  provLimit = PROV_KEY_IDS_PER_RUN,
): Promise<{ extracted: number; provKeyIds: number }> {
  const pending = await findUnextractedArchives(env.DB, limit);
  const statements: D1PreparedStatement[] = [];
  for (const archive of pending) {
    const contents = await extract(env, archive);
    statements.push(
      await chartContentsStatement(
        env,
        archive.bucket,
        archive.repositoryId,
        archive.archiveDigest,
        contents,
      ),
    );
  }
  if (statements.length) await env.DB.batch(statements);
  return {
    extracted: statements.length,
    provKeyIds: await backfillProvenanceKeyIds(env, provLimit),
  };
}
