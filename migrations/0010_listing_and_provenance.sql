-- Listing on Artifact Hub (issue 15): per repository, the Artifact Hub repository ID and owners
-- served as artifacthub-repo.yml next to index.yaml and as the `artifacthub.io` OCI tag.
ALTER TABLE repositories ADD COLUMN artifacthub_repository_id TEXT;
-- JSON: [{"name": …, "email": …}], as artifacthub-repo.yml's `owners`.
ALTER TABLE repositories ADD COLUMN artifacthub_owners TEXT;

-- The signing key id of the version's `.prov` (hex: the issuer fingerprint or key id of its
-- signature), when it could be read; NULL without a .prov or before the backfill reached it.
ALTER TABLE chart_versions ADD COLUMN prov_key_id TEXT;
