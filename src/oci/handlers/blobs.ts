/** GET/HEAD/DELETE `/v2/<name>/blobs/<digest>` (spec: "Pulling blobs", "Deleting blobs"). */
import { OciError } from '../../errors/oci-error';
import { parseRangeHeader } from '../../http/byte-range';
import { openBlob } from '../../storage/blob-bytes';
import { knownPublic, recallBlob, rememberVisibility } from '../../recent/recent-reads';
import { lookupPackageBlob, unlinkBlob, type BlobRecord } from '../../storage/blobs-db';
import { bucketFor } from '../../storage/buckets';
import { findPackage } from '../../storage/registry-db';
import { nameUnknown, nameUnknownIn } from '../access';
import { canonicalUrl, ociName, type OciContext } from '../context';
import {
  cachedOrStored,
  IMMUTABLE,
  MAX_CACHED_BODY,
  matchCached,
  purgeCached,
} from '../../http/edge-cache';
import { parseDigest, type OciName } from '../reference';

async function lookupBlob(c: OciContext, name: OciName, digest: string): Promise<BlobRecord> {
  const lookup = await lookupPackageBlob(c.env.DB, name, digest, c.var.readScope);
  if (lookup.found === 'name-unknown') {
    if (lookup.repository) rememberVisibility(name, lookup.repository.visibility);
    throw nameUnknownIn(c, name, lookup.repository);
  }
  if (lookup.found === 'blob-unknown') throw new OciError('BLOB_UNKNOWN', { digest });
  rememberVisibility(name, lookup.blob.visibility);
  return lookup.blob;
}

export async function getBlob(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const digest = parseDigest(c.req.param('digest'));
  const ranged = c.req.header('range') !== undefined;
  const cacheKey = canonicalUrl(c, name, `blobs/${digest}`);
  const recent = recallBlob(c.var.readScope, name.full, digest);
  // The bytes of an inline blob a manifest lookup just brought are in hand: the edge cache is
  // neither asked nor written, as it would only give back (or keep) what memory already holds.
  const inHand = recent?.content != null;
  // The cache comes first only for a repository this isolate just read as public (edge-cache.ts).
  const askedCache = !inHand && !ranged && knownPublic(name, recent);
  if (askedCache) {
    const cached = await matchCached(cacheKey, c.req.method);
    if (cached) return cached;
  }
  const blob = recent ?? (await lookupBlob(c, name, digest));

  const headers: Record<string, string> = {
    'Content-Type': 'application/octet-stream',
    'Docker-Content-Digest': blob.digest,
    'Accept-Ranges': 'bytes',
    ETag: `"${blob.digest}"`,
    'Cache-Control':
      blob.visibility === 'public' ? IMMUTABLE : 'private, max-age=31536000, immutable',
  };
  const range = parseRangeHeader(c.req.header('range'), blob.size);
  if (range.kind === 'unsatisfiable') {
    throw new OciError('BLOB_UNKNOWN', `range not satisfiable for a blob of ${blob.size} bytes`, {
      status: 416,
      headers: { 'Content-Range': `bytes */${blob.size}` },
    });
  }
  if (c.req.method === 'HEAD') {
    return c.body(null, 200, { ...headers, 'Content-Length': String(blob.size) });
  }
  const bucket = bucketFor(c.env, blob.bucket);
  if (range.kind === 'partial') {
    const body = await openBlob(bucket, blob, range);
    if (!body) throw new OciError('BLOB_UNKNOWN', { digest });
    const end = range.offset + range.length - 1;
    return c.body(body, 206, {
      ...headers,
      'Content-Length': String(range.length),
      'Content-Range': `bytes ${range.offset}-${end}/${blob.size}`,
    });
  }
  const respond = async () => {
    const body = await openBlob(bucket, blob);
    if (!body) throw new OciError('BLOB_UNKNOWN', { digest });
    return c.body(body, 200, { ...headers, 'Content-Length': String(blob.size) });
  };
  const cacheable =
    !inHand && blob.visibility === 'public' && !ranged && blob.size <= MAX_CACHED_BODY;
  return cacheable ? cachedOrStored(cacheKey, askedCache, respond) : respond();
}

export async function deleteBlob(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const digest = parseDigest(c.req.param('digest'));
  const pkg = await findPackage(c.env.DB, name, c.var.readScope);
  if (!pkg) throw await nameUnknown(c, name);
  if (!(await unlinkBlob(c.env.DB, pkg.packageId, digest))) {
    throw new OciError('BLOB_UNKNOWN', { digest });
  }
  await purgeCached([canonicalUrl(c, name, `blobs/${digest}`)]);
  return c.body(null, 202);
}
