-- Sign-in sessions of the administration pages (src/ui/session/). The cookie holds a random
-- 256-bit id; only its sha256 is stored here. A session belongs to an access token (its
-- principal is the token's, read again on every request, so revoking or expiring the token ends
-- the session at once) or to ADMIN_TOKEN (admin_check: HMAC-SHA256 keyed with ADMIN_TOKEN of the
-- id's hash, so rotating the secret ends those sessions). csrf_secret keys the forms' CSRF token.
CREATE TABLE ui_sessions (
  id_hash TEXT PRIMARY KEY,
  token_id TEXT REFERENCES access_tokens (id) ON DELETE CASCADE,
  admin_check TEXT,
  csrf_secret TEXT NOT NULL,
  created_at INTEGER NOT NULL DEFAULT (unixepoch()),
  expires_at INTEGER NOT NULL,
  CHECK ((token_id IS NULL) <> (admin_check IS NULL))
);
CREATE INDEX ui_sessions_by_token ON ui_sessions (token_id) WHERE token_id IS NOT NULL;
CREATE INDEX ui_sessions_by_expiry ON ui_sessions (expires_at);
