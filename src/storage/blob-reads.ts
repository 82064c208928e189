/** A stored blob's content for code that reads it: its D1 bytes, else its R2 object. */
import { openBlob, type StoredBlob } from './blob-bytes';
import { bucketFor } from './buckets';

/** The inline bytes, else a body streamed from the storage's bucket; null when the object is gone. */
export async function openBlobContent(
  env: Env,
  bucket: string,
  blob: StoredBlob,
): Promise<Uint8Array | ReadableStream<Uint8Array> | null> {
  return blob.content ?? (await openBlob(bucketFor(env, bucket), blob));
}

/** The whole bytes (for blobs small enough to hold: callers check the size first). */
export async function readBlobBytes(
  env: Env,
  bucket: string,
  blob: StoredBlob,
): Promise<Uint8Array | null> {
  const content = await openBlobContent(env, bucket, blob);
  if (content === null || content instanceof Uint8Array) return content;
  return new Uint8Array(await new Response(content).arrayBuffer());
}
