-- Helm chart versions: one row per chart version, whichever protocol it came in by. The row is
-- tied to its OCI tag, so deleting the tag or the manifest over OCI removes the version from the
-- HTTP repository too (ON DELETE CASCADE), and vice versa.

ALTER TABLE repositories ADD COLUMN index_generation INTEGER NOT NULL DEFAULT 0;
-- ISO 8601 time of the last change to the repository's charts (index.yaml `generated`, Last-Modified).
ALTER TABLE repositories ADD COLUMN index_updated_at TEXT NOT NULL DEFAULT '1970-01-01T00:00:00.000Z';
UPDATE repositories SET index_updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, 'unixepoch');

CREATE TABLE chart_versions (
  repository_id INTEGER NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
  package_id INTEGER NOT NULL,
  name TEXT NOT NULL,
  version TEXT NOT NULL,
  -- The OCI tag: the version with '+' written as '_' (Helm's rule, since OCI tags forbid '+').
  tag TEXT NOT NULL,
  -- Semver precedence as a byte-comparable string (src/helm/version-order.ts).
  version_sort TEXT NOT NULL,
  api_version TEXT NOT NULL,
  app_version TEXT,
  description TEXT,
  type TEXT,
  keywords TEXT,
  home TEXT,
  sources TEXT,
  icon TEXT,
  maintainers TEXT,
  dependencies TEXT,
  annotations TEXT,
  deprecated INTEGER NOT NULL DEFAULT 0,
  kube_version TEXT,
  created TEXT NOT NULL,
  archive_digest TEXT NOT NULL,
  archive_size INTEGER NOT NULL,
  manifest_digest TEXT NOT NULL,
  prov_digest TEXT,
  protocol TEXT NOT NULL CHECK (protocol IN ('oci', 'http')),
  -- The version's entry in index.yaml and index.json, rendered once when it is written.
  index_yaml TEXT NOT NULL,
  index_json TEXT NOT NULL,
  PRIMARY KEY (repository_id, name, version),
  UNIQUE (package_id, tag),
  FOREIGN KEY (package_id, tag) REFERENCES tags (package_id, tag) ON DELETE CASCADE
);
CREATE INDEX chart_versions_order ON chart_versions (repository_id, name, version_sort);

-- Versions are immutable unless the repository allows overwrite: replacing a version's archive
-- aborts the whole write (and its transaction), which also covers concurrent pushes.
CREATE TRIGGER chart_versions_immutable
BEFORE UPDATE OF archive_digest ON chart_versions
WHEN OLD.archive_digest <> NEW.archive_digest
  AND (SELECT allow_overwrite FROM repositories WHERE id = NEW.repository_id) = 0
BEGIN
  SELECT RAISE(ABORT, 'chart version is immutable');
END;

-- Every change to a repository's charts moves its index generation, which keys the cached index.
CREATE TRIGGER chart_versions_insert AFTER INSERT ON chart_versions
BEGIN
  UPDATE repositories
  SET index_generation = index_generation + 1,
      index_updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE id = NEW.repository_id;
END;
CREATE TRIGGER chart_versions_update AFTER UPDATE ON chart_versions
BEGIN
  UPDATE repositories
  SET index_generation = index_generation + 1,
      index_updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE id = NEW.repository_id;
END;
CREATE TRIGGER chart_versions_delete AFTER DELETE ON chart_versions
BEGIN
  UPDATE repositories
  SET index_generation = index_generation + 1,
      index_updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', 'now')
  WHERE id = OLD.repository_id;
END;
