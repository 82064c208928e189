/** The answer for `/v2` requests no route took (ociRoutes' last, catch-all route). */
import type { Context } from 'hono';
import { RegistryError } from '../errors/registry-error';
import { splitOciName } from './reference';

const API_PATH =
  /^\/v2\/(?:repositories\/)?(.+?)\/(?:manifests\/[^/]+|blobs\/uploads\/?[^/]*|blobs\/[^/]+|tags\/list|referrers\/[^/]+)$/s;

/**
 * Unknown `/v2` path: a name of the wrong shape, a wrong method, or no such endpoint. The `s`
 * flag: a name with a line break (`a%0ab`) matches no route's `.+`, and is a malformed name too.
 */
export function ociNotFound(c: Context): never {
  const m = API_PATH.exec(c.req.path);
  if (!m) throw new RegistryError('ENDPOINT_UNKNOWN', `no endpoint ${c.req.path}`);
  // An empty component (`default//charts/x`) never reaches a route: the name is malformed, not the
  // method (spec "Pulling manifests": <name> is path components matching the name grammar).
  if (!splitOciName(m[1]!)) {
    throw new RegistryError('NAME_INVALID', {
      name: m[1],
      reason: 'names are <storage>/<repository>/<name>',
    });
  }
  throw new RegistryError(
    'METHOD_UNSUPPORTED',
    `${c.req.method} is not supported on ${c.req.path}`,
  );
}
