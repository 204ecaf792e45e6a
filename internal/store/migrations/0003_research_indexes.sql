-- The other research indexes of CONTRACT §5: s3_buckets, cloudtrail and
-- sessions, plus saved queries. Column names are the contract's field
-- names, so the query compiler maps fields to columns one to one.
-- The S3 posture issue fills buckets; the CloudTrail issue fills
-- cloudtrail and sessions. Array-valued columns hold a JSON array.

CREATE TABLE buckets (
	bucket              ${TEXT} PRIMARY KEY,
	account             ${TEXT} NOT NULL DEFAULT '',
	region              ${TEXT} NOT NULL DEFAULT '',
	public_read         ${BOOL} NOT NULL DEFAULT ${FALSE},
	public_write        ${BOOL} NOT NULL DEFAULT ${FALSE},
	public              ${BOOL} NOT NULL DEFAULT ${FALSE},
	shared_accounts     ${JSON} NOT NULL DEFAULT '[]',
	encryption          ${TEXT} NOT NULL DEFAULT '',
	versioning          ${TEXT} NOT NULL DEFAULT '',
	block_public_access ${BOOL} NOT NULL DEFAULT ${FALSE},
	object_count        BIGINT NOT NULL DEFAULT 0,
	size                BIGINT NOT NULL DEFAULT 0,
	max_risk            INTEGER NOT NULL DEFAULT 1,
	sensitivity         INTEGER NOT NULL DEFAULT 0,
	-- The raw posture document (ACL grants, policy statements, logging,
	-- tagging, website, …) as JSON, for display and later fields.
	details             ${JSON} NOT NULL DEFAULT '{}',
	updated_at          ${TIME}
);

CREATE INDEX buckets_account ON buckets (account);
CREATE INDEX buckets_max_risk ON buckets (max_risk);

-- One row per CloudTrail event (or error), scored and enriched.
CREATE TABLE cloudtrail (
	event_id         ${TEXT} PRIMARY KEY,
	event_time       ${TIME} NOT NULL,
	event_name       ${TEXT} NOT NULL,
	event_source     ${TEXT} NOT NULL,
	error_code       ${TEXT} NOT NULL DEFAULT '',
	error_message    ${TEXT} NOT NULL DEFAULT '',
	risk             INTEGER NOT NULL DEFAULT 1,
	"user"           ${TEXT} NOT NULL DEFAULT '',
	user_type        ${TEXT} NOT NULL DEFAULT '',
	user_name        ${TEXT} NOT NULL DEFAULT '',
	user_tier        ${TEXT} NOT NULL DEFAULT '',
	principal_arn    ${TEXT} NOT NULL DEFAULT '',
	account          ${TEXT} NOT NULL DEFAULT '',
	region           ${TEXT} NOT NULL DEFAULT '',
	source_ip        ${TEXT} NOT NULL DEFAULT '',
	isp              ${TEXT} NOT NULL DEFAULT '',
	asn              BIGINT NOT NULL DEFAULT 0,
	country          ${TEXT} NOT NULL DEFAULT '',
	city             ${TEXT} NOT NULL DEFAULT '',
	user_agent       ${TEXT} NOT NULL DEFAULT '',
	user_agent_os    ${TEXT} NOT NULL DEFAULT '',
	bucket           ${TEXT} NOT NULL DEFAULT '',
	key              ${TEXT} NOT NULL DEFAULT '',
	tor              ${BOOL} NOT NULL DEFAULT ${FALSE},
	proxy            ${BOOL} NOT NULL DEFAULT ${FALSE},
	read_only        ${BOOL} NOT NULL DEFAULT ${FALSE},
	event_name_error ${TEXT} NOT NULL DEFAULT '',
	event_name_isp   ${TEXT} NOT NULL DEFAULT '',
	-- Everything else of the event (request parameters, resources, …)
	-- as JSON; no secrets are stored by the ingester.
	details          ${JSON} NOT NULL DEFAULT '{}'
);

CREATE INDEX cloudtrail_event_time ON cloudtrail (event_time);
CREATE INDEX cloudtrail_event_name ON cloudtrail (event_name);
CREATE INDEX cloudtrail_user ON cloudtrail ("user");
CREATE INDEX cloudtrail_source_ip ON cloudtrail (source_ip);
CREATE INDEX cloudtrail_risk ON cloudtrail (risk);
CREATE INDEX cloudtrail_error_code ON cloudtrail (error_code);
CREATE INDEX cloudtrail_bucket ON cloudtrail (bucket);

-- Classic's 5-minute per-identity aggregates.
CREATE TABLE sessions (
	"user"               ${TEXT} NOT NULL,
	window_start         ${TIME} NOT NULL,
	window_end           ${TIME} NOT NULL,
	events               BIGINT NOT NULL DEFAULT 0,
	distinct_event_names BIGINT NOT NULL DEFAULT 0,
	distinct_source_ips  BIGINT NOT NULL DEFAULT 0,
	distinct_user_agents BIGINT NOT NULL DEFAULT 0,
	objects_read         BIGINT NOT NULL DEFAULT 0,
	objects_written      BIGINT NOT NULL DEFAULT 0,
	objects_deleted      BIGINT NOT NULL DEFAULT 0,
	errors               BIGINT NOT NULL DEFAULT 0,
	max_risk             INTEGER NOT NULL DEFAULT 1,
	isp                  ${TEXT} NOT NULL DEFAULT '',
	country              ${TEXT} NOT NULL DEFAULT '',
	PRIMARY KEY ("user", window_start)
);

CREATE INDEX sessions_window_start ON sessions (window_start);

-- Saved research queries (name → index + query), for alert rules.
CREATE TABLE saved_queries (
	name       ${TEXT} PRIMARY KEY,
	idx        ${TEXT} NOT NULL,
	query      ${TEXT} NOT NULL,
	created_at ${TIME} NOT NULL
);
