/** Answers for `/v2` requests no route took, and for unexpected failures, in the OCI error shape. */
import type { Context } from 'hono';
import { OciError } from '../errors/oci-error';
import { isNameComponent } from './reference';

const API_PATH =
  /^\/v2\/(?:repositories\/)?(.+?)\/(?:manifests\/[^/]+|blobs\/uploads\/?[^/]*|blobs\/[^/]+|tags\/list|referrers\/[^/]+)$/s;

/**
 * Unknown `/v2` path: a name of the wrong shape, a wrong method, or no such endpoint. The `s`
 * flag: a name with a line break (`a%0ab`) matches no route's `.+`, and is a malformed name too.
 */
export function ociNotFound(c: Context): Response {
  const m = API_PATH.exec(c.req.path);
  if (!m)
    return new OciError('UNSUPPORTED', `no endpoint ${c.req.path}`, { status: 404 }).getResponse();
  // An empty component (`default//charts/x`) never reaches a route: the name is malformed, not the
  // method (spec "Pulling manifests": <name> is path components matching the name grammar).
  const components = m[1]!.split('/');
  if (components.length < 3 || !components.every(isNameComponent)) {
    return new OciError('NAME_INVALID', {
      name: m[1],
      reason: 'names are <storage>/<repository>/<name>',
    }).getResponse();
  }
  return new OciError('UNSUPPORTED', `${c.req.method} is not supported on ${c.req.path}`, {
    status: 405,
  }).getResponse();
}
