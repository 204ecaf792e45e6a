-- GIN indexes serve Dialect.ArrayContains (jsonb @>) on the array columns.
-- SQLite has no index for json_each, so this migration is PostgreSQL only.
CREATE INDEX objects_classes ON objects USING gin (classes jsonb_path_ops);
CREATE INDEX objects_themes ON objects USING gin (themes jsonb_path_ops);
CREATE INDEX objects_pii_types ON objects USING gin (pii_types jsonb_path_ops);
CREATE INDEX objects_types ON objects USING gin (types jsonb_path_ops);
