-- Access tokens: a public id, a secret shown once and stored only as its sha256, scopes per
-- repository ("<storage>/<repository>" or "*", actions read/write/delete) or global admin.
CREATE TABLE access_tokens (
  id TEXT PRIMARY KEY,
  name TEXT NOT NULL,
  secret_hash TEXT NOT NULL,
  admin INTEGER NOT NULL DEFAULT 0,
  scopes TEXT NOT NULL DEFAULT '[]',
  created_at INTEGER NOT NULL DEFAULT (unixepoch()),
  expires_at INTEGER,
  last_used_at INTEGER,
  revoked_at INTEGER
);

-- A manifest push inserts one row here in the same transaction as the manifest: the CHECK
-- fails (and the whole push rolls back) when a referenced blob or manifest vanished after the
-- push checked for it, for instance to a garbage collection running at the same moment.
CREATE TABLE reference_checks (
  expected INTEGER NOT NULL,
  found INTEGER NOT NULL,
  CHECK (found = expected)
);
