/** Takes in a chart archive arriving over HTTP in one pass, without committing it. */
import type { ChartContents } from '../core/chart-contents';
import type { ChartMetadata } from '../core/chart-metadata';
import { digestBytes, StreamingDigest } from '../core/digest';
import { readExactly } from '../http/read-capped';
import { bigChunks } from '../streams/big-chunks';
import { fanOut } from '../streams/fan-out';
import { INLINE_BLOB_LIMIT, NO_OBJECT, type StoredBlob } from '../storage/blob-bytes';
import { bucketFor } from '../storage/buckets';
import { deleteObjects, writeNewObject } from '../storage/r2-objects';
import { readChartArchive, readChartBytes } from './chart-archive';
import { ChartInvalid } from './chart-error';

/** Where the bytes now are (an R2 object, or `content`); the caller commits or deletes them. */
export interface IngestedArchive extends StoredBlob {
  metadata: ChartMetadata;
  contents: ChartContents;
  digest: string;
  size: number;
}

const shortBody = (length: number) =>
  new ChartInvalid(`the request body does not match its Content-Length of ${length} bytes`);

async function ingestSmall(
  archive: ReadableStream<Uint8Array>,
  length: number,
): Promise<IngestedArchive> {
  const content = await readExactly(archive, length);
  if (!content) throw shortBody(length);
  const { metadata, contents } = await readChartBytes(content);
  const digest = await digestBytes('sha256', content);
  return { metadata, contents, digest, size: length, r2Key: NO_OBJECT, content };
}

/**
 * The bytes go to R2 under a fresh key, through sha256, and through the chart reader at once, at
 * the pace of the slowest, so memory stays constant. Nothing is committed here; on any failure
 * the object is deleted. An archive of at most INLINE_BLOB_LIMIT bytes is read whole instead, to
 * be kept inline in D1.
 */
export async function ingestArchive(
  env: Env,
  bucketName: string,
  archive: ReadableStream<Uint8Array>,
  length: number,
): Promise<IngestedArchive> {
  if (length <= INLINE_BLOB_LIMIT) return ingestSmall(archive, length);
  const bucket = bucketFor(env, bucketName);
  const toR2 = writeNewObject(bucket, length);
  const { r2Key } = toR2;
  const hasher = new StreamingDigest();
  const toParser = new TransformStream<Uint8Array, Uint8Array>();

  const parsing = readChartArchive(toParser.readable);
  const copying = fanOut(bigChunks(archive), [toR2.writable, toParser.writable, hasher.sink()]);
  const [parsed, stored, copied] = await Promise.allSettled([parsing, toR2.written, copying]);

  if (
    parsed.status === 'fulfilled' &&
    stored.status === 'fulfilled' &&
    copied.status === 'fulfilled'
  ) {
    const digest = await hasher.digest();
    return { ...parsed.value, digest, size: copied.value, r2Key, content: null };
  }
  await deleteObjects(bucket, [r2Key]);
  // The chart reader's verdict explains a failure best; a short body comes next.
  if (parsed.status === 'rejected' && parsed.reason instanceof ChartInvalid) throw parsed.reason;
  if (copied.status === 'rejected' || stored.status === 'rejected') throw shortBody(length);
  throw (parsed as PromiseRejectedResult).reason;
}
