/** Worker-side access to upload session Durable Objects: the stub, its failures as RegistryError. */
import { RegistryError } from '../errors/registry-error';
import type { UploadSession } from './upload-session';
import type { UploadFailure } from './upload-result';

export type SessionStub = DurableObjectStub<UploadSession>;

/** A session's Durable Object. */
export interface ObjectSession {
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
export function tokenSession(env: Env, token: string): ObjectSession {
  const id = env.UPLOADS.idFromName(token);
  return { id: id.toString(), stub: env.UPLOADS.get(id) };
}

/** The object of an upload URL's session id, or BLOB_UPLOAD_UNKNOWN for ids we never issued. */
export function objectSession(env: Env, sessionId: string): ObjectSession {
  if (!/^[0-9a-f]{64}$/.test(sessionId))
    throw new RegistryError('BLOB_UPLOAD_UNKNOWN', { session: sessionId });
  try {
    return { id: sessionId, stub: env.UPLOADS.get(env.UPLOADS.idFromString(sessionId)) };
  } catch {
    throw new RegistryError('BLOB_UPLOAD_UNKNOWN', { session: sessionId });
  }
}

/** The headers that locate a session and the bytes it has (spec, "Pushing a blob in chunks"). */
export function sessionHeaders(location: string, sessionId: string, offset: number) {
  return {
    Location: location,
    Range: `0-${Math.max(offset - 1, 0)}`,
    'Docker-Upload-UUID': sessionId,
  };
}

/** Turns a session's failure value into the error the client must see. */
export function uploadError(
  failure: UploadFailure,
  sessionId: string,
  location: string,
): RegistryError {
  switch (failure.error) {
    case 'BLOB_UPLOAD_UNKNOWN':
      return new RegistryError('BLOB_UPLOAD_UNKNOWN', { session: sessionId });
    case 'RANGE_INVALID':
      // Out-of-order chunk: 416 with the range the session really has.
      return new RegistryError(
        'UPLOAD_RANGE_INVALID',
        failure.detail,
        sessionHeaders(location, sessionId, failure.offset),
      );
    case 'BLOB_UPLOAD_INVALID':
      return new RegistryError('BLOB_UPLOAD_INVALID', failure.detail);
    case 'DIGEST_INVALID':
      return new RegistryError('DIGEST_INVALID', failure.detail);
    case 'SIZE_INVALID':
      return new RegistryError('TOO_LARGE', failure.detail);
    case 'NAME_UNKNOWN':
      return new RegistryError('NAME_UNKNOWN', failure.detail);
  }
}
