-- Listing on Artifact Hub (issue 15): per repository, the Artifact Hub repository ID and owners
-- served as artifacthub-repo.yml next to index.yaml and as the `artifacthub.io` OCI tag.
ALTER TABLE repositories ADD COLUMN artifacthub_repository_id TEXT;
-- JSON: [{"name": …, "email": …}], as artifacthub-repo.yml's `owners`.
ALTER TABLE repositories ADD COLUMN artifacthub_owners TEXT;

-- The signing key id of the version's `.prov` (hex: the issuer fingerprint or key id of its
-- signature), when it could be read; NULL without a .prov or before the backfill reached it.
ALTER TABLE chart_versions ADD COLUMN prov_key_id TEXT;
-- The versions the key id backfill (helm/backfill-contents.ts) still has to read: a run finds
-- them without scanning every version, and once all are read the index is empty.
CREATE INDEX chart_versions_prov_key_pending ON chart_versions (repository_id)
  WHERE prov_digest IS NOT NULL AND prov_key_id IS NULL;
