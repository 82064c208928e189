/** OCI route guard: turns an access decision into UNAUTHORIZED / DENIED with a challenge. */
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { decide, type Action } from '../auth/principal';
import { OciError } from '../errors/oci-error';

export function requireAccess(action: Action) {
  return createMiddleware<AppEnv>(async function requireAccess(c, next) {
    const decision = decide(c.var.principal, action);
    if (decision === 'unauthenticated') {
      const realm = new URL(c.req.url).host;
      throw new OciError('UNAUTHORIZED', `${action} requires a valid credential`, {
        headers: { 'WWW-Authenticate': `Basic realm="${realm}", charset="UTF-8"` },
      });
    }
    if (decision === 'denied') throw new OciError('DENIED', `${action} is not allowed`);
    await next();
  });
}
