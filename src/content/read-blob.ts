/** Where a blob's bytes come from on a GET or HEAD by digest: memory, edge cache, D1, R2, in that order. */
import { artifactHubBlob } from '../artifacthub/oci-artifact';
import { RegistryError } from '../errors/registry-error';
import { MAX_CACHED_BODY } from '../http/edge-cache';
import { parseRangeHeader } from '../http/byte-range';
import { knownPublic, recallBlob, rememberVisibility } from '../recent/recent-reads';
import { openBlob } from '../storage/blob-bytes';
import { lookupNameBlob, type BlobRecord } from '../storage/blobs-db';
import { bucketFor } from '../storage/buckets';
import type { ContentRequest } from './content-request';
import { contentCacheKey, keptContent, matchContent, type ContentHead } from './edge-entries';

/** A blob as a surface describes it, the byte range served (null: all), and its bytes (null for HEAD). */
export interface BlobRead {
  blob: ContentHead;
  range: { offset: number; length: number } | null;
  body: ReadableStream<Uint8Array> | null;
}

/** A blob as read: a D1 row, or made on read (the `artifacthub.io` artifact's, never edge-cached). */
type FoundBlob = BlobRecord & { synthesized?: true };

/**
 * The blob row, from D1; what the lookup read of the repository's visibility is remembered. A
 * digest the name does not link may be a blob of the repository's Artifact Hub artifact
 * (artifacthub/oci-artifact.ts), which the same query brought the settings of.
 */
async function lookupBlob(req: ContentRequest, digest: string): Promise<FoundBlob> {
  const lookup = await lookupNameBlob(req.env.DB, req.name, digest, req.scope);
  if (lookup.found === 'name-unknown') {
    if (lookup.repository) rememberVisibility(req.name, lookup.repository.visibility);
    throw await req.nameUnknown(lookup.repository);
  }
  if (lookup.found === 'blob-unknown') {
    const made = lookup.artifactHub && (await artifactHubBlob(lookup.artifactHub, digest));
    if (!made) throw new RegistryError('BLOB_UNKNOWN', { digest });
    const { bucket, visibility } = lookup;
    const bytes = made.bytes;
    return {
      digest,
      size: bytes.byteLength,
      r2Key: '',
      content: bytes,
      bucket,
      visibility,
      synthesized: true,
    };
  }
  rememberVisibility(req.name, lookup.blob.visibility);
  return lookup.blob;
}

/** The bytes of a blob the lookup found: inline in its row, else its R2 object. */
async function openBytes(
  env: Env,
  blob: BlobRecord,
  range?: { offset: number; length: number },
): Promise<ReadableStream<Uint8Array>> {
  const body = await openBlob(bucketFor(env, blob.bucket), blob, range);
  if (!body) throw new RegistryError('BLOB_UNKNOWN', { digest: blob.digest });
  return body;
}

/**
 * Reads blob `digest` of `req.name` for a GET or HEAD (spec: "Pulling blobs"), honouring a
 * single-range `Range` header (RFC 9110 §14.2; anything else is ignored and the whole blob sent).
 * 1. Memory: the row the manifest GET of the same pull brought (recent/recent-reads.ts). When it
 *    holds the bytes (inline blobs), the edge cache is neither asked nor written: it would only
 *    give back, or keep, what memory already holds.
 * 2. The edge cache, asked before D1 only while this isolate read the repository as public in
 *    the last seconds, so a repository made private stops being served from it within seconds.
 * 3. D1: the row (and the bytes of an inline blob, storage/blob-bytes.ts).
 * 4. R2 for bigger blobs. A whole public body up to MAX_CACHED_BODY is then kept at the edge
 *    (not a blob made on read: it would outlive the settings it was made from).
 */
export async function readBlob(
  req: ContentRequest,
  digest: string,
  rangeHeader: string | undefined,
): Promise<BlobRead> {
  const ranged = rangeHeader !== undefined;
  const key = contentCacheKey(req.origin, req.name, 'blobs', digest);
  const recent = recallBlob(req.scope, req.name.full, digest);
  const inHand = recent?.content != null;
  const askedCache = !inHand && !ranged && knownPublic(req.name, recent);
  if (askedCache) {
    const hit = await matchContent(key, req.method, digest);
    if (hit) return { blob: hit.head, range: null, body: hit.body };
  }
  const blob: FoundBlob = recent ?? (await lookupBlob(req, digest));

  const range = parseRangeHeader(rangeHeader, blob.size);
  if (range.kind === 'unsatisfiable') {
    throw new RegistryError(
      'RANGE_NOT_SATISFIABLE',
      `range not satisfiable for a blob of ${blob.size} bytes`,
      { 'Content-Range': `bytes */${blob.size}` },
    );
  }
  if (req.method === 'HEAD') return { blob, range: null, body: null };
  if (range.kind === 'partial') {
    const partial = { offset: range.offset, length: range.length };
    return { blob, range: partial, body: await openBytes(req.env, blob, partial) };
  }
  const open = () => openBytes(req.env, blob);
  const cacheable =
    !inHand &&
    !blob.synthesized &&
    blob.visibility === 'public' &&
    !ranged &&
    blob.size <= MAX_CACHED_BODY;
  const body = cacheable ? await keptContent(key, askedCache, blob, open) : await open();
  return { blob, range: null, body };
}
