/** Access tokens in D1 (migrations/0004_access_tokens.sql). */
import type { Action } from '../core/action';

export interface TokenScope {
  /** `<storage>/<repository>` or `*`. */
  repository: string;
  actions: Action[];
}

export interface AccessTokenRecord {
  id: string;
  name: string;
  secretHash: string;
  admin: boolean;
  scopes: TokenScope[];
  createdAt: number;
  expiresAt: number | null;
  lastUsedAt: number | null;
  revokedAt: number | null;
}

/** An access_tokens row as D1 returns it (also joined by ui-sessions-db.ts). */
export interface TokenRow {
  id: string;
  name: string;
  secret_hash: string;
  admin: number;
  scopes: string;
  created_at: number;
  expires_at: number | null;
  last_used_at: number | null;
  revoked_at: number | null;
}

export const toToken = (r: TokenRow): AccessTokenRecord => ({
  id: r.id,
  name: r.name,
  secretHash: r.secret_hash,
  admin: r.admin !== 0,
  scopes: JSON.parse(r.scopes) as TokenScope[],
  createdAt: r.created_at,
  expiresAt: r.expires_at,
  lastUsedAt: r.last_used_at,
  revokedAt: r.revoked_at,
});

export async function findToken(db: D1Database, id: string): Promise<AccessTokenRecord | null> {
  const row = await db
    .prepare(`SELECT * FROM access_tokens WHERE id = ?1`)
    .bind(id)
    .first<TokenRow>();
  return row ? toToken(row) : null;
}

export async function listTokens(db: D1Database): Promise<AccessTokenRecord[]> {
  const { results } = await db
    .prepare(`SELECT * FROM access_tokens ORDER BY created_at, id`)
    .all<TokenRow>();
  return results.map(toToken);
}

export interface NewToken {
  id: string;
  name: string;
  secretHash: string;
  admin: boolean;
  scopes: TokenScope[];
  expiresAt: number | null;
}

export async function insertToken(db: D1Database, t: NewToken): Promise<AccessTokenRecord> {
  const row = await db
    .prepare(
      `INSERT INTO access_tokens (id, name, secret_hash, admin, scopes, expires_at)
       VALUES (?1, ?2, ?3, ?4, ?5, ?6) RETURNING *`,
    )
    .bind(t.id, t.name, t.secretHash, t.admin ? 1 : 0, JSON.stringify(t.scopes), t.expiresAt)
    .first<TokenRow>();
  return toToken(row!);
}

/** Revokes a token; returns false when there is no such token. */
export async function revokeToken(db: D1Database, id: string): Promise<boolean> {
  const result = await db
    .prepare(
      `UPDATE access_tokens SET revoked_at = coalesce(revoked_at, unixepoch()) WHERE id = ?1`,
    )
    .bind(id)
    .run();
  return result.meta.changes > 0;
}

/** A token's last use is recorded to this many seconds. */
export const TOUCH_INTERVAL_SECONDS = 60;

/** Records a use, at most once per TOUCH_INTERVAL_SECONDS per token. */
export async function touchToken(db: D1Database, id: string): Promise<void> {
  await db
    .prepare(
      `UPDATE access_tokens SET last_used_at = unixepoch()
       WHERE id = ?1 AND (last_used_at IS NULL OR last_used_at < unixepoch() - ?2)`,
    )
    .bind(id, TOUCH_INTERVAL_SECONDS)
    .run();
}
