-- Expression indexes for the query compiler's case-insensitive keyword
-- equality, mamori_fold(col) = ? (Dialect.Fold), on the keyword fields
-- research queries filter on most. mamori_fold is registered on every
-- connection mamori opens; other SQLite clients can read these tables but
-- not write them.
CREATE INDEX objects_bucket_fold ON objects (mamori_fold(bucket));
CREATE INDEX objects_pii_impact_fold ON objects (mamori_fold(pii_impact));
CREATE INDEX objects_extension_fold ON objects (mamori_fold(extension));
CREATE INDEX objects_content_type_fold ON objects (mamori_fold(content_type));
CREATE INDEX cloudtrail_event_name_fold ON cloudtrail (mamori_fold(event_name));
CREATE INDEX cloudtrail_user_fold ON cloudtrail (mamori_fold("user"));
CREATE INDEX cloudtrail_error_code_fold ON cloudtrail (mamori_fold(error_code));
CREATE INDEX cloudtrail_bucket_fold ON cloudtrail (mamori_fold(bucket));
CREATE INDEX sessions_user_fold ON sessions (mamori_fold("user"));
