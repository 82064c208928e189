/** Mark-and-sweep of unreferenced blobs and chart contents, run by the Cron Trigger (wrangler.toml `[triggers]`). */
import { bucketFor } from '../storage/buckets';
import { deleteObjects } from '../storage/r2-objects';
import { uploadTtlSeconds } from '../uploads/session-state';
import { deleteOrphanContents, sweepContentRows } from './orphan-contents';
import { deleteOrphanObjects } from './orphan-objects';
import {
  dropEmptyNames,
  listStorageBuckets,
  pruneFinishedUploads,
  sweepBlobs,
} from '../storage/gc-db';

const DEFAULT_GRACE_SECONDS = 24 * 60 * 60;
const BATCH = 500;
const MAX_BATCHES = 20;

export interface GcReport {
  blobsDeleted: number;
  namesDropped: number;
  /** Objects written but never committed (gc/orphan-objects.ts). */
  orphansDeleted: number;
  /** chart_contents rows of archives no chart version uses any more (gc/orphan-contents.ts). */
  contentsDeleted: number;
  /** `contents/` bodies objects no chart_contents row names. */
  contentObjectsDeleted: number;
}

/**
 * Sweeps each storage in batches: D1 rows first, in one transaction, then the R2 objects. Every
 * object has its own key (storage/r2-keys.ts), so deleting an old key can never remove bytes that
 * a concurrent upload of the same digest has just committed under another key.
 */
export async function collectGarbage(
  env: Env,
  nowSeconds = Math.floor(Date.now() / 1000),
): Promise<GcReport> {
  const configured = Number(env.GC_GRACE_SECONDS);
  const grace = Number.isFinite(configured) && configured >= 0 ? configured : DEFAULT_GRACE_SECONDS;
  const cutoff = nowSeconds - grace;
  let blobsDeleted = 0;
  let orphansDeleted = 0;
  let contentsDeleted = 0;
  let contentObjectsDeleted = 0;
  const storages = await listStorageBuckets(env.DB);
  for (const storage of storages) {
    const bucket = bucketFor(env, storage.bucket);
    for (let i = 0; i < MAX_BATCHES; i++) {
      const { removed, keys } = await sweepBlobs(env.DB, storage.id, cutoff, BATCH);
      await deleteObjects(bucket, keys);
      blobsDeleted += removed;
      if (removed < BATCH) break;
    }
    contentsDeleted += await sweepContentRows(env.DB, storage.id);
  }
  for (const name of new Set(storages.map((s) => s.bucket))) {
    orphansDeleted += await deleteOrphanObjects(env.DB, bucketFor(env, name), cutoff);
    // After the rows: the bodies of the rows just deleted are gone in the same run when old.
    contentObjectsDeleted += await deleteOrphanContents(env.DB, bucketFor(env, name), cutoff);
  }
  // A finished session's id only matters while its token is valid (UPLOAD_TTL_SECONDS).
  await pruneFinishedUploads(env.DB, nowSeconds - uploadTtlSeconds(env));
  return {
    blobsDeleted,
    namesDropped: await dropEmptyNames(env.DB),
    orphansDeleted,
    contentsDeleted,
    contentObjectsDeleted,
  };
}
