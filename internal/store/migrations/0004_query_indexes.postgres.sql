-- Expression indexes for the query compiler's case-insensitive keyword
-- equality, lower((col) COLLATE "default") = ? (Dialect.Fold), on the
-- keyword fields research queries filter on most, with the index's default
-- sort as second column (see the SQLite version of this migration).
CREATE INDEX objects_bucket_fold ON objects (lower((bucket) COLLATE "default"), risk);
CREATE INDEX objects_pii_impact_fold ON objects (lower((pii_impact) COLLATE "default"), risk);
CREATE INDEX objects_extension_fold ON objects (lower((extension) COLLATE "default"), risk);
CREATE INDEX objects_content_type_fold ON objects (lower((content_type) COLLATE "default"), risk);
CREATE INDEX cloudtrail_event_name_fold ON cloudtrail (lower((event_name) COLLATE "default"), event_time);
CREATE INDEX cloudtrail_user_fold ON cloudtrail (lower(("user") COLLATE "default"), event_time);
CREATE INDEX cloudtrail_error_code_fold ON cloudtrail (lower((error_code) COLLATE "default"), event_time);
CREATE INDEX cloudtrail_bucket_fold ON cloudtrail (lower((bucket) COLLATE "default"), event_time);
CREATE INDEX sessions_user_fold ON sessions (lower(("user") COLLATE "default"), window_start);
