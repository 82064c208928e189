/** Turns what a client sends into a principal: ADMIN_TOKEN, access token secrets, registry tokens. */
import { auth } from 'hono/utils/basic-auth';
import { findTokenRecently } from '../recent/recent-reads';
import { touchToken, TOUCH_INTERVAL_SECONDS, type AccessTokenRecord } from '../storage/tokens-db';
import {
  grantsOf,
  looksLikeJwt,
  verifyRegistryToken,
  type RegistryTokenClaims,
} from './registry-jwt';
import { lastDerived } from './last-derived';
import { ANONYMOUS, type Principal } from './principal';
import { hashSecret, tokenIdOf } from './token-secret';

export interface Credential {
  scheme: 'basic' | 'bearer';
  /** The secret the client presents (Basic password, or username when the password is empty). */
  secret: string;
}

/**
 * The request's credential: null when it sends none, 'malformed' when its Authorization header
 * is unusable. Accepted forms: `curl -u "<secret>:"` (the secret as Basic username), Basic
 * `<token id or anything>:<secret>`, and `Authorization: Bearer <secret>`. Basic credentials are
 * read by Hono's parser (RFC 7617: base64 of UTF-8 `user:password`).
 */
export function parseAuthorization(request: Request): Credential | null | 'malformed' {
  const header = request.headers.get('authorization');
  if (!header) return null;
  const space = header.indexOf(' ');
  const scheme = (space < 0 ? header : header.slice(0, space)).toLowerCase();
  if (scheme === 'bearer') {
    const value = header.slice(space + 1).trim();
    return space > 0 && value ? { scheme, secret: value } : 'malformed';
  }
  if (scheme !== 'basic') return 'malformed';
  const basic = auth(request);
  if (!basic) return 'malformed';
  const secret = basic.password || basic.username;
  // `Basic Og==` (empty user and password) is how some clients say "anonymous".
  return secret ? { scheme, secret } : null;
}

const sha256 = (text: string) => crypto.subtle.digest('SHA-256', new TextEncoder().encode(text));
const adminTokenDigest = lastDerived(sha256);

/**
 * Compares two secrets in time independent of where they differ. Both sides are hashed first,
 * so the comparison length does not depend on the secrets' lengths; `known`'s digest may be
 * given already computed.
 */
export async function secretsEqual(
  presented: string,
  known: string | Promise<ArrayBuffer>,
): Promise<boolean> {
  const [ha, hb] = await Promise.all([
    sha256(presented),
    typeof known === 'string' ? sha256(known) : known,
  ]);
  return crypto.subtle.timingSafeEqual(ha, hb);
}

/** Not revoked and not expired. */
export function isActive(token: AccessTokenRecord, now = Date.now() / 1000): boolean {
  return token.revokedAt === null && (token.expiresAt === null || token.expiresAt > now);
}

export function principalOfToken(token: AccessTokenRecord): Principal {
  if (token.admin) return { kind: 'admin', subject: `token:${token.id}` };
  return {
    kind: 'user',
    subject: `token:${token.id}`,
    grants: token.scopes.map((s) => ({ target: s.repository, actions: s.actions })),
  };
}

export interface Authenticated {
  principal: Principal;
  /** The access token behind the principal, if any. */
  token: AccessTokenRecord | null;
}

type Waiter = { waitUntil(promise: Promise<unknown>): void };

/** Records a token's use (touchToken), with a D1 write only when the last one is too old. */
function noteUse(env: Env, token: AccessTokenRecord, ctx?: Waiter): void {
  const now = Math.floor(Date.now() / 1000);
  if (token.lastUsedAt !== null && token.lastUsedAt >= now - TOUCH_INTERVAL_SECONDS) return;
  // The record may be the one this isolate remembers: the next request sees the new time.
  token.lastUsedAt = now;
  ctx?.waitUntil(touchToken(env.DB, token.id));
}

/** Checks a secret: ADMIN_TOKEN, or an active access token; comparisons are constant-time. */
export async function authenticateSecret(
  env: Env,
  secret: string,
  ctx?: Waiter,
): Promise<Authenticated> {
  if (env.ADMIN_TOKEN && (await secretsEqual(secret, adminTokenDigest(env.ADMIN_TOKEN)))) {
    return { principal: { kind: 'admin', subject: 'admin' }, token: null };
  }
  const id = tokenIdOf(secret);
  const token = id ? await findTokenRecently(env.DB, id) : null;
  if (
    !token ||
    !(await secretsEqual(await hashSecret(secret), token.secretHash)) ||
    !isActive(token)
  ) {
    return { principal: { kind: 'invalid' }, token: null };
  }
  noteUse(env, token, ctx);
  return { principal: principalOfToken(token), token };
}

/**
 * The principal of a request's credential. `service` is the registry host (token audience).
 * Registry tokens are accepted only where `registryTokens` says so (the `/v2` API but not its
 * token endpoint): anywhere else a JWT is just a secret nobody issued, so invalid.
 */
export async function principalOf(
  env: Env,
  request: Request,
  service: string,
  registryTokens: boolean,
  ctx?: Waiter,
): Promise<Principal> {
  const credential = parseAuthorization(request);
  if (credential === null) return ANONYMOUS;
  if (credential === 'malformed') return { kind: 'invalid' };
  if (registryTokens && credential.scheme === 'bearer' && looksLikeJwt(credential.secret)) {
    const claims = await verifyRegistryToken(env, credential.secret, service);
    if (claims) return principalOfClaims(env, claims);
  }
  return (await authenticateSecret(env, credential.secret, ctx)).principal;
}

/**
 * A registry token's principal: exactly the grants of its `access` claim, whoever it was issued
 * to (an admin's token too: issue 13, a registry token must never carry admin power).
 */
async function principalOfClaims(env: Env, claims: RegistryTokenClaims): Promise<Principal> {
  if (claims.tid) {
    // The access token behind a registry token: its expiry applies at once, its revocation
    // within the seconds an isolate keeps the token (recent/recent-reads.ts).
    const token = await findTokenRecently(env.DB, claims.tid);
    if (!token || !isActive(token)) return { kind: 'invalid' };
  }
  return {
    kind: 'user',
    subject: claims.sub,
    grants: grantsOf(claims.access, claims.pub),
  };
}
