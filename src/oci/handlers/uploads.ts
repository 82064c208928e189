/** The `/v2/<name>/blobs/uploads/` handlers (spec: "Pushing blobs"): parse, call uploads/, answer. */
import { ociNameOf } from '../../auth/oci-scope';
import { hasGrant } from '../../auth/principal';
import { RegistryError } from '../../errors/registry-error';
import { parseChunkRange } from '../../http/byte-range';
import { mountBlob } from '../../storage/blobs-db';
import { findRepositoryRecently } from '../../recent/recent-reads';
import * as uploads from '../../uploads/blob-uploads';
import { assertOciEnabled, nameUnknown } from '../access';
import { ociName, ociPath, type OciContext } from '../context';
import type { OciName } from '../../core/names';
import { parseDigest } from '../reference';

/** Location, Range and Docker-Upload-UUID of a session that holds `offset` bytes. */
function uploadHeaders(c: OciContext, name: OciName, sessionId: string, offset: number) {
  return uploads.sessionHeaders(sessionLocation(c, name, sessionId), sessionId, offset);
}

const sessionLocation = (c: OciContext, name: OciName, sessionId: string) =>
  ociPath(c, name, `blobs/uploads/${sessionId}`);

function scopeOf(c: OciContext, name: OciName): uploads.SessionScope {
  return { fullName: name.full, location: (id) => sessionLocation(c, name, id) };
}

function blobCreated(c: OciContext, name: OciName, digest: string): Response {
  return c.body(null, 201, {
    Location: ociPath(c, name, `blobs/${digest}`),
    'Docker-Content-Digest': digest,
  });
}

function chunkRange(c: OciContext): uploads.ChunkRange | null {
  try {
    return parseChunkRange(c.req.header('content-range'));
  } catch (err) {
    throw new RegistryError('UPLOAD_RANGE_INVALID', (err as Error).message);
  }
}

function contentLength(c: OciContext): number | null {
  const header = c.req.header('content-length');
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : null;
}

/** The request's bytes for the session; the range is parsed first (a garbage one is a 416). */
function chunkOf(c: OciContext): uploads.Chunk {
  const range = chunkRange(c);
  return { body: c.req.raw.body, range, length: contentLength(c) };
}

/** `from` of a mount request as an OCI name, or null when it is not one of ours. */
function mountSource(from: string | undefined): OciName | null {
  return from === undefined ? null : ociNameOf(from);
}

/**
 * POST: a cross-repository mount, a monolithic upload (`?digest=`), or a new session. The other
 * handlers take the chunked PATCH, the status GET, the finishing PUT and the cancelling DELETE;
 * all call uploads/blob-uploads.ts.
 */
export async function startUpload(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const repository = await findRepositoryRecently(c.env.DB, name.storage, name.repository);
  if (!repository) throw await nameUnknown(c, name);
  assertOciEnabled(repository, name);

  const mount = c.req.query('mount');
  if (mount !== undefined) {
    const digest = parseDigest(mount);
    const source = mountSource(c.req.query('from'));
    // Blobs are stored per storage, so only a source in the same storage can be mounted;
    // otherwise the spec's fallback applies: answer with a new upload session.
    if (source && source.storage === name.storage) {
      const target = { repositoryId: repository.repositoryId, name: name.name };
      // The caller must be allowed to read the source, or it stays invisible to them.
      const scope = hasGrant(c.var.principal, 'read', { ...source, fullName: source.full })
        ? 'all'
        : 'public';
      if (await mountBlob(c.env.DB, source, scope, target, digest))
        return blobCreated(c, name, digest);
    }
  }

  const target: uploads.UploadTarget = {
    storageId: repository.storageId,
    repositoryId: repository.repositoryId,
    bucket: repository.bucket,
    name: name.name,
    fullName: name.full,
  };
  const monolithicDigest = c.req.query('digest');
  if (monolithicDigest !== undefined) {
    const digest = parseDigest(monolithicDigest);
    const whole = { body: c.req.raw.body, range: null, length: contentLength(c) };
    await uploads.monolithic(c.env, target, whole, digest);
    return blobCreated(c, name, digest);
  }
  const sessionId = await uploads.start(c.env, target);
  return c.body(null, 202, {
    ...uploadHeaders(c, name, sessionId, 0),
    'OCI-Chunk-Min-Length': String(uploads.MIN_CHUNK_LENGTH),
  });
}

export async function uploadStatus(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const { id, offset } = await uploads.status(c.env, scopeOf(c, name), c.req.param('session')!);
  return c.body(null, 204, uploadHeaders(c, name, id, offset));
}

export async function patchUpload(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const chunk = chunkOf(c);
  const session = c.req.param('session')!;
  const { id, offset } = await uploads.append(c.env, scopeOf(c, name), session, chunk);
  return c.body(null, 202, uploadHeaders(c, name, id, offset));
}

export async function finishUpload(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const digest = parseDigest(c.req.query('digest'));
  const chunk = chunkOf(c);
  await uploads.finish(c.env, scopeOf(c, name), c.req.param('session')!, chunk, digest);
  return blobCreated(c, name, digest);
}

export async function cancelUpload(c: OciContext): Promise<Response> {
  const name = ociName(c);
  await uploads.cancel(c.env, scopeOf(c, name), c.req.param('session')!);
  return c.body(null, 204);
}
