-- Registry metadata. Bytes live in R2 (see src/storage/r2-keys.ts); D1 holds what points at them.

-- A storage is a named namespace backed by one R2 bucket binding.
CREATE TABLE storages (
  id INTEGER PRIMARY KEY,
  name TEXT NOT NULL UNIQUE,
  bucket TEXT NOT NULL DEFAULT 'BLOBS',
  created_at INTEGER NOT NULL DEFAULT (unixepoch())
);

-- A repository inside a storage (what `helm repo add` and `oci://host/<storage>/<repository>` name).
CREATE TABLE repositories (
  id INTEGER PRIMARY KEY,
  storage_id INTEGER NOT NULL REFERENCES storages (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  mode TEXT NOT NULL DEFAULT 'hybrid' CHECK (mode IN ('hybrid', 'http', 'oci')),
  visibility TEXT NOT NULL DEFAULT 'public' CHECK (visibility IN ('public', 'private')),
  allow_overwrite INTEGER NOT NULL DEFAULT 0,
  created_at INTEGER NOT NULL DEFAULT (unixepoch()),
  UNIQUE (storage_id, name)
);

-- An OCI repository `<storage>/<repository>/<name>` (for Helm: one chart). Created on first push.
CREATE TABLE packages (
  id INTEGER PRIMARY KEY,
  repository_id INTEGER NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  created_at INTEGER NOT NULL DEFAULT (unixepoch()),
  UNIQUE (repository_id, name)
);

-- Content-addressed bytes, stored once per storage whatever the number of packages using them.
CREATE TABLE blobs (
  storage_id INTEGER NOT NULL REFERENCES storages (id) ON DELETE CASCADE,
  digest TEXT NOT NULL,
  size INTEGER NOT NULL,
  r2_key TEXT NOT NULL,
  created_at INTEGER NOT NULL DEFAULT (unixepoch()),
  PRIMARY KEY (storage_id, digest)
);

-- Which blobs a package may serve (uploaded into it, mounted into it, or referenced by its manifests).
CREATE TABLE package_blobs (
  package_id INTEGER NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
  digest TEXT NOT NULL,
  created_at INTEGER NOT NULL DEFAULT (unixepoch()),
  PRIMARY KEY (package_id, digest)
);

-- Manifests, by digest. Small ones are kept inline; bigger ones are a blob in R2.
CREATE TABLE manifests (
  package_id INTEGER NOT NULL REFERENCES packages (id) ON DELETE CASCADE,
  digest TEXT NOT NULL,
  media_type TEXT NOT NULL,
  size INTEGER NOT NULL,
  content TEXT,
  artifact_type TEXT,
  subject TEXT,
  annotations TEXT,
  created_at INTEGER NOT NULL DEFAULT (unixepoch()),
  PRIMARY KEY (package_id, digest)
);
CREATE INDEX manifests_by_subject ON manifests (package_id, subject) WHERE subject IS NOT NULL;

-- What each manifest references: its config and layers (blobs) or child manifests (indexes).
CREATE TABLE manifest_refs (
  package_id INTEGER NOT NULL,
  manifest_digest TEXT NOT NULL,
  ref_digest TEXT NOT NULL,
  PRIMARY KEY (package_id, manifest_digest, ref_digest),
  FOREIGN KEY (package_id, manifest_digest) REFERENCES manifests (package_id, digest) ON DELETE CASCADE
);
CREATE INDEX manifest_refs_by_ref ON manifest_refs (package_id, ref_digest);

CREATE TABLE tags (
  package_id INTEGER NOT NULL,
  tag TEXT NOT NULL,
  manifest_digest TEXT NOT NULL,
  updated_at INTEGER NOT NULL DEFAULT (unixepoch()),
  PRIMARY KEY (package_id, tag),
  FOREIGN KEY (package_id, manifest_digest) REFERENCES manifests (package_id, digest) ON DELETE CASCADE
);
CREATE INDEX tags_by_manifest ON tags (package_id, manifest_digest);
