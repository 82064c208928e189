/** The R2 object calls the layers above make: write a new object, read text, list, delete. */
import { NO_OBJECT } from './blob-bytes';
import { writtenObjectKey, writtenObjectPrefix } from './r2-keys';

/** A stream on its way to a fresh Worker-written key (r2-keys.ts), to be committed or dropped. */
export interface ObjectWrite {
  r2Key: string;
  /** Takes exactly the announced length: R2 needs it for a streamed body (FixedLengthStream). */
  writable: WritableStream<Uint8Array>;
  /** Settles when R2 has the whole object, or rejects when the stream broke off. */
  written: Promise<unknown>;
}

/** Starts writing an object of `length` bytes under a new key of the current hour. */
export function writeNewObject(bucket: R2Bucket, length: number): ObjectWrite {
  const r2Key = writtenObjectKey();
  const body = new FixedLengthStream(length);
  return { r2Key, writable: body.writable, written: bucket.put(r2Key, body.readable) };
}

/** An object's bytes as text; null when there is no such object. */
export async function readObjectText(bucket: R2Bucket, key: string): Promise<string | null> {
  const object = await bucket.get(key);
  return object ? object.text() : null;
}

/** Deletes the objects at `keys` in one call (R2 takes up to 1,000), skipping inline blobs' ''. */
export async function deleteObjects(bucket: R2Bucket, keys: string[]): Promise<void> {
  const named = keys.filter((key) => key !== NO_OBJECT);
  if (named.length) await bucket.delete(named);
}

/**
 * The keys of the Worker-written objects of the UTC hour starting at `hourMs` (r2-keys.ts
 * `blobs/w/<hour>/`) uploaded at or before `uploadedByMs`, one page of the listing at a time.
 */
export async function* writtenObjectsOfHour(
  bucket: R2Bucket,
  hourMs: number,
  uploadedByMs: number,
): AsyncGenerator<string[]> {
  let cursor: string | undefined;
  do {
    const page = await bucket.list({ prefix: writtenObjectPrefix(hourMs), cursor });
    yield page.objects.filter((o) => o.uploaded.getTime() <= uploadedByMs).map((o) => o.key);
    cursor = page.truncated ? page.cursor : undefined;
  } while (cursor);
}
