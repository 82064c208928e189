/** Extracted chart contents nothing uses: D1 rows of deleted versions, R2 bodies with no row. */
import { contentKeysInUse, sweepChartContents } from '../storage/contents-gc-db';
import {
  listChartBodies,
  readContentsMarker,
  writeContentsMarker,
} from '../storage/contents-listing';
import { deleteObjects } from '../storage/r2-objects';
import { parseChartBodiesKey } from '../storage/r2-keys';

const ROW_BATCH = 500;
const MAX_ROW_BATCHES = 20;
/** Listing pages (up to 1,000 objects each) per bucket and run; the next run goes on from there. */
export const MAX_CONTENT_PAGES = 10;

/** Deletes up to ROW_BATCH × MAX_ROW_BATCHES unused chart_contents rows of a storage. */
export async function sweepContentRows(db: D1Database, storageId: number): Promise<number> {
  let deleted = 0;
  for (let i = 0; i < MAX_ROW_BATCHES; i++) {
    const removed = await sweepChartContents(db, storageId, ROW_BATCH);
    deleted += removed;
    if (removed < ROW_BATCH) break;
  }
  return deleted;
}

/**
 * Deletes the `contents/` objects of `bucket` that no chart_contents row names and that were
 * last written before `cutoff` (unix s). A publish puts its archive's bodies (always under the
 * same key) before the D1 batch that adds the row, so an object written within the grace period
 * may be about to be used and is left alone, as young blobs are (gc/collect-garbage.ts). Objects
 * of deleted versions (their rows went with sweepContentRows) and of deleted repositories (their
 * rows cascade) go once their last write is that old. Keys of any other shape are never deleted.
 */
export async function deleteOrphanContents(
  db: D1Database,
  bucket: R2Bucket,
  cutoff: number,
): Promise<number> {
  const cutoffMs = cutoff * 1000;
  let after = await readContentsMarker(bucket);
  let deleted = 0;
  for (let page = 0; page < MAX_CONTENT_PAGES; page++) {
    const { objects, truncated } = await listChartBodies(bucket, after);
    const old = objects.flatMap((o) => {
      const ref = o.uploadedMs <= cutoffMs ? parseChartBodiesKey(o.key) : null;
      return ref ? [{ key: o.key, ...ref }] : [];
    });
    const inUse = await contentKeysInUse(db, old);
    const orphans = old.filter((o) => !inUse.has(o.key)).map((o) => o.key);
    await deleteObjects(bucket, orphans);
    deleted += orphans.length;
    after = truncated ? objects.at(-1)?.key : undefined;
    if (after === undefined) break;
  }
  await writeContentsMarker(bucket, after);
  return deleted;
}
