-- Garbage collection asks which R2 objects a blob row names (src/gc/orphan-objects.ts): an
-- object that none names was left by a Worker killed between its write and its commit.
CREATE INDEX blobs_by_r2_key ON blobs (r2_key);
