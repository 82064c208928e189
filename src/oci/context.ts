/** Per-request helpers for OCI handlers: the addressed name and URLs under the same prefix. */
import type { Context } from 'hono';
import type { AppEnv } from '../app-env';
import type { OciName } from '../core/names';
import { parseOciName } from './reference';

export type OciContext = Context<AppEnv>;

/** The OCI name of the request (`/v2/<storage>/<repository>/<name>/…`), validated. */
export function ociName(c: OciContext): OciName {
  return parseOciName(c.req.param('storage')!, c.req.param('repository')!, c.req.param('name')!);
}

/**
 * A path under the prefix the client used: `/v2/repositories/…` answers with `/v2/repositories/…`
 * locations. Locations stay relative (same origin), because Helm and oras drop credentials on
 * cross-origin redirects.
 */
export function ociPath(c: OciContext, name: OciName, suffix: string): string {
  const prefix = c.req.path.startsWith('/v2/repositories/') ? '/v2/repositories' : '/v2';
  return `${prefix}/${name.full}/${suffix}`;
}
