/** A request body that errors with BodyTooLarge once more than `limit` bytes have arrived. */
import { BodyTooLarge } from './read-capped';

/**
 * The request body, cut off at `limit` bytes: refused at once when Content-Length says more,
 * and while streaming when the body is chunked (no Content-Length) or longer than it declared.
 */
export function cappedStream(request: Request, limit: number): ReadableStream<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? NaN);
  if (declared > limit) throw new BodyTooLarge(limit);
  let seen = 0;
  const cap = new TransformStream<Uint8Array, Uint8Array>({
    transform(chunk, controller) {
      seen += chunk.byteLength;
      if (seen > limit) throw new BodyTooLarge(limit);
      controller.enqueue(chunk);
    },
  });
  return request.body!.pipeThrough(cap);
}
