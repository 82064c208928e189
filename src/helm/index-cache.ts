/** A repository's rendered index, gzipped, per index generation: in memory, at the edge, in R2. */
import { MAX_CACHED_BODY, matchCached, storeCached } from '../http/edge-cache';
import {
  deleteIndexObjects,
  indexObjectKeyOf,
  readIndexObject,
  writeIndexObject,
  type IndexObjectRef,
} from '../storage/index-objects';
import type { Repository } from '../core/repository';
import {
  isOversized,
  MAX_MEMO_INDEX,
  memoStream,
  recallIndex,
  rememberIndex,
  type IndexMemo,
} from './index-memo';
import { renderIndex, type IndexFormat } from './index-render';

export interface IndexBody {
  /** The gzipped index. */
  body: ReadableStream;
  size: number;
}

/** The index to send, in either coding. */
export interface IndexSource {
  gzipSize: number;
  gzipBody(): ReadableStream<Uint8Array>;
  plainBody(): ReadableStream<Uint8Array>;
}

function fromMemo(memo: IndexMemo): IndexSource {
  return {
    gzipSize: memo.gzip.byteLength,
    gzipBody: () => new Blob([memo.gzip]).stream(),
    plainBody: () => memoStream(memo.plain),
  };
}

/**
 * The index of the repository's current generation: from this isolate's memory when it is there
 * (index-memo.ts), else from the edge cache or R2 (and then kept in memory if it fits).
 */
export async function indexSource(
  env: Env,
  ctx: { waitUntil(promise: Promise<unknown>): void },
  repository: Repository,
  format: IndexFormat,
): Promise<IndexSource> {
  // Every change to the repository's charts moves the generation (D1 triggers on chart_versions),
  // so a copy is valid exactly until the repository changes.
  const ref: IndexObjectRef = {
    bucket: repository.bucket,
    repositoryId: repository.repositoryId,
    generation: repository.indexGeneration,
    format,
  };
  const key = indexObjectKeyOf(ref);
  const memo = recallIndex(key);
  if (memo) return fromMemo(memo);
  const object = await cachedIndex(env, ctx, repository, ref);
  if (object.size <= MAX_MEMO_INDEX && !isOversized(key)) {
    const gzip = new Uint8Array(await new Response(object.body).arrayBuffer());
    const kept = await rememberIndex(key, gzip);
    return kept ? fromMemo(kept) : fromGzip(gzip.byteLength, () => new Blob([gzip]).stream());
  }
  return fromGzip(object.size, () => object.body);
}

/** An index only held gzipped: the plain body is inflated on the way out. */
function fromGzip(size: number, body: () => ReadableStream<Uint8Array>): IndexSource {
  return {
    gzipSize: size,
    gzipBody: body,
    plainBody: () => body().pipeThrough(new DecompressionStream('gzip')),
  };
}

/** Where the data centre's cache keeps a generation's index (keys only need to be unique URLs). */
const edgeKey = (r2Key: string) => `https://index-cache.invalid/${r2Key}`;

/**
 * The gzipped index for the repository's current generation: from the edge cache, else from R2
 * (then cached at the edge), else rendered and written to R2 first.
 */
async function cachedIndex(
  env: Env,
  ctx: { waitUntil(promise: Promise<unknown>): void },
  repository: Repository,
  ref: IndexObjectRef,
): Promise<IndexBody> {
  const key = indexObjectKeyOf(ref);
  const edge = await matchCached(edgeKey(key), 'GET');
  if (edge?.body) return { body: edge.body, size: Number(edge.headers.get('content-length')) };
  const respond = async () => {
    const object = await r2Index(env, ctx, repository, ref);
    const headers = { 'Content-Length': String(object.size) };
    return new Response(object.body, { headers });
  };
  const response = await respond();
  const size = Number(response.headers.get('content-length'));
  if (size > MAX_CACHED_BODY) return { body: response.body!, size };
  const sent = await storeCached(edgeKey(key), response, respond);
  return { body: sent.body!, size };
}

/** The generation's index from R2, else rendered and written there first (older ones then go). */
async function r2Index(
  env: Env,
  ctx: { waitUntil(promise: Promise<unknown>): void },
  repository: Repository,
  ref: IndexObjectRef,
): Promise<R2ObjectBody> {
  const hit = await readIndexObject(env, ref);
  if (hit) return hit;

  const rendered = renderIndex(env.DB, repository.repositoryId, {
    format: ref.format,
    generated: repository.indexUpdatedAt,
  });
  await writeIndexObject(env, ref, rendered.pipeThrough(new CompressionStream('gzip')));
  ctx.waitUntil(deleteIndexObjects(env, ref));
  const written = await readIndexObject(env, ref);
  if (!written)
    throw new Error(`cached index ${indexObjectKeyOf(ref)} vanished after being written`);
  return written;
}
