-- What a chart page shows of a chart version, extracted once from its archive
-- (src/helm/chart-contents.ts): keyed by the archive it derives from, per repository, so a page
-- is one query joining chart_versions (whose prov_digest says whether a .prov is attached).
CREATE TABLE chart_contents (
  repository_id INTEGER NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
  archive_digest TEXT NOT NULL,
  -- JSON: {"files": [{kind, path, size, offset, stored, truncated}], "filesOmitted",
  -- "annotations": {artifacthub.io/* without the prefix: raw strings}}
  summary TEXT NOT NULL,
  -- The files' stored bytes back to back: inline when small, else the R2 object bodies_r2_key
-- (src/storage/r2-keys.ts chartBodiesKey).
  bodies BLOB,
  bodies_r2_key TEXT,
  bodies_size INTEGER NOT NULL,
  PRIMARY KEY (repository_id, archive_digest)
);
