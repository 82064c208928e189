/** `GET index.yaml` / `index.json` of a repository: ETag, Last-Modified and 304s, gzip when accepted. */
import type { Context } from 'hono';
import { parseAccept } from 'hono/utils/accept';
import type { AppEnv } from '../../app-env';
import type { Repository } from '../../core/repository';
import { indexSource } from '../index-cache';
import type { IndexFormat } from '../index-render';

const CONTENT_TYPES: Record<IndexFormat, string> = {
  yaml: 'application/x-yaml; charset=utf-8',
  json: 'application/json; charset=utf-8',
};

/** One tag per repository, generation and format; `-gz` marks the gzip-coded representation. */
function entityTag(repository: Repository, format: IndexFormat): string {
  return `"idx-${repository.repositoryId}-${repository.indexGeneration}-${Date.parse(repository.indexUpdatedAt)}-${format}`;
}

function notModified(c: Context<AppEnv>, tag: string, lastModified: Date): boolean {
  const ifNoneMatch = c.req.header('if-none-match');
  if (ifNoneMatch !== undefined) {
    return ifNoneMatch
      .split(',')
      .map((t) => t.trim().replace(/^W\//, '').replace(/-gz"$/, '"'))
      .some((t) => t === '*' || t === `${tag}"`);
  }
  const since = Date.parse(c.req.header('if-modified-since') ?? '');
  return !Number.isNaN(since) && Math.floor(lastModified.getTime() / 1000) * 1000 <= since;
}

/**
 * What the client itself accepts. Cloudflare (and `wrangler dev`) rewrite the Accept-Encoding a
 * Worker sees to "br, gzip" and keep the client's own value in `request.cf.clientAcceptEncoding`
 * (Workers docs, "Request.cf"): a Helm client that did not ask for gzip must not get it.
 */
function clientAcceptEncoding(request: Request): string | undefined {
  const original = (request.cf as { clientAcceptEncoding?: unknown } | undefined)
    ?.clientAcceptEncoding;
  return typeof original === 'string'
    ? original
    : (request.headers.get('accept-encoding') ?? undefined);
}

/** Whether `gzip` is listed with a quality above 0 (RFC 9110 §12.5.3); `*` is not taken for it. */
function acceptsGzip(header: string | undefined): boolean {
  return parseAccept(header ?? '').some(
    (coding) => coding.type.toLowerCase() === 'gzip' && coding.q > 0,
  );
}

/** The cached index (helm/index-cache.ts); nothing is rendered or read for a 304. */
async function serveIndex(c: Context<AppEnv>, format: IndexFormat): Promise<Response> {
  const record = c.var.repository;
  const tag = entityTag(record, format);
  const lastModified = new Date(record.indexUpdatedAt);
  const gzip = acceptsGzip(clientAcceptEncoding(c.req.raw));
  const headers: Record<string, string> = {
    'Content-Type': CONTENT_TYPES[format],
    ETag: gzip ? `${tag}-gz"` : `${tag}"`,
    'Last-Modified': lastModified.toUTCString(),
    Vary: 'Accept-Encoding',
    'Cache-Control': 'no-cache',
  };
  if (notModified(c, tag, lastModified)) return new Response(null, { status: 304, headers });

  const source = await indexSource(c.env, c.executionCtx, record, format);
  const head = c.req.method === 'HEAD';
  if (gzip) {
    // Already gzipped: send the bytes as they are (encodeBody "manual" stops a second encoding).
    return new Response(head ? null : source.gzipBody(), {
      headers: {
        ...headers,
        'Content-Encoding': 'gzip',
        'Content-Length': String(source.gzipSize),
      },
      encodeBody: 'manual',
    });
  }
  return new Response(head ? null : source.plainBody(), { headers });
}

export const getIndexYaml = (c: Context<AppEnv>) => serveIndex(c, 'yaml');
export const getIndexJson = (c: Context<AppEnv>) => serveIndex(c, 'json');
