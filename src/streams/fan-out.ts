/** Copies one stream into several sinks at the pace of the slowest. */

/**
 * Memory stays at a few chunks whatever the stream's length (ReadableStream.tee would buffer
 * for the slower branch).
 */
export async function fanOut(
  source: ReadableStream<Uint8Array>,
  sinks: WritableStream<Uint8Array>[],
): Promise<number> {
  const writers = sinks.map((s) => s.getWriter());
  const reader = source.getReader();
  let total = 0;
  try {
    for (;;) {
      const { done, value } = await reader.read();
      if (done) break;
      total += value.byteLength;
      // Each sink gets its own copy: a sink may take ownership of the buffer it is given.
      await Promise.all(writers.map((w, i) => w.write(i === 0 ? value : value.slice())));
    }
    await Promise.all(writers.map((w) => w.close()));
    return total;
  } catch (err) {
    await Promise.all([
      reader.cancel(err).catch(() => {}),
      ...writers.map((w) => w.abort(err).catch(() => {})),
    ]);
    throw err;
  }
}
