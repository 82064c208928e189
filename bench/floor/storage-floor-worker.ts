// The storage floor Worker: Helm's OCI push and pull answered with the registry's own storage and cache calls, nothing else.
import { contentCacheControl, contentCacheKey } from '../../src/content/edge-entries';
import { cachedOrStored, matchCached } from '../../src/http/edge-cache';
import type { OciName } from '../../src/core/names';
import {
  findRepositoryRecently,
  knownPublic,
  recallBlob,
  rememberBlobs,
  rememberVisibility,
} from '../../src/recent/recent-reads';
import { INLINE_BLOB_LIMIT, openBlob } from '../../src/storage/blob-bytes';
import { commitInlineBlob, newBlobKey } from '../../src/storage/blob-writes';
import { commitBlob, finishUploadStatement, lookupNameBlob } from '../../src/storage/blobs-db';
import { bucketFor } from '../../src/storage/buckets';
import { findManifestByTag } from '../../src/storage/manifest-lookup';
import { putManifest } from '../../src/storage/manifest-writes';
import { findPushContext } from '../../src/storage/push-context';
import { digestBytes } from '../../src/core/digest';

// Each request makes the D1, R2 and Cache API calls the registry makes for it (see the
// round-trips section), through the registry's own functions, so the statements and constants
// cannot drift; left out is everything else: auth, validation, the digest check of blobs, chart
// reading, the chart version row, the upload token's signature (the owner rides in the URL).
const SCOPE = 'public';

interface Owner {
  storageId: number;
  repositoryId: number;
  bucket: string;
  name: string;
}

function ociName(path: string): OciName {
  const [storage = '', repository = '', ...rest] = path.split('/');
  return { storage, repository, name: rest.join('/'), full: path };
}

/** POST: the repository, unless this isolate read it moments ago; the owner goes in the URL. */
async function startUpload(env: Env, name: OciName): Promise<Response> {
  const repository = await findRepositoryRecently(env.DB, name.storage, name.repository);
  if (!repository) return new Response('no repository', { status: 404 });
  const { storageId, repositoryId, bucket } = repository;
  const owner: Owner = { storageId, repositoryId, bucket, name: name.name };
  const id = crypto.randomUUID();
  const location = `/v2/${name.full}/blobs/uploads/${id}?o=${encodeURIComponent(JSON.stringify(owner))}`;
  return new Response(null, { status: 202, headers: { location } });
}

/** PUT ?digest=: inline bytes in one D1 batch, or one R2 put then one D1 batch. */
async function finishUpload(env: Env, request: Request, url: URL, id: string): Promise<Response> {
  const owner = JSON.parse(url.searchParams.get('o') ?? '') as Owner;
  const digest = url.searchParams.get('digest') ?? '';
  const length = Number(request.headers.get('content-length'));
  const finishing = [finishUploadStatement(env.DB, id)];
  if (length <= INLINE_BLOB_LIMIT) {
    const bytes = new Uint8Array(await request.arrayBuffer());
    await commitInlineBlob(env.DB, owner, digest, bytes, finishing);
  } else {
    const key = newBlobKey();
    await bucketFor(env, owner.bucket).put(
      key,
      request.body!.pipeThrough(new FixedLengthStream(length)),
    );
    await commitBlob(env.DB, { ...owner, digest, size: length, r2Key: key }, finishing);
  }
  return new Response(null, { status: 201 });
}

/** PUT manifest: the push context, the chart layer read back when it is in R2, one batch. */
async function pushManifest(env: Env, request: Request, name: OciName, tag: string) {
  const text = await request.text();
  const manifest = JSON.parse(text) as { config: { digest: string }; layers: { digest: string }[] };
  const blobs = [manifest.config.digest, ...manifest.layers.map((l) => l.digest)];
  const chart = manifest.layers[0]!.digest;
  const context = await findPushContext(env.DB, name, blobs, [], [chart]);
  if (!context?.nameId) return new Response('no such OCI name', { status: 404 });
  const layer = context.blobs.get(chart);
  if (layer && !layer.content) {
    await (await bucketFor(env, context.repository.bucket).get(layer.r2Key))?.arrayBuffer();
  }
  const size = new TextEncoder().encode(text).byteLength;
  await putManifest(env.DB, {
    nameId: context.nameId,
    digest: await digestBytes('sha256', new TextEncoder().encode(text)),
    mediaType: request.headers.get('content-type') ?? '',
    size,
    content: text,
    artifactType: null,
    subject: null,
    annotations: null,
    blobReferences: blobs,
    manifestReferences: [],
    tag,
    chart: { archiveDigest: chart, provenance: false },
  });
  return new Response(null, { status: 201 });
}

/** GET manifest by tag: one statement, which brings the rows of the blobs it references. */
async function pullManifest(env: Env, name: OciName, tag: string): Promise<Response> {
  const lookup = await findManifestByTag(env.DB, name, tag, SCOPE);
  if (lookup.found !== 'manifest') return new Response('no manifest', { status: 404 });
  rememberVisibility(name, lookup.manifest.visibility);
  rememberBlobs(SCOPE, name.full, lookup.blobs);
  const headers = { 'content-type': lookup.manifest.mediaType };
  return new Response(lookup.manifest.content, { headers });
}

/** GET blob: bytes in hand, else the edge cache, else D1 and R2 (stored in the cache). */
async function pullBlob(env: Env, url: URL, name: OciName, digest: string): Promise<Response> {
  const recent = recallBlob(SCOPE, name.full, digest);
  if (recent?.content) return new Response(recent.content);
  const key = contentCacheKey(url.origin, name, 'blobs', digest);
  const askedCache = knownPublic(name, recent);
  if (askedCache) {
    const cached = await matchCached(key, 'GET');
    if (cached) return cached;
  }
  let blob = recent;
  if (!blob) {
    const lookup = await lookupNameBlob(env.DB, name, digest, SCOPE);
    if (lookup.found !== 'blob') return new Response('no blob', { status: 404 });
    blob = lookup.blob;
  }
  const found = blob;
  const respond = async () => {
    const body = await openBlob(bucketFor(env, found.bucket), found);
    const headers = {
      'content-length': String(found.size),
      'cache-control': contentCacheControl('public'),
    };
    return new Response(body, { headers });
  };
  return cachedOrStored(key, askedCache, respond);
}

export default {
  async fetch(request, env) {
    const url = new URL(request.url);
    const m = /^\/v2\/(.+)\/(blobs|manifests)\/(.+)$/.exec(url.pathname);
    if (!m) return new Response('not found', { status: 404 });
    const [, path = '', kind, rest = ''] = m;
    const name = ociName(path);
    if (kind === 'blobs' && rest === 'uploads/' && request.method === 'POST') {
      return startUpload(env, name);
    }
    if (kind === 'blobs' && request.method === 'PUT') {
      return finishUpload(env, request, url, rest.replace(/^uploads\//, ''));
    }
    if (kind === 'blobs') return pullBlob(env, url, name, rest);
    if (request.method === 'PUT') return pushManifest(env, request, name, rest);
    return pullManifest(env, name, rest);
  },
} satisfies ExportedHandler<Env>;
export { UploadSession } from './no-upload-session';
