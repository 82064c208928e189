/** Sign-in sessions of the administration pages in D1 (migrations/0011_ui_sessions.sql). */
import { toToken, type AccessTokenRecord, type TokenRow } from './tokens-db';

export interface NewUiSession {
  /** Hex sha256 of the cookie's random id. */
  idHash: string;
  /** The access token signed in with, or null for ADMIN_TOKEN. */
  tokenId: string | null;
  /** For ADMIN_TOKEN sessions: HMAC of idHash keyed with ADMIN_TOKEN (hex). */
  adminCheck: string | null;
  csrfSecret: string;
  expiresAt: number;
}

export interface UiSessionRecord {
  idHash: string;
  adminCheck: string | null;
  csrfSecret: string;
  createdAt: number;
  expiresAt: number;
  /** The session's access token as it is now (null for ADMIN_TOKEN sessions or a deleted token). */
  token: AccessTokenRecord | null;
  tokenId: string | null;
}

/** Stores a session, and drops every expired one on the way (sign-ins are rare; no cron needed). */
export async function insertUiSession(db: D1Database, s: NewUiSession): Promise<void> {
  await db.batch([
    db.prepare(`DELETE FROM ui_sessions WHERE expires_at <= unixepoch()`),
    db
      .prepare(
        `INSERT INTO ui_sessions (id_hash, token_id, admin_check, csrf_secret, expires_at)
         VALUES (?1, ?2, ?3, ?4, ?5)`,
      )
      .bind(s.idHash, s.tokenId, s.adminCheck, s.csrfSecret, s.expiresAt),
  ]);
}

type SessionJoinRow = {
  s_id_hash: string;
  s_token_id: string | null;
  s_admin_check: string | null;
  s_csrf_secret: string;
  s_created_at: number;
  s_expires_at: number;
} & { [K in keyof TokenRow]: TokenRow[K] | null };

/**
 * An unexpired session with its access token read in the same query (one D1 round trip per
 * page): the token's revocation or expiry shows at once, never from a remembered copy.
 */
export async function findUiSession(
  db: D1Database,
  idHash: string,
): Promise<UiSessionRecord | null> {
  const row = await db
    .prepare(
      `SELECT s.id_hash AS s_id_hash, s.token_id AS s_token_id, s.admin_check AS s_admin_check,
         s.csrf_secret AS s_csrf_secret, s.created_at AS s_created_at, s.expires_at AS s_expires_at, t.*
       FROM ui_sessions s LEFT JOIN access_tokens t ON t.id = s.token_id
       WHERE s.id_hash = ?1 AND s.expires_at > unixepoch()`,
    )
    .bind(idHash)
    .first<SessionJoinRow>();
  if (!row) return null;
  return {
    idHash: row.s_id_hash,
    tokenId: row.s_token_id,
    adminCheck: row.s_admin_check,
    csrfSecret: row.s_csrf_secret,
    createdAt: row.s_created_at,
    expiresAt: row.s_expires_at,
    token: row.id === null ? null : toToken(row as TokenRow),
  };
}

export async function deleteUiSession(db: D1Database, idHash: string): Promise<void> {
  await db.prepare(`DELETE FROM ui_sessions WHERE id_hash = ?1`).bind(idHash).run();
}
