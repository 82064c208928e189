/** Reading small bodies whole: capped (length unknown or untrusted) or of an exact length. */
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

/**
 * Reads a body that declared its `length` (a small one: the caller checked the length first);
 * null when it ends early or turns out a different size.
 */
export async function readExactly(
  body: ReadableStream<Uint8Array> | null,
  length: number,
): Promise<Uint8Array | null> {
  try {
    const bytes = new Uint8Array(await new Response(body).arrayBuffer());
    return bytes.byteLength === length ? bytes : null;
  } catch {
    return null; // the client went away mid-body
  }
}
