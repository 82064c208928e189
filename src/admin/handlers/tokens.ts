/** `/api/tokens`: access tokens. The secret is in the creation response only. */
import type { Context } from 'hono';
import * as z from 'zod/mini';
import type { AppEnv } from '../../app-env';
import { hashSecret, newTokenId, newTokenSecret } from '../../auth/token-secret';
import { ApiError } from '../../errors/api-error';
import { isNameComponent } from '../../oci/reference';
import {
  findToken,
  insertToken,
  listTokens,
  revokeToken,
  type AccessTokenRecord,
} from '../../storage/tokens-db';
import { jsonBody } from '../body';

const iso = (seconds: number | null) =>
  seconds === null ? null : new Date(seconds * 1000).toISOString();

export function tokenState(t: AccessTokenRecord): 'active' | 'expired' | 'revoked' {
  if (t.revokedAt !== null) return 'revoked';
  if (t.expiresAt !== null && t.expiresAt <= Date.now() / 1000) return 'expired';
  return 'active';
}

const present = (t: AccessTokenRecord) => ({
  id: t.id,
  name: t.name,
  admin: t.admin,
  scopes: t.scopes,
  state: tokenState(t),
  createdAt: iso(t.createdAt),
  expiresAt: iso(t.expiresAt),
  lastUsedAt: iso(t.lastUsedAt),
  revokedAt: iso(t.revokedAt),
});

const scope = z.object({
  repository: z.string(),
  actions: z.array(z.enum(['read', 'write', 'delete'])).check(z.minLength(1)),
});
/** A token to create, as the API's body and the admin pages' form both give it. */
export const newToken = z.object({
  name: z.string().check(z.minLength(1), z.maxLength(200)),
  admin: z.optional(z.boolean()),
  scopes: z.optional(z.array(scope)),
  expiresInSeconds: z.optional(z.int().check(z.positive())),
  expiresAt: z.optional(z.iso.datetime()),
});

function checkScopeTarget(repository: string): void {
  if (repository === '*') return;
  const parts = repository.split('/');
  if (parts.length !== 2 || !parts.every(isNameComponent)) {
    throw new ApiError(
      400,
      `scope repository "${repository}" must be "<storage>/<repository>" or "*"`,
    );
  }
}

export async function getTokens(c: Context<AppEnv>) {
  return c.json((await listTokens(c.env.DB)).map(present));
}

export async function getToken(c: Context<AppEnv>) {
  const token = await findToken(c.env.DB, c.req.param('id')!);
  if (!token) throw new ApiError(404, `token ${c.req.param('id')} not found`);
  return c.json(present(token));
}

/**
 * When the token expires (unix seconds), or null for never. Refuses both ways of saying it at
 * once (which one should win?) and a date already past.
 */
function expiry(body: { expiresInSeconds?: number; expiresAt?: string }): number | null {
  const now = Math.floor(Date.now() / 1000);
  if (body.expiresInSeconds !== undefined && body.expiresAt !== undefined) {
    throw new ApiError(400, 'give expiresInSeconds or expiresAt, not both');
  }
  if (body.expiresInSeconds !== undefined) return now + body.expiresInSeconds;
  if (body.expiresAt === undefined) return null;
  const at = Math.floor(Date.parse(body.expiresAt) / 1000);
  if (at <= now) throw new ApiError(400, `expiresAt ${body.expiresAt} is not in the future`);
  return at;
}

export type NewTokenInput = z.infer<typeof newToken>;

/** Creates a token from checked input (the API and the admin pages): the record and its secret. */
export async function issueToken(
  db: D1Database,
  body: NewTokenInput,
): Promise<{ token: AccessTokenRecord; secret: string }> {
  const scopes = body.scopes ?? [];
  scopes.forEach((s) => checkScopeTarget(s.repository));
  if (body.admin && body.scopes !== undefined) {
    // An admin token may do everything: scopes beside it would read as a limit that is not one.
    throw new ApiError(400, 'a token is either admin: true or has scopes, not both');
  }
  if (!body.admin && scopes.length === 0)
    throw new ApiError(400, 'a token needs scopes, or admin: true');
  const expiresAt = expiry(body);
  const id = newTokenId();
  const secret = newTokenSecret(id);
  const token = await insertToken(db, {
    id,
    name: body.name,
    secretHash: await hashSecret(secret),
    admin: body.admin ?? false,
    scopes,
    expiresAt,
  });
  return { token, secret };
}

export async function createToken(c: Context<AppEnv>) {
  const { token, secret } = await issueToken(c.env.DB, await jsonBody(c, newToken));
  return c.json({ ...present(token), secret }, 201);
}

/** Revokes a token (the API and the admin pages); 404 when there is none. */
export async function revokeTokenById(db: D1Database, id: string): Promise<void> {
  if (!(await revokeToken(db, id))) throw new ApiError(404, `token ${id} not found`);
}

export async function deleteToken(c: Context<AppEnv>) {
  await revokeTokenById(c.env.DB, c.req.param('id')!);
  return c.json({ revoked: true });
}
