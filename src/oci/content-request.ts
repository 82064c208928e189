/** An OCI request as the content service (src/content/) sees it, with /v2's unknown-name answers. */
import type { ContentRequest } from '../content/content-request';
import type { OciName } from '../core/names';
import { nameUnknown, nameUnknownIn } from './access';
import type { OciContext } from './context';

/** What the content service (src/content/) needs of an OCI request for `name`. */
export function contentRequest(c: OciContext, name: OciName): ContentRequest {
  return {
    env: c.env,
    origin: new URL(c.req.url).origin,
    name,
    scope: c.var.readScope,
    method: c.req.method,
    nameUnknown: (repository) =>
      repository === undefined ? nameUnknown(c, name) : nameUnknownIn(c, name, repository),
  };
}
