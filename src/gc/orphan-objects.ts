/** Objects the Worker wrote but never committed (storage/r2-keys.ts `blobs/w/<hour>/`). */
import { keysInUse } from '../storage/gc-db';
import { deleteObjects, writtenObjectsOfHour } from '../storage/r2-objects';

/**
 * How many hours before the cut-off each run looks at. The Cron Trigger runs hourly, so every
 * hour is looked at by several runs: a few failed or skipped runs still leave nothing behind.
 */
export const ORPHAN_WINDOW_HOURS = 6;
const HOUR_MS = 3600 * 1000;

/**
 * A whole-blob PUT or an HTTP chart upload killed between its R2 write and its D1 commit leaves
 * an object that no row names and no session will delete. Each run lists the hours that have just
 * passed the grace period and deletes what no blob row names. Nothing is recorded beforehand, so
 * the push path keeps its round trips; the cost is a listing of a few hours of writes per run.
 */
/** Deletes the uncommitted Worker-written objects of `bucket` written before `cutoff` (unix s). */
export async function deleteOrphanObjects(
  db: D1Database,
  bucket: R2Bucket,
  cutoff: number,
): Promise<number> {
  const cutoffMs = cutoff * 1000;
  let deleted = 0;
  // Whole hours that ended by the cut-off: every object in them is older than the grace period.
  const lastHour = Math.floor(cutoffMs / HOUR_MS) - 1;
  for (let hour = lastHour - ORPHAN_WINDOW_HOURS + 1; hour <= lastHour; hour++) {
    for await (const old of writtenObjectsOfHour(bucket, hour * HOUR_MS, cutoffMs)) {
      const inUse = await keysInUse(db, old);
      const orphans = old.filter((key) => !inUse.has(key));
      await deleteObjects(bucket, orphans);
      deleted += orphans.length;
    }
  }
  return deleted;
}
