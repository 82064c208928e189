/** Listing the archives' bodies objects (`contents/…`) for garbage collection, resumably. */
import { CHART_BODIES_PREFIX, gcMarkerKey } from './r2-keys';

export interface ListedObject {
  key: string;
  /** When R2 stored it (its last write: the same archive's next publish writes it again). */
  uploadedMs: number;
}

/** One page (R2 gives up to 1,000) of `contents/` objects after `startAfter`, in key order. */
export async function listChartBodies(
  bucket: R2Bucket,
  startAfter: string | undefined,
): Promise<{ objects: ListedObject[]; truncated: boolean }> {
  const page = await bucket.list({ prefix: CHART_BODIES_PREFIX, startAfter });
  return {
    objects: page.objects.map((o) => ({ key: o.key, uploadedMs: o.uploaded.getTime() })),
    truncated: page.truncated,
  };
}

const MARKER = gcMarkerKey('contents-after');

/** The key the last run stopped after, or undefined to start from the beginning. */
export async function readContentsMarker(bucket: R2Bucket): Promise<string | undefined> {
  const object = await bucket.get(MARKER);
  const text = object ? await object.text() : '';
  return text.startsWith(CHART_BODIES_PREFIX) ? text : undefined;
}

/** Records where the next run starts (undefined: from the beginning). */
export async function writeContentsMarker(
  bucket: R2Bucket,
  after: string | undefined,
): Promise<void> {
  if (after === undefined) await bucket.delete(MARKER);
  else await bucket.put(MARKER, after);
}
