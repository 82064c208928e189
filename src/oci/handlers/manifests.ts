/** GET/HEAD/PUT/DELETE `/v2/<name>/manifests/<reference>` (spec: "Pulling manifests", "Pushing manifests", "Deleting manifests"). */
import { OciError } from '../../errors/oci-error';
import { BodyTooLarge, readCapped } from '../../http/read-capped';
import { bucketFor } from '../../storage/buckets';
import {
  deleteManifest,
  deleteTag,
  findManifestByDigest,
  findManifestByTag,
  type ManifestRecord,
} from '../../storage/manifests-db';
import {
  knownPublic,
  recallManifest,
  rememberBlobs,
  rememberManifest,
  rememberVisibility,
} from '../../recent/recent-reads';
import { findPackage } from '../../storage/registry-db';
import { canonicalUrl, ociName, ociPath, type OciContext } from '../context';
import { cachedOrStored, IMMUTABLE, matchCached, purgeCached } from '../../http/edge-cache';
import { MAX_MANIFEST_SIZE } from '../manifest';
import { pushManifest } from '../manifest-push';
import { parseReference, type ManifestReference, type OciName } from '../reference';
import { nameUnknown } from '../access';

async function manifestBody(env: Env, manifest: ManifestRecord): Promise<ReadableStream | string> {
  if (manifest.content !== null) return manifest.content;
  const object = manifest.r2Key ? await bucketFor(env, manifest.bucket).get(manifest.r2Key) : null;
  if (!object) throw new OciError('MANIFEST_UNKNOWN', { digest: manifest.digest });
  return object.body;
}

/** The manifest `reference` names, looked up in D1; what the lookup brought is remembered. */
async function lookupManifest(
  c: OciContext,
  name: OciName,
  reference: ManifestReference,
): Promise<ManifestRecord> {
  const scope = c.var.readScope;
  const lookup =
    reference.kind === 'tag'
      ? await findManifestByTag(c.env.DB, name, reference.tag, scope)
      : await findManifestByDigest(c.env.DB, name, reference.digest, scope);
  if (lookup.found === 'name-unknown') throw await nameUnknown(c, name);
  if (lookup.found === 'manifest-unknown') {
    throw new OciError('MANIFEST_UNKNOWN', {
      name: name.full,
      reference: c.req.param('reference'),
    });
  }
  rememberVisibility(name, lookup.manifest.visibility);
  rememberManifest(scope, name.full, lookup.manifest);
  rememberBlobs(scope, name.full, lookup.blobs);
  return lookup.manifest;
}

export async function getManifest(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const reference = parseReference(c.req.param('reference')!, 'found');
  const byDigest = reference.kind === 'digest';
  // A tag is resolved (HEAD) right before its manifest is asked for by digest (recent-reads.ts).
  const recent = byDigest ? recallManifest(c.var.readScope, name.full, reference.digest) : null;
  // By digest a manifest is immutable: served from the edge cache when a public pull cached it,
  // asked first only for a repository this isolate just read as public (edge-cache.ts); not
  // at all when the lookup just brought its text (it is in hand, as an inline blob's bytes).
  const inHand = recent?.content != null;
  const cacheKey =
    byDigest && !inHand ? canonicalUrl(c, name, `manifests/${reference.digest}`) : null;
  const askedCache = cacheKey !== null && knownPublic(name, recent);
  if (askedCache) {
    const cached = await matchCached(cacheKey, c.req.method);
    if (cached) return cached;
  }
  const manifest = recent ?? (await lookupManifest(c, name, reference));
  const headers: Record<string, string> = {
    'Content-Type': manifest.mediaType,
    'Content-Length': String(manifest.size),
    'Docker-Content-Digest': manifest.digest,
    ETag: `"${manifest.digest}"`,
  };
  if (byDigest)
    headers['Cache-Control'] =
      manifest.visibility === 'public' ? IMMUTABLE : 'private, max-age=31536000, immutable';
  if (c.req.method === 'HEAD') return c.body(null, 200, headers);
  const respond = async () => c.body(await manifestBody(c.env, manifest), 200, headers);
  return cacheKey && manifest.visibility === 'public'
    ? cachedOrStored(cacheKey, askedCache, respond)
    : respond();
}

export async function putManifestHandler(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const reference = parseReference(c.req.param('reference')!, 'stored');
  let bytes: Uint8Array;
  try {
    bytes = await readCapped(c.req.raw, MAX_MANIFEST_SIZE);
  } catch (err) {
    if (err instanceof BodyTooLarge) {
      throw new OciError('SIZE_INVALID', `manifests are limited to ${MAX_MANIFEST_SIZE} bytes`, {
        status: 413,
      });
    }
    throw err;
  }
  const pushed = await pushManifest(c.env, name, reference, bytes, c.req.header('content-type'));
  const headers: Record<string, string> = {
    Location: ociPath(c, name, `manifests/${pushed.digest}`),
    'Docker-Content-Digest': pushed.digest,
  };
  if (pushed.subject) headers['OCI-Subject'] = pushed.subject;
  return c.body(null, 201, headers);
}

export async function deleteManifestHandler(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const reference = parseReference(c.req.param('reference')!, 'found');
  const found = await findPackage(c.env.DB, name, c.var.readScope);
  if (!found) throw await nameUnknown(c, name);
  const deleted =
    reference.kind === 'tag'
      ? await deleteTag(c.env.DB, found.packageId, reference.tag)
      : await deleteManifest(c.env.DB, found.packageId, reference.digest);
  if (!deleted) {
    throw new OciError('MANIFEST_UNKNOWN', {
      name: name.full,
      reference: c.req.param('reference'),
    });
  }
  if (reference.kind === 'digest') {
    await purgeCached([canonicalUrl(c, name, `manifests/${reference.digest}`)]);
  }
  return c.body(null, 202);
}
