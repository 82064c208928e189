/**
 * Guard for `/repositories/<storage>/<repository>/…`: finds the repository and checks access.
 * Reads of public repositories are open; everything else needs a grant. Anonymous callers get
 * 401 with a Basic challenge (as Helm and curl expect); authenticated callers who may not read
 * a private repository are told it does not exist. For "private and not yours" every answer
 * (status, headers, body) is the one for "does not exist" (issue 13): one refusal per caller
 * kind, built the same way whichever the case.
 */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { hasGrant, type Action } from '../auth/principal';
import { ApiError } from '../errors/api-error';
import { findRepository } from '../storage/registry-db';

function basicChallenge(c: Context<AppEnv>, message: string): ApiError {
  const realm = new URL(c.req.url).host;
  return new ApiError(401, message, {
    'WWW-Authenticate': `Basic realm="${realm}", charset="UTF-8"`,
  });
}

/** Resolves the addressed repository into `c.var.repository` once `action` is allowed on it. */
export function withRepository(action: Action) {
  return createMiddleware<AppEnv>(async function withRepository(c, next) {
    const principal = c.var.principal;
    const storage = c.req.param('storage')!;
    const repository = c.req.param('repository')!;
    if (principal.kind === 'invalid') throw basicChallenge(c, 'invalid credentials');
    const record = await findRepository(c.env.DB, storage, repository);
    const refused = () =>
      principal.kind === 'anonymous'
        ? basicChallenge(c, 'authentication required')
        : new ApiError(404, `repository ${storage}/${repository} not found`);
    if (!record) throw refused();
    const granted = hasGrant(principal, action, { storage, repository });
    const publicRead = action === 'read' && record.visibility === 'public';
    if (!granted && !publicRead) {
      const canRead =
        record.visibility === 'public' || hasGrant(principal, 'read', { storage, repository });
      if (principal.kind === 'anonymous' || !canRead) throw refused();
      throw new ApiError(
        403,
        `${action} is not allowed on ${storage}/${repository} with these credentials`,
      );
    }
    if (record.mode === 'oci') {
      const host = new URL(c.req.url).host;
      throw new ApiError(
        403,
        `repository ${storage}/${repository} is in oci mode: the Helm HTTP repository is disabled; use oci://${host}/${storage}/${repository}`,
      );
    }
    c.set('repository', { storage, repository, record });
    await next();
  });
}
