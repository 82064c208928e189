/** The R2 calls of uploads: whole-blob writes, upload sessions' multipart objects, reads and deletes. */
import { MAX_OBJECT_SIZE } from './r2-parts';
import { writeStreamToR2 } from './r2-stream-writer';

type PartBody = ReadableStream<Uint8Array> | Uint8Array;

/**
 * Streams `body` to `key`: one PUT when its length is known (FixedLengthStream gives R2 the
 * length a streamed PUT needs), otherwise in parts of PART_SIZE (r2-stream-writer.ts).
 */
export async function writeUploadStream(
  bucket: R2Bucket,
  key: string,
  body: ReadableStream<Uint8Array>,
  length: number | null,
): Promise<void> {
  if (length !== null && length <= MAX_OBJECT_SIZE) {
    const fixed = new FixedLengthStream(length);
    await Promise.all([body.pipeTo(fixed.writable), bucket.put(key, fixed.readable)]);
    return;
  }
  await writeStreamToR2(bucket, key, body);
}

export async function putUploadObject(bucket: R2Bucket, key: string, bytes: Uint8Array) {
  await bucket.put(key, bytes);
}

/** The bytes of an upload's object, or null when it is gone. */
export async function readUploadObject(
  bucket: R2Bucket,
  key: string,
): Promise<ReadableStream<Uint8Array> | null> {
  return (await bucket.get(key))?.body ?? null;
}

export async function deleteUploadObject(bucket: R2Bucket, key: string): Promise<void> {
  await bucket.delete(key);
}

/** Starts the multipart upload of `key`; returns its id. */
export async function startMultipart(bucket: R2Bucket, key: string): Promise<string> {
  return (await bucket.createMultipartUpload(key)).uploadId;
}

export function uploadPart(
  bucket: R2Bucket,
  key: string,
  uploadId: string,
  partNumber: number,
  body: PartBody,
): Promise<R2UploadedPart> {
  return bucket.resumeMultipartUpload(key, uploadId).uploadPart(partNumber, body);
}

export async function completeMultipart(
  bucket: R2Bucket,
  key: string,
  uploadId: string,
  parts: R2UploadedPart[],
): Promise<void> {
  await bucket.resumeMultipartUpload(key, uploadId).complete(parts);
}

/** Aborts a multipart upload; one already completed or aborted has nothing left to free. */
export async function abortMultipart(bucket: R2Bucket, key: string, uploadId: string) {
  try {
    await bucket.resumeMultipartUpload(key, uploadId).abort();
  } catch {
    // Already completed or aborted.
  }
}
