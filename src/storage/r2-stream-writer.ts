/** Writes a stream of unknown length to R2 in constant memory: one PUT if small, else multipart. */
import { ChunkQueue } from '../streams/chunk-queue';
import { PART_SIZE } from './r2-parts';

export async function writeStreamToR2(
  bucket: R2Bucket,
  key: string,
  stream: ReadableStream<Uint8Array>,
  options: R2PutOptions = {},
): Promise<void> {
  const queue = new ChunkQueue();
  const reader = stream.getReader();
  let upload: R2MultipartUpload | null = null;
  const parts: R2UploadedPart[] = [];
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      queue.push(value);
      while (queue.length > PART_SIZE) {
        upload ??= await bucket.createMultipartUpload(key, options);
        parts.push(await upload.uploadPart(parts.length + 1, queue.take(PART_SIZE)));
      }
    }
    if (!upload) {
      await bucket.put(key, queue.takeAll(), options);
      return;
    }
    if (queue.length) parts.push(await upload.uploadPart(parts.length + 1, queue.takeAll()));
    await upload.complete(parts);
  } catch (err) {
    await reader.cancel(err).catch(() => {});
    await upload?.abort().catch(() => {});
    throw err;
  }
}
