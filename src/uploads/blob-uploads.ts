/** The one entry to blob uploads (start, status, append, finish, cancel), whatever holds the session. */
import { RegistryError } from '../errors/registry-error';
import { claimUpload, isUploadFinished } from '../storage/blobs-db';
import { uploadDirect, type Uploaded } from './direct-upload';
import { PART_SIZE, uploadTtlSeconds, type UploadTarget } from './session-state';
import { objectSession, tokenSession, uploadError, type ObjectSession } from './upload-client';
import type { ChunkRange } from './upload-result';
import { isUploadToken, mintUploadToken, readUploadToken, type ReadToken } from './upload-token';

export { sessionHeaders } from './upload-client';
export type { Uploaded } from './direct-upload';
export type { UploadTarget } from './session-state';
export type { ChunkRange } from './upload-result';

/** The smallest chunk a client should send (`OCI-Chunk-Min-Length`): one R2 part. */
export const MIN_CHUNK_LENGTH = PART_SIZE;

/** The caller's view of a session: the OCI name it must belong to, and how its URL is spelled. */
export interface SessionScope {
  /** `<storage>/<repository>/<name>`: a session of any other name is unknown. */
  fullName: string;
  /** The Location of session `id` under the request's own path. */
  location(id: string): string;
}

/** A request's bytes for the session. */
export interface Chunk {
  body: ReadableStream<Uint8Array> | null;
  /** The request's Content-Range, when it sent one. */
  range: ChunkRange | null;
  /** The request's Content-Length, when it sent one. */
  length: number | null;
}

/** Where a session stands: the id its Location carries now, and the bytes it holds. */
export interface SessionPosition {
  id: string;
  offset: number;
}

/*
 * A session starts held in its URL (a signed token, upload-token.ts) and has three states, known
 * without any record of its own:
 *   fresh   no finished_uploads row: nothing happened yet (a live token only);
 *   moved   a row (claimed by its first PATCH) and a live Durable Object derived from the token;
 *   ended   a row, and no live object (finished, cancelled, or failed).
 * The token's URL and the object's id address the same session in every state, and a row is
 * kept for as long as the token is valid (gc/collect-garbage.ts), so an ended session never
 * starts again, whatever URL names it. Ids that are no token name a Durable Object directly.
 */

/** A new session, held in its URL; returns its id. */
export function start(env: Env, target: UploadTarget): Promise<string> {
  return mintUploadToken(env, target);
}

/** A whole blob in one request without a session (monolithic `POST ?digest=`). */
export function monolithic(
  env: Env,
  target: UploadTarget,
  chunk: Chunk,
  digest: string,
): Promise<Uploaded> {
  return uploadDirect(env, {
    target,
    body: chunk.body,
    length: chunk.length,
    digest,
    sessionId: null,
  });
}

export async function status(env: Env, scope: SessionScope, id: string): Promise<SessionPosition> {
  let session: ObjectSession;
  if (isUploadToken(id)) {
    const token = await readToken(env, scope, id);
    if (token.live && !(await isUploadFinished(env.DB, id))) return { id, offset: 0 };
    session = tokenSession(env, id);
  } else {
    session = objectSession(env, id);
  }
  const result = await session.stub.status(scope.fullName);
  if (!result.ok) throw uploadError(result, session.id, scope.location(session.id));
  return { id: session.id, offset: result.offset };
}

/** A chunk (PATCH); with a range, it must start exactly where the session stands. */
export async function append(
  env: Env,
  scope: SessionScope,
  id: string,
  chunk: Chunk,
): Promise<SessionPosition> {
  let session: ObjectSession;
  if (isUploadToken(id)) {
    const token = await readToken(env, scope, id);
    await refuseOutOfOrderOnFresh(env, scope, id, token, chunk.range);
    session = tokenSession(env, id);
    // First chunk: the session moves into its Durable Object (exactly once: the claim).
    if (token.live && startsAtZero(chunk.range) && (await claimUpload(env.DB, id)))
      await session.stub.start(session.id, token.target);
  } else {
    session = objectSession(env, id);
  }
  const { body, range, length } = chunk;
  const result = await session.stub.append(scope.fullName, body, range, length);
  if (!result.ok) throw uploadError(result, session.id, scope.location(session.id));
  return { id: session.id, offset: result.offset };
}

/** The end of a session (PUT `?digest=`): the optional last chunk, then the digest check. */
export async function finish(
  env: Env,
  scope: SessionScope,
  id: string,
  chunk: Chunk,
  digest: string,
): Promise<Uploaded> {
  if (!isUploadToken(id)) return finishInObject(scope, objectSession(env, id), chunk, digest);
  const token = await readToken(env, scope, id);
  await refuseOutOfOrderOnFresh(env, scope, id, token, chunk.range);
  const session = tokenSession(env, id);
  if (!token.live || !startsAtZero(chunk.range))
    return finishInObject(scope, session, chunk, digest);
  // The common push: the whole blob straight to R2, with no question asked beforehand.
  return uploadDirect(env, {
    target: token.target,
    body: chunk.body,
    length: chunk.length,
    digest,
    sessionId: id,
    inUse: (body, length) =>
      finishInObject(scope, session, { body, range: chunk.range, length }, digest),
  });
}

/** Cancels a session (DELETE) and everything it wrote. */
export async function cancel(env: Env, scope: SessionScope, id: string): Promise<void> {
  let session: ObjectSession;
  if (isUploadToken(id)) {
    const token = await readToken(env, scope, id);
    // A fresh session ends by its claim alone: nothing was written yet.
    if (token.live && (await claimUpload(env.DB, id))) return;
    session = tokenSession(env, id);
  } else {
    session = objectSession(env, id);
  }
  if (!(await session.stub.cancel(scope.fullName)))
    throw new RegistryError('BLOB_UPLOAD_UNKNOWN', { session: id });
}

const startsAtZero = (range: ChunkRange | null) => !range || range.start === 0;

/** A genuine URL-held session token for this name, or BLOB_UPLOAD_UNKNOWN. */
async function readToken(env: Env, scope: SessionScope, id: string): Promise<ReadToken> {
  const token = await readUploadToken(env, id, scope.fullName, uploadTtlSeconds(env));
  if (!token) throw new RegistryError('BLOB_UPLOAD_UNKNOWN', { session: id });
  return token;
}

/**
 * A chunk that does not start at 0 on a URL-held session never used: 416 with the range it has
 * (none), as for any out-of-order chunk, answered before the body goes anywhere. A session that
 * was used passes: its Durable Object (or its end) decides.
 */
async function refuseOutOfOrderOnFresh(
  env: Env,
  scope: SessionScope,
  id: string,
  token: ReadToken,
  range: ChunkRange | null,
): Promise<void> {
  if (!range || range.start === 0 || !token.live) return;
  if (await isUploadFinished(env.DB, id)) return;
  const detail = `chunk starts at ${range.start} but the upload has 0 bytes`;
  throw uploadError(
    { ok: false, error: 'RANGE_INVALID', offset: 0, detail },
    id,
    scope.location(id),
  );
}

async function finishInObject(
  scope: SessionScope,
  session: ObjectSession,
  { body, range, length }: Chunk,
  digest: string,
): Promise<Uploaded> {
  const result = await session.stub.finish(scope.fullName, body, range, digest, length);
  if (!result.ok) throw uploadError(result, session.id, scope.location(session.id));
  return result;
}
