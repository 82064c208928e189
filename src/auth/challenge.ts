/** The `WWW-Authenticate` challenges: Basic (RFC 7617) and the Docker token flow's Bearer. */
import { ApiError } from '../errors/api-error';

/** The 401 message: credentials were sent and refused, or none came. */
export function challengeMessage(invalid: boolean): string {
  return invalid ? 'invalid credentials' : 'authentication required';
}

/** `Basic realm="<host>"`, as Helm and curl expect before they send `-u` credentials. */
export function basicChallenge(requestUrl: string): string {
  return `Basic realm="${new URL(requestUrl).host}", charset="UTF-8"`;
}

/**
 * The token flow's challenge (Docker "Token Authentication Specification"): the realm is this
 * Worker's `/v2/token`, the service its host. `scope` must be made of validated names: it is
 * written into the header as is.
 */
export function bearerChallenge(requestUrl: string, scope?: string): string {
  const url = new URL(requestUrl);
  const header = `Bearer realm="${url.origin}/v2/token",service="${url.host}"`;
  return scope ? `${header},scope="${scope}"` : header;
}

/** The 401 of the Helm HTTP repository, ChartMuseum and admin APIs. */
export function basicUnauthorized(requestUrl: string, invalid: boolean): ApiError {
  return new ApiError(401, challengeMessage(invalid), {
    'WWW-Authenticate': basicChallenge(requestUrl),
  });
}
