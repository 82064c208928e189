-- Upload sessions that live in their URL (signed, see src/uploads/upload-token.ts) and need no
-- Durable Object: once finished or cancelled, their id is recorded here so the URL cannot be
-- used again and its status answers BLOB_UPLOAD_UNKNOWN. Garbage collection prunes old rows.
CREATE TABLE finished_uploads (
  id TEXT PRIMARY KEY,
  finished_at INTEGER NOT NULL DEFAULT (unixepoch())
);
