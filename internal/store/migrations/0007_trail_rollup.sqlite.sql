-- Daily counts of CloudTrail events per value of the keyword fields the
-- dashboard and `mamori query --count-by` group by (trail.go's
-- rollupFields): one row per field, UTC day (YYYY-MM-DD) and value. A
-- count-by over a time range reads the whole days here and only the partial
-- first and last day from cloudtrail. PutEvents and PurgeEvents keep it in
-- step with cloudtrail in the same transaction; it adds no index to
-- cloudtrail. WITHOUT ROWID keeps the rows in key order, so a range of
-- days of one field is one contiguous read.
CREATE TABLE trail_rollup (
	field TEXT NOT NULL,
	day   TEXT NOT NULL,
	value TEXT NOT NULL,
	n     BIGINT NOT NULL,
	PRIMARY KEY (field, day, value)
) WITHOUT ROWID;

-- Events stored before this migration.
INSERT INTO trail_rollup (field, day, value, n)
SELECT f.field, substr(c.event_time, 1, 10), CASE f.field
		WHEN 'event_name' THEN c.event_name WHEN 'event_source' THEN c.event_source
		WHEN 'error_code' THEN c.error_code WHEN 'user' THEN c."user"
		WHEN 'user_name' THEN c.user_name WHEN 'user_type' THEN c.user_type
		WHEN 'account' THEN c.account WHEN 'region' THEN c.region
		WHEN 'source_ip' THEN c.source_ip WHEN 'isp' THEN c.isp WHEN 'country' THEN c.country
		WHEN 'event_name_error' THEN c.event_name_error ELSE c.event_name_isp END, COUNT(*)
FROM cloudtrail AS c, (SELECT 'event_name' AS field UNION ALL SELECT 'event_source' UNION ALL
	SELECT 'error_code' UNION ALL SELECT 'user' UNION ALL SELECT 'user_name' UNION ALL
	SELECT 'user_type' UNION ALL SELECT 'account' UNION ALL SELECT 'region' UNION ALL
	SELECT 'source_ip' UNION ALL SELECT 'isp' UNION ALL SELECT 'country' UNION ALL
	SELECT 'event_name_error' UNION ALL SELECT 'event_name_isp') AS f
GROUP BY 1, 2, 3;

-- pii_types:x and types:x compile to uri IN (SELECT uri FROM findings WHERE
-- type = ? [AND method = 'pii']) on SQLite, which cannot index the JSON
-- arrays. With method and uri in the index, that subquery reads the index
-- alone. (PostgreSQL answers those with the GIN indexes of 0002.)
DROP INDEX findings_type;
CREATE INDEX findings_type ON findings (type, method, uri);
