-- The storage and repository every fresh install starts with: oci://<host>/default/charts.
INSERT INTO storages (name, bucket) VALUES ('default', 'BLOBS');
INSERT INTO repositories (storage_id, name) SELECT id, 'charts' FROM storages WHERE name = 'default';
