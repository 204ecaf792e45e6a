-- Daily counts of CloudTrail events per value of the keyword fields the
-- dashboard and `mamori query --count-by` group by (see the SQLite version
-- of this migration). Days are UTC, YYYY-MM-DD text on both engines.
CREATE TABLE trail_rollup (
	field TEXT COLLATE "C" NOT NULL,
	day   TEXT COLLATE "C" NOT NULL,
	value TEXT COLLATE "C" NOT NULL,
	n     BIGINT NOT NULL,
	PRIMARY KEY (field, day, value)
);

-- Events stored before this migration.
INSERT INTO trail_rollup (field, day, value, n)
SELECT f.field, to_char(c.event_time AT TIME ZONE 'UTC', 'YYYY-MM-DD'), CASE f.field
		WHEN 'event_name' THEN c.event_name WHEN 'event_source' THEN c.event_source
		WHEN 'error_code' THEN c.error_code WHEN 'user' THEN c."user"
		WHEN 'user_name' THEN c.user_name WHEN 'user_type' THEN c.user_type
		WHEN 'account' THEN c.account WHEN 'region' THEN c.region
		WHEN 'source_ip' THEN c.source_ip WHEN 'isp' THEN c.isp WHEN 'country' THEN c.country
		WHEN 'event_name_error' THEN c.event_name_error ELSE c.event_name_isp END, COUNT(*)
FROM cloudtrail AS c, (VALUES ('event_name'), ('event_source'), ('error_code'), ('user'),
	('user_name'), ('user_type'), ('account'), ('region'), ('source_ip'), ('isp'), ('country'),
	('event_name_error'), ('event_name_isp')) AS f (field)
GROUP BY 1, 2, 3;
