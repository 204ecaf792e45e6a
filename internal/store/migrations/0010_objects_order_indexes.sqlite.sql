-- The objects' default order is risk DESC, uri (query.Select).
-- objects_risk_uri holds that whole order: query.Estimate has SQLite read
-- a pii_types/types equality's objects through it when they are many,
-- stopping after --limit rows instead of reading and sorting them all.
-- objects_bucket_fold ends in (risk DESC, uri) for the same reason: with
-- (…, risk) SQLite read and sorted every row of the bucket's top risk by
-- uri (bucket:x AND pii_impact:y --limit 100 on 1M objects: 71 ms of CPU,
-- 0.7 ms now). The fold indexes of pii_impact, extension and content_type
-- keep (…, risk): they match a fifth of the rows or more, which in rowid
-- order share pages, and a count that reads the rows through them costs
-- twice as much in uri order.
CREATE INDEX objects_risk_uri ON objects (risk DESC, uri);
DROP INDEX objects_bucket_fold;
CREATE INDEX objects_bucket_fold ON objects (mamori_fold(bucket), risk DESC, uri);
