/** Content by digest in the edge cache (http/edge-cache.ts): the one key, the entry, what a hit means. */
import type { ManifestRecord } from '../storage/manifest-lookup';
import { cachedOrStored, matchCached, purgeCached } from '../http/edge-cache';

export type ContentKind = 'blobs' | 'manifests';

/** What a surface needs to describe content by digest, whether D1 or the edge cache supplied it. */
export interface ContentHead {
  digest: string;
  size: number;
  visibility: 'public' | 'private';
}

export type ManifestHead = ContentHead & Pick<ManifestRecord, 'mediaType'>;

/** The three parts of an OCI name (`<storage>/<repository>/<name>`), as reads and deletes know it. */
export interface ContentName {
  storage: string;
  repository: string;
  name: string;
}

/**
 * The edge cache key of content by digest: the canonical `/v2` URL, the same under the
 * `/v2/repositories` alias. Reads store under it and every delete (OCI or Helm) purges it, so
 * nothing else may build it.
 */
export function contentCacheKey(
  origin: string,
  name: ContentName,
  kind: ContentKind,
  digest: string,
): string {
  return `${origin}/v2/${name.storage}/${name.repository}/${name.name}/${kind}/${digest}`;
}

/** Drops deleted content from this data centre's cache (others forget it within the edge TTL). */
export function purgeContent(
  origin: string,
  deleted: { name: ContentName; kind: ContentKind; digest: string }[],
): Promise<void> {
  return purgeCached(deleted.map((d) => contentCacheKey(origin, d.name, d.kind, d.digest)));
}

/** How long clients may keep content by digest: for a year, as it never changes. */
export function contentCacheControl(visibility: ContentHead['visibility']): string {
  return visibility === 'public'
    ? 'public, max-age=31536000, immutable'
    : 'private, max-age=31536000, immutable';
}

/** A hit for content `digest` under `key`: what it stands for and its bytes (null for HEAD). */
export async function matchContent(
  key: string,
  method: string,
  digest: string,
): Promise<{ head: ManifestHead; body: ReadableStream<Uint8Array> | null } | null> {
  const hit = await matchCached(key, method);
  if (!hit) return null;
  // Only public content is ever kept; an entry that does not say its size is a miss.
  const size = Number(hit.headers.get('content-length') ?? NaN);
  const mediaType = hit.headers.get('content-type');
  if (!Number.isSafeInteger(size) || size < 0 || !mediaType) {
    await hit.body?.cancel();
    return null;
  }
  return { head: { digest, size, mediaType, visibility: 'public' }, body: hit.body };
}

/**
 * The bytes of public content a lookup found: the entry under `key` when there is one (unless
 * the cache was already asked), else `open()`'s, kept at the edge on the way (http/edge-cache.ts).
 */
export async function keptContent(
  key: string,
  alreadyAsked: boolean,
  head: ContentHead & { mediaType?: string },
  open: () => Promise<ReadableStream<Uint8Array> | string>,
): Promise<ReadableStream<Uint8Array> | null> {
  const entry = async () =>
    new Response(await open(), {
      headers: {
        'Content-Type': head.mediaType ?? 'application/octet-stream',
        'Content-Length': String(head.size),
        'Docker-Content-Digest': head.digest,
      },
    });
  const sent = await cachedOrStored(key, alreadyAsked, entry);
  return sent.body;
}
