/** Responses kept in this data centre's Workers Cache API: match, store (within a copy budget), purge. */

/**
 * Only immutable responses are kept: content by digest of public repositories
 * (content/edge-entries.ts) and rendered indexes by generation (helm/index-cache.ts). Bodies up
 * to this size are cached; bigger ones stream from R2 each time.
 */
export const MAX_CACHED_BODY = 32 * 1024 * 1024;
/**
 * How long the edge keeps an entry (deletes purge the local data centre at once, others after
 * this); what clients may keep is the caller's Cache-Control, not this.
 */
const EDGE_TTL_SECONDS = 600;

function cache(): Cache | null {
  return typeof caches === 'undefined' ? null : caches.default;
}

/** A cached response for `key`, answering HEAD without a body. */
export async function matchCached(key: string, method: string): Promise<Response | null> {
  const hit = await cache()?.match(new Request(key));
  if (!hit) return null;
  // A fresh Response: the cached one's headers are immutable, and middleware adds headers.
  if (method !== 'HEAD')
    return new Response(hit.body, { status: hit.status, headers: hit.headers });
  await hit.body?.cancel();
  return new Response(null, { status: hit.status, headers: hit.headers });
}

/**
 * Bodies up to this size are copied while they are stored (a tee, which holds the whole copy
 * for the branch not yet read); bigger ones are stored first and then read back from the cache,
 * so a request never holds more than this much of a body.
 */
const COPY_LIMIT = 1024 * 1024;

/**
 * Stores `response` under `key` and returns the one to send. The store completes before the
 * response goes out, so a delete that follows the response always finds, and purges, the
 * entry. `reopen` makes the response again, for when a big body was stored but the cache does
 * not give it back (the Cache API stores nothing on `*.workers.dev`).
 */
export async function storeCached(
  key: string,
  response: Response,
  reopen: () => Promise<Response>,
): Promise<Response> {
  const store = cache();
  if (!store || !response.body) return response;
  const headers = new Headers(response.headers);
  headers.set('Cache-Control', `public, max-age=${EDGE_TTL_SECONDS}`);
  const stored = (body: ReadableStream) =>
    store.put(new Request(key), new Response(body, { status: response.status, headers }));
  const size = Number(response.headers.get('content-length'));
  if (size <= COPY_LIMIT) {
    await stored(response.clone().body!);
    return response;
  }
  await stored(response.body);
  const hit = await store.match(new Request(key));
  if (!hit?.body) return reopen();
  return new Response(hit.body, { status: response.status, headers: response.headers });
}

/**
 * After a lookup found the content public: the cached response when there is one (unless the
 * cache was already asked), else `respond()`, stored.
 */
export async function cachedOrStored(
  key: string,
  alreadyAsked: boolean,
  respond: () => Promise<Response>,
): Promise<Response> {
  const cached = alreadyAsked ? null : await matchCached(key, 'GET');
  return cached ?? storeCached(key, await respond(), respond);
}

/**
 * Drops entries when their content is deleted. The Cache API is per data centre: this one
 * forgets at once, others within EDGE_TTL_SECONDS.
 */
export async function purgeCached(keys: string[]): Promise<void> {
  const store = cache();
  if (store) await Promise.all(keys.map((k) => store.delete(new Request(k))));
}
