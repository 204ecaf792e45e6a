-- The sessions index of "user" under SQLite's built-in NOCASE collation
-- instead of on mamori_fold("user"), as migration 0008 did for cloudtrail:
-- an expression index on a Go function calls it for every session stored,
-- and an ingest stores one session per 1.5–5 events. The query compiler
-- asks user equalities with the collation and again exactly (NoCase in
-- query/fields.go).
DROP INDEX sessions_user_fold;
CREATE INDEX sessions_user_nocase ON sessions ("user" COLLATE NOCASE, window_start);
