-- Small blobs (a Helm config, most chart archives, provenance files) keep their bytes in D1:
-- pushing one is then one D1 batch instead of an R2 put plus the batch, and serving one is the
-- D1 read the registry makes anyway, with no R2 read (storage/blob-bytes.ts, INLINE_BLOB_LIMIT).
-- Such a row has `content` set and `r2_key` = '' (no object); every other row names an object.
ALTER TABLE blobs ADD COLUMN content BLOB;
