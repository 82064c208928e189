// ChunkQueue (chunk-queue.ts): parts cut from queued chunks as streams, views and copies.
import { describe, expect, it } from 'vitest';
import { ChunkQueue } from './chunk-queue';

describe('ChunkQueue', () => {
  function filled(): ChunkQueue {
    const queue = new ChunkQueue();
    for (let i = 0; i < 5; i++) queue.push(new Uint8Array(1000).fill(i));
    return queue;
  }

  it('cuts a part as a stream of known length without joining the chunks', async () => {
    const queue = filled();
    const part = queue.takeStream(2500);
    const bytes = new Uint8Array(await new Response(part).arrayBuffer());
    expect(bytes.byteLength).toBe(2500);
    expect([bytes[0], bytes[999], bytes[1000], bytes[2499]]).toEqual([0, 0, 1, 2]);
    expect(queue.length).toBe(2500);
    expect(queue.take(1)[0]).toBe(2);
  });

  it('gives back chunks as views, and a joined copy only when it must', () => {
    const queue = filled();
    expect(queue.takeChunks(1500).map((c) => c.byteLength)).toEqual([1000, 500]);
    const joined = queue.take(1000);
    expect([joined[0], joined[499], joined[500]]).toEqual([1, 1, 2]);
    expect(queue.takeAll().byteLength).toBe(2500);
  });

  it('copies any range across chunks without taking it, into a buffer of its own', () => {
    const queue = filled();
    const copy = queue.copy(999, 1002);
    expect([copy.byteLength, copy.buffer.byteLength]).toEqual([1002, 1002]);
    expect([copy[0], copy[1], copy[1000], copy[1001]]).toEqual([0, 1, 1, 2]);
    expect(queue.copy(4000, 1000)).toEqual(new Uint8Array(1000).fill(4));
    expect(queue.length).toBe(5000);
    expect(() => queue.copy(4500, 501)).toThrow(RangeError);
  });
});
