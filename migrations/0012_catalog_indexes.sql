-- The chart catalog's lists (src/storage/catalog-lists-db.ts) show one row per chart: its latest
-- version (the highest version_sort, as index.yaml orders versions). Finding it by grouping
-- chart_versions reads every version of every chart on each search (20,000 rows for a registry
-- of 2,000 charts with 10 versions each); this table, kept by triggers, is one row per chart, so
-- a search reads the charts and the home page's recent list walks an index and stops early.
CREATE TABLE chart_latest (
  repository_id INTEGER NOT NULL REFERENCES repositories (id) ON DELETE CASCADE,
  name TEXT NOT NULL,
  version_sort TEXT NOT NULL,
  -- The latest version's `created`, for the recent list.
  created TEXT NOT NULL,
  PRIMARY KEY (repository_id, name)
);
CREATE INDEX chart_latest_by_created ON chart_latest (created);

INSERT INTO chart_latest (repository_id, name, version_sort, created)
SELECT repository_id, name, max(version_sort), created
FROM chart_versions GROUP BY repository_id, name;

-- A new version is the latest when it sorts highest.
CREATE TRIGGER chart_latest_insert AFTER INSERT ON chart_versions
BEGIN
  INSERT INTO chart_latest (repository_id, name, version_sort, created)
  VALUES (NEW.repository_id, NEW.name, NEW.version_sort, NEW.created)
  ON CONFLICT (repository_id, name) DO UPDATE
    SET version_sort = excluded.version_sort, created = excluded.created
    WHERE excluded.version_sort >= chart_latest.version_sort;
END;

-- An overwritten version (allow_overwrite) gets a new `created`.
CREATE TRIGGER chart_latest_update AFTER UPDATE OF created ON chart_versions
BEGIN
  UPDATE chart_latest SET created = NEW.created
  WHERE repository_id = NEW.repository_id AND name = NEW.name
    AND version_sort = NEW.version_sort;
END;

-- Deleting the latest version makes the next one the latest (or the chart is gone).
CREATE TRIGGER chart_latest_delete AFTER DELETE ON chart_versions
BEGIN
  DELETE FROM chart_latest
  WHERE repository_id = OLD.repository_id AND name = OLD.name
    AND version_sort = OLD.version_sort;
  INSERT INTO chart_latest (repository_id, name, version_sort, created)
  SELECT repository_id, name, version_sort, created FROM chart_versions
  WHERE repository_id = OLD.repository_id AND name = OLD.name
  ORDER BY version_sort DESC LIMIT 1
  ON CONFLICT (repository_id, name) DO NOTHING;
END;
