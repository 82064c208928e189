/**
 * Sign-in sessions: started from a checked access token (or ADMIN_TOKEN), found again from the
 * cookie's id on every page with the token's current state, ended on sign-out.
 */
import { encodeBase64Url } from 'hono/utils/encode';
import { isActive, principalOfToken, type Authenticated } from '../../auth/credentials';
import type { Principal } from '../../auth/principal';
import { toHex } from '../../core/digest';
import { deleteUiSession, findUiSession, insertUiSession } from '../../storage/ui-sessions-db';
import type { PageSession } from './page-env';

/**
 * Twelve hours from sign-in, fixed (not sliding): a working day, and no D1 write per page to
 * move an expiry. The token's own expiry or revocation ends the session earlier.
 */
export const SESSION_TTL_SECONDS = 12 * 60 * 60;

const encoder = new TextEncoder();

function randomId(): string {
  return encodeBase64Url(crypto.getRandomValues(new Uint8Array(32)).buffer).replace(/=+$/, '');
}

async function sha256Hex(text: string): Promise<string> {
  return toHex(await crypto.subtle.digest('SHA-256', encoder.encode(text)));
}

async function hmacHex(key: string, message: string): Promise<string> {
  const k = await crypto.subtle.importKey(
    'raw',
    encoder.encode(key),
    { name: 'HMAC', hash: 'SHA-256' },
    false,
    ['sign'],
  );
  return toHex(await crypto.subtle.sign('HMAC', k, encoder.encode(message)));
}

/** What the forms of a session carry: HMAC of a fixed label keyed with its CSRF secret. */
function csrfTokenOf(csrfSecret: string): Promise<string> {
  return hmacHex(csrfSecret, 'ui-form:v1');
}

/** The ADMIN_TOKEN check of a session: rotating the secret makes every such check fail. */
function adminCheckOf(adminToken: string, idHash: string): Promise<string> {
  return hmacHex(adminToken, `ui-session:${idHash}`);
}

export interface StartedSession {
  /** The cookie's value: the only place the id exists in clear. */
  id: string;
  maxAgeSeconds: number;
}

/** Starts a session for credentials that authenticateSecret() accepted (admin or a token). */
export async function startSession(env: Env, who: Authenticated): Promise<StartedSession> {
  const id = randomId();
  const idHash = await sha256Hex(id);
  const admin = who.token === null;
  await insertUiSession(env.DB, {
    idHash,
    tokenId: who.token?.id ?? null,
    adminCheck: admin ? await adminCheckOf(env.ADMIN_TOKEN, idHash) : null,
    csrfSecret: randomId(),
    expiresAt: Math.floor(Date.now() / 1000) + SESSION_TTL_SECONDS,
  });
  return { id, maxAgeSeconds: SESSION_TTL_SECONDS };
}

export interface LiveSession {
  principal: Principal;
  session: PageSession;
}

/**
 * The session a cookie id names, with its principal as of now: null when there is none, it
 * expired, its token is revoked, expired or deleted, or ADMIN_TOKEN changed since sign-in.
 */
export async function findSession(env: Env, id: string): Promise<LiveSession | null> {
  const idHash = await sha256Hex(id);
  const row = await findUiSession(env.DB, idHash);
  if (!row) return null;
  let principal: Principal | null = null;
  if (row.tokenId !== null) {
    if (row.token && isActive(row.token)) principal = principalOfToken(row.token);
  } else if (row.adminCheck !== null && env.ADMIN_TOKEN) {
    const expected = await adminCheckOf(env.ADMIN_TOKEN, idHash);
    const stored = encoder.encode(row.adminCheck);
    const wanted = encoder.encode(expected);
    if (stored.length === wanted.length && crypto.subtle.timingSafeEqual(stored, wanted))
      principal = { kind: 'admin', subject: 'admin' };
  }
  if (!principal) return null;
  return { principal, session: { idHash, csrfToken: await csrfTokenOf(row.csrfSecret) } };
}

export async function endSession(env: Env, idHash: string): Promise<void> {
  await deleteUiSession(env.DB, idHash);
}
