-- Most CloudTrail events have no error code, and many (every non-S3 call)
-- no bucket, so on SQLite their indexes of 0008 keep only the events that
-- have one: an event without skips the index insert altogether. The query
-- compiler adds the index's condition (col <> '') to every non-empty
-- equality on these fields so the partial index is used; a query for the
-- empty value reads the table, as other empty-value queries do.
DROP INDEX cloudtrail_error_code_nocase;
DROP INDEX cloudtrail_bucket_nocase;
CREATE INDEX cloudtrail_error_code_nocase ON cloudtrail (error_code COLLATE NOCASE, event_time) WHERE error_code <> '';
CREATE INDEX cloudtrail_bucket_nocase ON cloudtrail (bucket COLLATE NOCASE, event_time) WHERE bucket <> '';
