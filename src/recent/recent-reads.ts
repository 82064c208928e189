/** What requests just read from D1, kept RECENT_TTL_MS in this isolate for the requests right after. */
import type { OciName } from '../core/names';
import type { BlobRecord } from '../storage/blobs-db';
import type { ManifestRecord } from '../storage/manifest-lookup';
import type { ReadScope } from '../core/read-scope';
import type { Repository } from '../core/repository';
import { findRepository } from '../storage/registry-db';
import { findToken, type AccessTokenRecord } from '../storage/tokens-db';
import { RecentMap } from './recent-map';

/**
 * On the edge each D1 query is a round trip to the database's region, the cost that matters
 * most. A request that deletes or changes something (forgetsRecentReads) clears this isolate's
 * memory; other isolates may answer from what they read up to RECENT_TTL_MS before, as the edge
 * cache does for longer with public content.
 */
export const RECENT_TTL_MS = 10_000;

type Visibility = Repository['visibility'];

/**
 * The repository an upload starts in: `helm push` starts one upload per blob (config, chart), one
 * after the other. A repository deleted meanwhile fails the upload's commit whole (RepositoryGone,
 * answered NAME_UNKNOWN), as it does for any session outliving its repository.
 */
const repositories = new RecentMap<Repository>({
  ttlMs: RECENT_TTL_MS,
  maxEntries: 256,
});

/**
 * The blob rows a manifest GET brought along (storage/manifest-lookup.ts): a pull asks for the
 * manifest, then for its config and layers, which are then answered without a D1 query (and, for
 * inline bytes, without the edge cache: content/read-blob.ts). Inline bytes are what weighs: at
 * most 4 MiB of them, whatever the number of blobs.
 */
const blobs = new RecentMap<BlobRecord>(
  { ttlMs: RECENT_TTL_MS, maxEntries: 4096, maxBytes: 4 * 1024 * 1024 },
  (blob) => (blob.content?.byteLength ?? 0) + 256,
);

/** `find()`, answered from `memory` when this isolate found `key` moments ago. */
async function remembered<T>(
  memory: RecentMap<T>,
  key: string,
  find: () => Promise<T | null>,
): Promise<T | null> {
  const known = memory.get(key);
  if (known) return known;
  const record = await find();
  if (record) memory.set(key, record);
  return record;
}

/** findRepository, answered from memory when this isolate looked it up moments ago. */
export function findRepositoryRecently(
  db: D1Database,
  storage: string,
  repository: string,
): Promise<Repository | null> {
  return remembered(repositories, `${storage}/${repository}`, () =>
    findRepository(db, storage, repository),
  );
}

/**
 * The access token a credential named: every request of a `helm push` or of a private pull
 * carries it, and a tag is then still one D1 query. Expiry is checked at each use; a token revoked
 * elsewhere stops working here within RECENT_TTL_MS (at once in the isolate that revoked it).
 */
const tokens = new RecentMap<AccessTokenRecord>({
  ttlMs: RECENT_TTL_MS,
  maxEntries: 256,
});

/** findToken, answered from memory when this isolate read the token moments ago. */
export function findTokenRecently(db: D1Database, id: string): Promise<AccessTokenRecord | null> {
  return remembered(tokens, id, () => findToken(db, id));
}

/** Keys of content by digest carry the read scope, so only a caller allowed the same read gets it. */
const contentKey = (scope: ReadScope, name: string, digest: string) => `${scope} ${name} ${digest}`;

/**
 * The manifest a lookup by tag found, by its digest: Helm's client resolves a tag with a HEAD and
 * then GETs the manifest by digest, which is then answered without a D1 query. Inline manifests
 * weigh their text; at most 4 MiB of them.
 */
const manifests = new RecentMap<ManifestRecord>(
  { ttlMs: RECENT_TTL_MS, maxEntries: 1024, maxBytes: 4 * 1024 * 1024 },
  (manifest) => (manifest.content?.length ?? 0) + 256,
);

/** Keeps a manifest of `name` a lookup found with `scope`, for a GET by its digest. */
export function rememberManifest(scope: ReadScope, name: string, manifest: ManifestRecord): void {
  manifests.set(contentKey(scope, name, manifest.digest), manifest);
}

/** The manifest `digest` of `name` a lookup with the same scope found moments ago, if any. */
export function recallManifest(
  scope: ReadScope,
  name: string,
  digest: string,
): ManifestRecord | null {
  return manifests.get(contentKey(scope, name, digest)) ?? null;
}

/**
 * Whether a repository is public, as any lookup just read it: content by digest is taken from the
 * edge cache first only while this isolate knows its repository is still public, so a repository
 * made private (or deleted) stops being served from the cache within RECENT_TTL_MS in every data
 * centre, not when the cache entries expire.
 */
const visibilities = new RecentMap<Visibility>({
  ttlMs: RECENT_TTL_MS,
  maxEntries: 1024,
});

const repositoryKey = (name: OciName) => `${name.storage}/${name.repository}`;

/** Records the visibility a lookup just read for `name`'s repository. */
export function rememberVisibility(name: OciName, visibility: Visibility): void {
  visibilities.set(repositoryKey(name), visibility);
}

/**
 * Whether this isolate read `name`'s repository as public moments ago: from the record it
 * recalled for the content, else from any lookup in that repository.
 */
export function knownPublic(name: OciName, recalled: { visibility: Visibility } | null): boolean {
  return (recalled?.visibility ?? visibilities.get(repositoryKey(name))) === 'public';
}

/** Keeps the blob rows a manifest of `name` references, as read with `scope`. */
export function rememberBlobs(scope: ReadScope, name: string, found: BlobRecord[]): void {
  for (const blob of found) blobs.set(contentKey(scope, name, blob.digest), blob);
}

/** A blob row of `name` a manifest GET brought moments ago with the same scope, if any. */
export function recallBlob(scope: ReadScope, name: string, digest: string): BlobRecord | null {
  return blobs.get(contentKey(scope, name, digest)) ?? null;
}

/** Forgets everything this isolate remembers (a delete, a repository change, a GC run). */
export function forgetRecentReads(): void {
  repositories.clear();
  tokens.clear();
  blobs.clear();
  manifests.clear();
  visibilities.clear();
}

/** Requests after which what was read before may be wrong: deletions and changes. */
export function forgetsRecentReads({ method, url }: Request): boolean {
  if (method === 'GET' || method === 'HEAD') return false;
  if (method === 'DELETE' || method === 'PATCH') return true;
  // The admin pages' forms change what the admin API changes (a revoked token, a private repository).
  const path = new URL(url).pathname;
  return path.startsWith('/api/') || path.startsWith('/admin/');
}
