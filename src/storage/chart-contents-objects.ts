/** Chart versions' extracted bodies: inline in their D1 row when small, else one R2 object each. */
import type { ChartContents } from '../core/chart-contents';
import { bucketFor } from './buckets';
import { INLINE_BODIES_LIMIT, insertChartContents } from './chart-contents-db';
import { chartBodiesKey } from './r2-keys';

/**
 * The D1 statement recording an archive's contents, for the publish batch. Bodies over
 * INLINE_BODIES_LIMIT are put to R2 first (the one R2 call extraction adds, for big charts
 * only); a batch that then fails leaves an object the same archive's next publish overwrites.
 */
export async function chartContentsStatement(
  env: Env,
  bucketName: string,
  repositoryId: number,
  archiveDigest: string,
  contents: ChartContents,
): Promise<D1PreparedStatement> {
  let r2Key: string | null = null;
  if (contents.bodies.byteLength > INLINE_BODIES_LIMIT) {
    r2Key = chartBodiesKey(repositoryId, archiveDigest);
    await bucketFor(env, bucketName).put(r2Key, contents.bodies);
  }
  return insertChartContents(env.DB, repositoryId, archiveDigest, contents, r2Key);
}

/** `length` bytes of an archive's R2-held bodies from `offset` (one file of the summary). */
export async function readChartBody(
  env: Env,
  bucketName: string,
  r2Key: string,
  offset: number,
  length: number,
): Promise<Uint8Array | null> {
  if (length === 0) return new Uint8Array(0);
  const object = await bucketFor(env, bucketName).get(r2Key, { range: { offset, length } });
  return object ? new Uint8Array(await object.arrayBuffer()) : null;
}
