-- Repositories created through the admin API before this migration got the column default of
-- 0003 as their index time (1970-01-01); they now report their creation time, as new ones do.
UPDATE repositories SET index_updated_at = strftime('%Y-%m-%dT%H:%M:%fZ', created_at, 'unixepoch')
WHERE index_updated_at = '1970-01-01T00:00:00.000Z';
