-- Expression indexes for the query compiler's case-insensitive keyword
-- equality, mamori_fold(col) = ? (Dialect.Fold), on the keyword fields
-- research queries filter on most. The second column is the index's
-- default sort (objects: risk; cloudtrail: event_time; sessions:
-- window_start), so "the latest 100 events of this user" reads 100 index
-- entries instead of sorting all of the user's events, and ranges on it
-- combine with the equality inside the index. mamori_fold is registered on
-- every connection mamori opens; other SQLite clients can read these
-- tables but not write them.
CREATE INDEX objects_bucket_fold ON objects (mamori_fold(bucket), risk);
CREATE INDEX objects_pii_impact_fold ON objects (mamori_fold(pii_impact), risk);
CREATE INDEX objects_extension_fold ON objects (mamori_fold(extension), risk);
CREATE INDEX objects_content_type_fold ON objects (mamori_fold(content_type), risk);
CREATE INDEX cloudtrail_event_name_fold ON cloudtrail (mamori_fold(event_name), event_time);
CREATE INDEX cloudtrail_user_fold ON cloudtrail (mamori_fold("user"), event_time);
CREATE INDEX cloudtrail_error_code_fold ON cloudtrail (mamori_fold(error_code), event_time);
CREATE INDEX cloudtrail_bucket_fold ON cloudtrail (mamori_fold(bucket), event_time);
CREATE INDEX sessions_user_fold ON sessions (mamori_fold("user"), window_start);
