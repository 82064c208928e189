/** Reads a request body whole, refusing it as soon as it passes `limit` bytes. */
import { ChunkQueue } from '../streams/chunk-queue';

export class BodyTooLarge extends Error {
  constructor(readonly limit: number) {
    super(`body exceeds ${limit} bytes`);
  }
}

export async function readCapped(request: Request, limit: number): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) throw new BodyTooLarge(limit);
  if (!request.body) return new Uint8Array(0);
  const queue = new ChunkQueue();
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    queue.push(value);
    if (queue.length > limit) {
      await reader.cancel();
      throw new BodyTooLarge(limit);
    }
  }
  return queue.takeAll();
}
