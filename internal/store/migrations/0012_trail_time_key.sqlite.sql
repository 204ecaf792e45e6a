-- CloudTrail events are keyed by (event_time, event_id) instead of event_id
-- alone. The old key was a random UUID, so every stored event inserted
-- into a random place of its index: with the separate event_time index it
-- was the costliest part of an ingest (profiled: 20 % of the writer's CPU).
-- The new key grows in time order, as CloudTrail delivers events, and
-- serves time ranges and the default newest-first order, so the
-- event_time index goes. An event's time never changes, so re-ingesting a
-- log still stores nothing twice. An eventID lookup without its time was
-- never served by an index (the query compiler folds the case of
-- event_id), and is not now.
--
-- SQLite cannot change a table's key, so the table is rebuilt in key
-- order; its secondary indexes are made again afterwards, the risk index
-- now partial.
CREATE TABLE cloudtrail_new (
	event_id         TEXT NOT NULL,
	event_time       TEXT NOT NULL,
	event_name       TEXT NOT NULL,
	event_source     TEXT NOT NULL,
	error_code       TEXT NOT NULL DEFAULT '',
	error_message    TEXT NOT NULL DEFAULT '',
	risk             INTEGER NOT NULL DEFAULT 1,
	"user"           TEXT NOT NULL DEFAULT '',
	user_type        TEXT NOT NULL DEFAULT '',
	user_name        TEXT NOT NULL DEFAULT '',
	principal_arn    TEXT NOT NULL DEFAULT '',
	account          TEXT NOT NULL DEFAULT '',
	region           TEXT NOT NULL DEFAULT '',
	source_ip        TEXT NOT NULL DEFAULT '',
	isp              TEXT NOT NULL DEFAULT '',
	asn              BIGINT NOT NULL DEFAULT 0,
	country          TEXT NOT NULL DEFAULT '',
	city             TEXT NOT NULL DEFAULT '',
	user_agent       TEXT NOT NULL DEFAULT '',
	user_agent_os    TEXT NOT NULL DEFAULT '',
	bucket           TEXT NOT NULL DEFAULT '',
	key              TEXT NOT NULL DEFAULT '',
	tor              INTEGER NOT NULL DEFAULT 0,
	proxy            INTEGER NOT NULL DEFAULT 0,
	read_only        INTEGER NOT NULL DEFAULT 0,
	event_name_error TEXT NOT NULL DEFAULT '',
	event_name_isp   TEXT NOT NULL DEFAULT '',
	-- Everything else of the event (request parameters, resources, …)
	-- as JSON; no secrets are stored by the ingester.
	details          TEXT NOT NULL DEFAULT '{}',
	long_lived_token INTEGER NOT NULL DEFAULT 0,
	UNIQUE (event_time, event_id)
);

INSERT INTO cloudtrail_new (event_id, event_time, event_name, event_source, error_code, error_message, risk, "user", user_type, user_name, principal_arn, account, region, source_ip, isp, asn, country, city, user_agent, user_agent_os, bucket, key, tor, proxy, read_only, event_name_error, event_name_isp, details, long_lived_token)
SELECT event_id, event_time, event_name, event_source, error_code, error_message, risk, "user", user_type, user_name, principal_arn, account, region, source_ip, isp, asn, country, city, user_agent, user_agent_os, bucket, key, tor, proxy, read_only, event_name_error, event_name_isp, details, long_lived_token FROM cloudtrail ORDER BY event_time, event_id;

DROP TABLE cloudtrail;
ALTER TABLE cloudtrail_new RENAME TO cloudtrail;

CREATE INDEX cloudtrail_source_ip ON cloudtrail (source_ip);
-- Only the events of risk 5 and more: what people look for by risk (85 %
-- of sample events score less), and a B-tree insert for most events less.
-- The query compiler adds "risk >= 5" to a risk condition that implies it
-- (store.TrailRiskIndexMin), so SQLite uses the index.
CREATE INDEX cloudtrail_risk ON cloudtrail (risk) WHERE risk >= 5;
CREATE INDEX cloudtrail_event_name_nocase ON cloudtrail (event_name COLLATE NOCASE, event_time);
CREATE INDEX cloudtrail_user_nocase ON cloudtrail ("user" COLLATE NOCASE, event_time);
CREATE INDEX cloudtrail_error_code_nocase ON cloudtrail (error_code COLLATE NOCASE, event_time) WHERE error_code <> '';
CREATE INDEX cloudtrail_bucket_nocase ON cloudtrail (bucket COLLATE NOCASE, event_time) WHERE bucket <> '';
