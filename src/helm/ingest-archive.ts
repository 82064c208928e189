/**
 * Takes a chart archive arriving over HTTP in one pass: the bytes go to R2 under a fresh key,
 * through sha256, and through the chart reader at once, at the pace of the slowest, so memory
 * stays constant. Nothing is committed here; on any failure the object is deleted.
 */
import { bigChunks } from '../streams/big-chunks';
import { fanOut } from '../streams/fan-out';
import { bucketFor } from '../storage/buckets';
import { newBlobKey } from '../storage/blob-writes';
import { StreamingDigest } from '../uploads/digest';
import { readChartArchive } from './chart-archive';
import { ChartInvalid } from './chart-error';
import type { ChartMetadata } from './chart-metadata';

export interface IngestedArchive {
  metadata: ChartMetadata;
  digest: string;
  size: number;
  /** Where the bytes now are; the caller commits or deletes them. */
  r2Key: string;
}

export async function ingestArchive(
  env: Env,
  bucketName: string,
  archive: ReadableStream<Uint8Array>,
  length: number,
): Promise<IngestedArchive> {
  const bucket = bucketFor(env, bucketName);
  const r2Key = newBlobKey();
  const hasher = new StreamingDigest();
  const toParser = new TransformStream<Uint8Array, Uint8Array>();
  const toR2 = new FixedLengthStream(length);

  const parsing = readChartArchive(toParser.readable);
  const storing = bucket.put(r2Key, toR2.readable);
  const copying = fanOut(bigChunks(archive), [toR2.writable, toParser.writable, hasher.sink()]);
  const [parsed, stored, copied] = await Promise.allSettled([parsing, storing, copying]);

  if (
    parsed.status === 'fulfilled' &&
    stored.status === 'fulfilled' &&
    copied.status === 'fulfilled'
  ) {
    return { metadata: parsed.value, digest: await hasher.digest(), size: copied.value, r2Key };
  }
  await bucket.delete(r2Key);
  // The chart reader's verdict explains a failure best; a short body comes next.
  if (parsed.status === 'rejected' && parsed.reason instanceof ChartInvalid) throw parsed.reason;
  if (copied.status === 'rejected' || stored.status === 'rejected') {
    throw new ChartInvalid(`the request body does not match its Content-Length of ${length} bytes`);
  }
  throw (parsed as PromiseRejectedResult).reason;
}
