/**
 * Blob uploads under `/v2/<name>/blobs/uploads/` (spec: "Pushing blobs": monolithic POST,
 * POST then PUT, chunked PATCH, status GET, cancel DELETE, cross-repository mount).
 *
 * A session starts held in its URL (uploads/upload-token.ts); a whole-blob PUT finishes it in
 * the Worker. The first PATCH moves it into a Durable Object and answers with that object's
 * Location; both Locations keep addressing the session until it ends.
 */
import { ociNameOf } from '../../auth/oci-scope';
import { hasGrant } from '../../auth/principal';
import { OciError } from '../../errors/oci-error';
import { parseChunkRange } from '../../http/byte-range';
import { claimUpload, isUploadFinished, mountBlob } from '../../storage/blobs-db';
import { findRepositoryRecently } from '../../recent/recent-reads';
import { uploadDirect, type Uploaded } from '../../uploads/direct-upload';
import { PART_SIZE, uploadTtlSeconds, type UploadTarget } from '../../uploads/session-state';
import {
  sessionStub,
  startSession,
  tokenSession,
  uploadError,
  type SessionStub,
} from '../../uploads/upload-client';
import {
  isUploadToken,
  mintUploadToken,
  readUploadToken,
  type ReadToken,
} from '../../uploads/upload-token';
import type { ChunkRange, UploadFailure } from '../../uploads/upload-result';
import { assertOciEnabled, nameUnknown } from '../access';
import { ociName, ociPath, type OciContext } from '../context';
import { parseDigest, type OciName } from '../reference';

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
  return from === undefined ? null : ociNameOf(from);
}

/** A genuine URL-held session token (upload-token.ts) for this name, or BLOB_UPLOAD_UNKNOWN. */
async function readToken(c: OciContext, name: OciName, sessionId: string): Promise<ReadToken> {
  const token = await readUploadToken(c.env, sessionId, name.full, uploadTtlSeconds(c.env));
  if (!token) throw new OciError('BLOB_UPLOAD_UNKNOWN', { session: sessionId });
  return token;
}

/**
 * A chunk that does not start at 0 on a URL-held session never used: 416 with the range it has
 * (none), as for any out-of-order chunk, answered before the body goes anywhere. Null when the
 * session was used: its Durable Object (or its end) decides.
 */
async function outOfOrderOnFresh(
  c: OciContext,
  name: OciName,
  sessionId: string,
  token: ReadToken,
  range: ChunkRange | null,
): Promise<OciError | null> {
  if (!range || range.start === 0 || !token.live) return null;
  if (await isUploadFinished(c.env.DB, sessionId)) return null;
  const detail = `chunk starts at ${range.start} but the upload has 0 bytes`;
  const failure = { ok: false, error: 'RANGE_INVALID', offset: 0, detail } as const;
  return uploadError(failure, sessionId, ociPath(c, name, `blobs/uploads/${sessionId}`));
}

const sessionError = (c: OciContext, name: OciName, id: string, failure: UploadFailure) =>
  uploadError(failure, id, ociPath(c, name, `blobs/uploads/${id}`));

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

/*
 * A URL-held session (a token) has three states, known without any record of its own:
 *   fresh   no finished_uploads row: nothing happened yet (a live token only);
 *   moved   a row (claimed by its first PATCH) and a live Durable Object derived from the token;
 *   ended   a row, and no live object (finished, cancelled, or failed).
 * The token's URL and the object's id address the same session in every state, and a row is
 * kept for as long as the token is valid (gc/collect-garbage.ts), so an ended session never
 * starts again, whatever URL names it.
 */

export async function uploadStatus(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const sessionId = c.req.param('session')!;
  if (isUploadToken(sessionId)) {
    const token = await readToken(c, name, sessionId);
    if (token.live && !(await isUploadFinished(c.env.DB, sessionId)))
      return c.body(null, 204, uploadHeaders(c, name, sessionId, 0));
    const session = tokenSession(c.env, sessionId);
    const result = await session.stub.status(name.full);
    if (!result.ok) throw sessionError(c, name, session.id, result);
    return c.body(null, 204, uploadHeaders(c, name, session.id, result.offset));
  }
  const result = await sessionStub(c.env, sessionId).status(name.full);
  if (!result.ok) throw sessionError(c, name, sessionId, result);
  return c.body(null, 204, uploadHeaders(c, name, sessionId, result.offset));
}

export async function patchUpload(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const requested = c.req.param('session')!;
  const range = chunkRange(c);
  let sessionId = requested;
  let stub: SessionStub;
  if (isUploadToken(requested)) {
    const token = await readToken(c, name, requested);
    const outOfOrder = await outOfOrderOnFresh(c, name, requested, token, range);
    if (outOfOrder) throw outOfOrder;
    const first = token.live && (!range || range.start === 0);
    // First chunk: the session moves into its Durable Object (exactly once: the claim).
    if (first && (await claimUpload(c.env.DB, requested)))
      sessionId = await startSession(c.env, requested, token.target);
    else sessionId = tokenSession(c.env, requested).id;
    stub = tokenSession(c.env, requested).stub;
  } else {
    stub = sessionStub(c.env, sessionId);
  }
  const result = await stub.append(name.full, c.req.raw.body, range, contentLength(c));
  if (!result.ok) throw sessionError(c, name, sessionId, result);
  return c.body(null, 202, uploadHeaders(c, name, sessionId, result.offset));
}

/** PUT on a session in its Durable Object: the optional last chunk, then the digest check. */
async function finishInObject(
  c: OciContext,
  name: OciName,
  session: { id: string; stub: SessionStub },
  body: ReadableStream<Uint8Array> | null,
  length: number | null,
): Promise<Uploaded> {
  const digest = parseDigest(c.req.query('digest'));
  const result = await session.stub.finish(name.full, body, chunkRange(c), digest, length);
  if (!result.ok) throw sessionError(c, name, session.id, result);
  return result;
}

export async function finishUpload(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const sessionId = c.req.param('session')!;
  const digest = parseDigest(c.req.query('digest'));
  const range = chunkRange(c);
  if (isUploadToken(sessionId)) {
    const token = await readToken(c, name, sessionId);
    const outOfOrder = await outOfOrderOnFresh(c, name, sessionId, token, range);
    if (outOfOrder) throw outOfOrder;
    const session = tokenSession(c.env, sessionId);
    if (token.live && (!range || range.start === 0)) {
      // The common push: the whole blob straight to R2, with no question asked beforehand.
      await uploadDirect(c.env, {
        target: token.target,
        body: c.req.raw.body,
        length: contentLength(c),
        digest,
        sessionId,
        inUse: (body, length) => finishInObject(c, name, session, body, length),
      });
      return blobCreated(c, name, digest);
    }
    const result = await session.stub.finish(
      name.full,
      c.req.raw.body,
      range,
      digest,
      contentLength(c),
    );
    if (!result.ok) throw sessionError(c, name, session.id, result);
    return blobCreated(c, name, digest);
  }
  await finishInObject(
    c,
    name,
    { id: sessionId, stub: sessionStub(c.env, sessionId) },
    c.req.raw.body,
    contentLength(c),
  );
  return blobCreated(c, name, digest);
}

export async function cancelUpload(c: OciContext): Promise<Response> {
  const name = ociName(c);
  const sessionId = c.req.param('session')!;
  if (isUploadToken(sessionId)) {
    const token = await readToken(c, name, sessionId);
    if (token.live && (await claimUpload(c.env.DB, sessionId))) return c.body(null, 204);
    if (!(await tokenSession(c.env, sessionId).stub.cancel(name.full)))
      throw new OciError('BLOB_UPLOAD_UNKNOWN', { session: sessionId });
    return c.body(null, 204);
  }
  if (!(await sessionStub(c.env, sessionId).cancel(name.full))) {
    throw new OciError('BLOB_UPLOAD_UNKNOWN', { session: sessionId });
  }
  return c.body(null, 204);
}
