/** Access to `/repositories/<storage>/<repository>/…`: auth/decide.ts's outcome as the Helm APIs answer. */
import type { Context } from 'hono';
import { createMiddleware } from 'hono/factory';
import type { AppEnv } from '../app-env';
import { basicUnauthorized } from '../auth/challenge';
import { BASIC_SURFACE, decideAccess, type Decision } from '../auth/decide';
import type { Action } from '../core/action';
import { ApiError } from '../errors/api-error';
import type { Repository } from '../core/repository';
import { findRepository } from '../storage/registry-db';

function refusal(c: Context<AppEnv>, decision: Decision, storage: string, repository: string) {
  switch (decision.outcome) {
    case 'challenge':
      return basicUnauthorized(c.req.url, decision.invalid);
    case 'denied':
      return new ApiError(403, decision.message);
    default:
      return new ApiError(404, `repository ${storage}/${repository} not found`);
  }
}

/**
 * Resolves the addressed repository into `c.var.repository` once `action` is allowed on it.
 * Renders auth/decide.ts's outcome as the Helm and ChartMuseum APIs do: `{"error": …}`, with a
 * Basic challenge on 401 (as Helm and curl expect). Hidden is exactly the answer for a repository
 * that does not exist (issue 13). The oci-mode refusal is this surface's own rule, applied once
 * access is allowed.
 */
export function withRepository(action: Action) {
  return createMiddleware<AppEnv>(async function withRepository(c, next) {
    const storage = c.req.param('storage')!;
    const repository = c.req.param('repository')!;
    let found: Promise<Repository | null> | undefined;
    const load = () => (found ??= findRepository(c.env.DB, storage, repository));
    const decision = await decideAccess({
      principal: c.var.principal,
      surface: BASIC_SURFACE,
      action,
      target: { storage, repository },
      repository: load,
    });
    if (decision.outcome !== 'allowed') throw refusal(c, decision, storage, repository);
    // Allowed on this surface means the decision loaded the repository: no second query.
    const record = await load();
    if (!record) throw refusal(c, { outcome: 'hidden' }, storage, repository);
    if (record.mode === 'oci') {
      const host = new URL(c.req.url).host;
      throw new ApiError(
        403,
        `repository ${storage}/${repository} is in oci mode: the Helm HTTP repository is disabled; use oci://${host}/${storage}/${repository}`,
      );
    }
    c.set('repository', record);
    await next();
  });
}
