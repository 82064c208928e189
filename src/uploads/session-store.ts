/** An upload session's Durable Object storage: its state under `state`, its tail in `tail:<start>`. */
import { ChunkQueue } from '../streams/chunk-queue';
import { TAIL_CHUNK_SIZE, type SessionState, type TailPiece } from './session-state';

const STATE_KEY = 'state';
const tailKey = (start: number) => `tail:${start}`;

export function readState(storage: DurableObjectStorage): Promise<SessionState | undefined> {
  return storage.get<SessionState>(STATE_KEY);
}

/**
 * Persists the state and the tail (the `queue.length` bytes before `state.offset`), and pushes the
 * expiry alarm forward. Only the bytes this request added are written (with the last stored value
 * when it was short, so values stay near TAIL_CHUNK_SIZE); values whose bytes all went into parts
 * are deleted. `previous` is the state as stored before this request (null for a new session).
 */
export async function saveSession(
  storage: DurableObjectStorage,
  state: SessionState,
  queue: ChunkQueue,
  previous: SessionState | null,
  ttlSeconds: number,
): Promise<void> {
  state.expiresAt = Date.now() + ttlSeconds * 1000;
  const tailStart = state.offset - queue.length;
  const stored = previous?.tail ?? [];
  const last = stored.at(-1);
  const storedTo = previous?.offset ?? 0;
  const appended = state.offset > storedTo;
  const rewriteFrom = Math.max(
    tailStart,
    appended && last && last.size < TAIL_CHUNK_SIZE ? last.start : storedTo,
  );
  const kept = stored.filter(
    (p) => p.start + p.size > tailStart && p.start + p.size <= rewriteFrom,
  );
  const entries: Record<string, unknown> = {};
  const written: TailPiece[] = [];
  for (let start = rewriteFrom; start < state.offset; start += TAIL_CHUNK_SIZE) {
    const size = Math.min(TAIL_CHUNK_SIZE, state.offset - start);
    entries[tailKey(start)] = queue.copy(start - tailStart, size);
    written.push({ start, size });
  }
  state.tailStart = tailStart;
  state.tail = [...kept, ...written];
  entries[STATE_KEY] = state;
  await storage.put(entries);

  const live = new Set(state.tail.map((p) => p.start));
  const stale = stored.filter((p) => !live.has(p.start)).map((p) => tailKey(p.start));
  if (stale.length) await storage.delete(stale);
  await storage.setAlarm(state.expiresAt);
}

/** The tail read back from storage (after an eviction or a failed request). */
export async function loadTail(
  storage: DurableObjectStorage,
  state: SessionState,
): Promise<ChunkQueue> {
  const queue = new ChunkQueue();
  const keys = state.tail.map((p) => tailKey(p.start));
  const values = await storage.get<Uint8Array>(keys);
  for (const piece of state.tail) {
    const bytes = values.get(tailKey(piece.start));
    // A missing value cannot be made up: the digest check at the end then refuses the blob.
    if (bytes) queue.push(bytes.subarray(Math.max(0, state.tailStart - piece.start)));
  }
  return queue;
}

/** Records a multipart upload's id at once: if the request fails, the alarm must still abort it. */
export async function recordMultipart(storage: DurableObjectStorage, multipartId: string) {
  const saved = await readState(storage);
  if (saved) await storage.put(STATE_KEY, { ...saved, multipartId });
}

/** Forgets the session: its state, its tail and its alarm. */
export async function forgetSession(storage: DurableObjectStorage): Promise<void> {
  await storage.deleteAlarm();
  await storage.deleteAll();
}
