/** Worker-side access to upload sessions: finds the Durable Object and maps failures to OCI errors. */
import { OciError } from '../errors/oci-error';
import type { UploadSession } from './upload-session';
import type { UploadTarget } from './session-state';
import type { UploadFailure } from './upload-result';

export type SessionStub = DurableObjectStub<UploadSession>;

export interface TokenSession {
  /** The object's id: the `<uuid>` of the Location answered once the session is in it. */
  id: string;
  stub: SessionStub;
}

/**
 * The Durable Object a URL-held session (upload-token.ts) moves into on its first PATCH. It is
 * derived from the token itself (idFromName), so the token's URL and the object's id address
 * the same session for as long as it lives: the spec lets a client use any Location it was given
 * (the conformance suite retries a chunk and asks the status on the POST's Location after a
 * PATCH), and no record of the move is needed.
 */
export function tokenSession(env: Env, token: string): TokenSession {
  const id = env.UPLOADS.idFromName(token);
  return { id: id.toString(), stub: env.UPLOADS.get(id) };
}

/** Starts the session of `token` in its Durable Object; returns the object's id. */
export async function startSession(env: Env, token: string, target: UploadTarget): Promise<string> {
  const session = tokenSession(env, token);
  await session.stub.start(session.id, target);
  return session.id;
}

/** The stub for an upload URL's session id, or BLOB_UPLOAD_UNKNOWN for ids we never issued. */
export function sessionStub(env: Env, sessionId: string): SessionStub {
  if (!/^[0-9a-f]{64}$/.test(sessionId))
    throw new OciError('BLOB_UPLOAD_UNKNOWN', { session: sessionId });
  try {
    return env.UPLOADS.get(env.UPLOADS.idFromString(sessionId));
  } catch {
    throw new OciError('BLOB_UPLOAD_UNKNOWN', { session: sessionId });
  }
}

/** Turns a session's failure value into the OCI error the client must see. */
export function uploadError(failure: UploadFailure, sessionId: string, location: string): OciError {
  switch (failure.error) {
    case 'BLOB_UPLOAD_UNKNOWN':
      return new OciError('BLOB_UPLOAD_UNKNOWN', { session: sessionId });
    case 'RANGE_INVALID':
      // Out-of-order chunk: 416 with the range the session really has (spec, "Pushing a blob in chunks").
      return new OciError('BLOB_UPLOAD_INVALID', failure.detail, {
        status: 416,
        headers: {
          Location: location,
          Range: `0-${Math.max(failure.offset - 1, 0)}`,
          'Docker-Upload-UUID': sessionId,
        },
      });
    case 'BLOB_UPLOAD_INVALID':
      return new OciError('BLOB_UPLOAD_INVALID', failure.detail);
    case 'DIGEST_INVALID':
      return new OciError('DIGEST_INVALID', failure.detail);
    case 'SIZE_INVALID':
      return new OciError('SIZE_INVALID', failure.detail, { status: 413 });
    case 'NAME_UNKNOWN':
      return new OciError('NAME_UNKNOWN', failure.detail);
  }
}
