-- Cheaper CloudTrail ingest on SQLite (issue 7, agreed with the query side,
-- issue 8). Each index costs every stored event a B-tree insert; in the
-- pure-Go SQLite an index of (mamori_fold(col), event_time) also costs a
-- call from SQLite into Go per event. The four keyword fields that were
-- indexed twice, plain (0003) and folded (0004), get one index each with
-- the built-in NOCASE collation (ASCII case folding, no callback): AWS event
-- names, error codes, unique ids and bucket names are ASCII. The query
-- compiler matches them with (col = ? COLLATE NOCASE AND mamori_fold(col) =
-- ?), and the store's own lookups by user with (col = ? COLLATE NOCASE AND
-- col = ?). event_time, source_ip, risk and the key stay as they are.
-- PostgreSQL keeps its indexes: lower() is built in there.
DROP INDEX cloudtrail_event_name;
DROP INDEX cloudtrail_user;
DROP INDEX cloudtrail_error_code;
DROP INDEX cloudtrail_bucket;
DROP INDEX cloudtrail_event_name_fold;
DROP INDEX cloudtrail_user_fold;
DROP INDEX cloudtrail_error_code_fold;
DROP INDEX cloudtrail_bucket_fold;
CREATE INDEX cloudtrail_event_name_nocase ON cloudtrail (event_name COLLATE NOCASE, event_time);
CREATE INDEX cloudtrail_user_nocase ON cloudtrail ("user" COLLATE NOCASE, event_time);
CREATE INDEX cloudtrail_error_code_nocase ON cloudtrail (error_code COLLATE NOCASE, event_time);
CREATE INDEX cloudtrail_bucket_nocase ON cloudtrail (bucket COLLATE NOCASE, event_time);
