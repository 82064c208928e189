/**
 * Blob uploads under `/v2/<name>/blobs/uploads/` (spec: "Pushing blobs": monolithic POST,
 * POST then PUT, chunked PATCH, status GET, cancel DELETE, cross-repository mount).
 *
 * A session starts held in its URL (uploads/upload-token.ts); a whole-blob PUT finishes it in
 * the Worker. The first PATCH moves it into a Durable Object and answers with that session's
 * Location, which clients use from then on (spec: use the most recent Location).
 */
import { hasGrant } from '../../auth/principal';
import { OciError } from '../../errors/oci-error';
import { parseChunkRange } from '../../http/byte-range';
import { claimUpload, isUploadFinished, mountBlob } from '../../storage/blobs-db';
import { findRepositoryRecently } from '../../recent/recent-reads';
import { uploadDirect } from '../../uploads/direct-upload';
import { PART_SIZE, uploadTtlSeconds, type UploadTarget } from '../../uploads/session-state';
import { sessionStub, startSession, uploadError } from '../../uploads/upload-client';
import { isUploadToken, mintUploadToken, readUploadToken } from '../../uploads/upload-token';
import type { ChunkRange } from '../../uploads/upload-result';
import { assertOciEnabled, nameUnknown } from '../access';
import { ociName, ociPath, type OciContext } from '../context';
import { isNameComponent, parseDigest, type OciName } from '../reference';

function uploadHeaders(c: OciContext, name: OciName, sessionId: string, offset: number) {
  return {
    Location: ociPath(c, name, `blobs/uploads/${sessionId}`),
    Range: `0-${Math.max(offset - 1, 0)}`,
    'Docker-Upload-UUID': sessionId,
  };
}

function blobCreated(c: OciContext, name: OciName, digest: string): Response {
  return c.body(null, 201, {
    Location: ociPath(c, name, `blobs/${digest}`),
    'Docker-Content-Digest': digest,
  });
}

function chunkRange(c: OciContext): ChunkRange | null {
  try {
    return parseChunkRange(c.req.header('content-range'));
  } catch (err) {
    throw new OciError('BLOB_UPLOAD_INVALID', (err as Error).message, { status: 416 });
  }
}

function contentLength(c: OciContext): number | null {
  const header = c.req.header('content-length');
  return header !== undefined && /^\d+$/.test(header) ? Number(header) : null;
}

/** `from` of a mount request as an OCI name, or null when it is not one of ours. */
function mountSource(from: string | undefined): OciName | null {
  const parts = from?.split('/') ?? [];
  if (parts.length < 3 || !parts.every(isNameComponent)) return null;
  const [storage, repository, ...rest] = parts;
  return { storage: storage!, repository: repository!, name: rest.join('/'), full: from! };
}

/**
 * The target of a URL-held session, or BLOB_UPLOAD_UNKNOWN. Such a session holds no bytes yet,
 * so a chunk for it must start at 0 (else 416, as for any out-of-order chunk).
 */
async function tokenTarget(
  c: OciContext,
  name: OciName,
  sessionId: string,
  range: ChunkRange | null = null,
): Promise<UploadTarget> {
  const target = await readUploadToken(c.env, sessionId, name.full, uploadTtlSeconds(c.env));
  if (!target) throw new OciError('BLOB_UPLOAD_UNKNOWN', { session: sessionId });
  if (range && range.start !== 0) {
    const detail = `chunk starts at ${range.start} but the upload has 0 bytes`;
    const failure = { ok: false, error: 'RANGE_INVALID', offset: 0, detail } as const;
    throw uploadError(failure, sessionId, ociPath(c, name, `blobs/uploads/${sessionId}`));
  }
  return target;
}

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
      const target = { repositoryId: repository.repositoryId, packageName: name.name };
      // The caller must be allowed to read the source, or it stays invisible to them.
      const scope = hasGrant(c.var.principal, 'read', { ...source, fullName: source.full })
        ? 'all'
        : 'public';
      if (await mountBlob(c.env.DB, source, scope, target, digest))
        return blobCreated(c, name, digest);
    }
  }

  const target: UploadTarget = {
    storageId: repository.storageId,
    repositoryId: repository.repositoryId,
    bucket: repository.bucket,
    packageName: name.name,
    fullName: name.full,
  };
  const monolithicDigest = c.req.query('digest');
  if (monolithicDigest !== undefined) {
    const digest = parseDigest(monolithicDigest);
    await uploadDirect(c.env, {
      target,
      body: c.req.raw.body,
      length: contentLength(c),
      digest,
      sessionId: null,
    });
    return blobCreated(c, name, digest);
  }
  const sessionId = await mintUploadToken(c.env, target);
  return c.body(null, 202, {
    ...uploadHeaders(c, name, sessionId, 0),
    'OCI-Chunk-Min-Length': String(PART_SIZE),
  });
}

export async function uploadStatus(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const sessionId = c.req.param('session')!;
  if (isUploadToken(sessionId)) {
    await tokenTarget(c, name, sessionId);
    if (await isUploadFinished(c.env.DB, sessionId))
      throw new OciError('BLOB_UPLOAD_UNKNOWN', { session: sessionId });
    return c.body(null, 204, uploadHeaders(c, name, sessionId, 0));
  }
  const result = await sessionStub(c.env, sessionId).status(name.full);
  if (!result.ok)
    throw uploadError(result, sessionId, ociPath(c, name, `blobs/uploads/${sessionId}`));
  return c.body(null, 204, uploadHeaders(c, name, sessionId, result.offset));
}

export async function patchUpload(c: OciContext): Promise<Response> {
  const name = ociName(c);
  let sessionId = c.req.param('session')!;
  const range = chunkRange(c);
  if (isUploadToken(sessionId)) {
    // First chunk: the session moves into a Durable Object; this URL is used up.
    const target = await tokenTarget(c, name, sessionId, range);
    if (!(await claimUpload(c.env.DB, sessionId)))
      throw new OciError('BLOB_UPLOAD_UNKNOWN', { session: sessionId });
    sessionId = await startSession(c.env, target);
  }
  const result = await sessionStub(c.env, sessionId).append(
    name.full,
    c.req.raw.body,
    range,
    contentLength(c),
  );
  if (!result.ok)
    throw uploadError(result, sessionId, ociPath(c, name, `blobs/uploads/${sessionId}`));
  return c.body(null, 202, uploadHeaders(c, name, sessionId, result.offset));
}

export async function finishUpload(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const sessionId = c.req.param('session')!;
  const digest = parseDigest(c.req.query('digest'));
  const range = chunkRange(c);
  if (isUploadToken(sessionId)) {
    const target = await tokenTarget(c, name, sessionId, range);
    await uploadDirect(c.env, {
      target,
      body: c.req.raw.body,
      length: contentLength(c),
      digest,
      sessionId,
    });
    return blobCreated(c, name, digest);
  }
  const result = await sessionStub(c.env, sessionId).finish(
    name.full,
    c.req.raw.body,
    range,
    digest,
    contentLength(c),
  );
  if (!result.ok)
    throw uploadError(result, sessionId, ociPath(c, name, `blobs/uploads/${sessionId}`));
  return blobCreated(c, name, digest);
}

export async function cancelUpload(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const sessionId = c.req.param('session')!;
  if (isUploadToken(sessionId)) {
    await tokenTarget(c, name, sessionId);
    if (!(await claimUpload(c.env.DB, sessionId)))
      throw new OciError('BLOB_UPLOAD_UNKNOWN', { session: sessionId });
    return c.body(null, 204);
  }
  if (!(await sessionStub(c.env, sessionId).cancel(name.full))) {
    throw new OciError('BLOB_UPLOAD_UNKNOWN', { session: sessionId });
  }
  return c.body(null, 204);
}
