-- The s3_objects index: one row per scanned object (CONTRACT §2, §5).
--
-- Type macros are replaced per engine (see dialect.go). ${TEXT} is text
-- compared bytewise on both engines (COLLATE "C" on PostgreSQL), so ordering
-- and ranges agree. ${JSON} is JSON text on SQLite and jsonb on PostgreSQL;
-- ${TIME} is fixed-width UTC RFC 3339 text on SQLite and timestamptz on
-- PostgreSQL; ${BOOL} is 0/1 on SQLite and boolean on PostgreSQL.
-- Array-valued columns hold a JSON array of strings, never NULL.
CREATE TABLE objects (
	uri           ${TEXT} PRIMARY KEY,
	source        ${TEXT} NOT NULL,
	bucket        ${TEXT} NOT NULL,
	key           ${TEXT} NOT NULL,
	size          BIGINT NOT NULL,
	etag          ${TEXT} NOT NULL,
	last_modified ${TIME},
	content_type  ${TEXT} NOT NULL,
	extension     ${TEXT} NOT NULL,
	classes       ${JSON} NOT NULL,
	themes        ${JSON} NOT NULL,
	risk          INTEGER NOT NULL,
	pii_impact    ${TEXT} NOT NULL,
	pii_types     ${JSON} NOT NULL,
	types         ${JSON} NOT NULL,
	skipped       ${TEXT} NOT NULL,
	error         ${TEXT} NOT NULL,
	truncated     ${BOOL} NOT NULL,
	bytes_scanned BIGINT NOT NULL,
	scanned_at    ${TIME},
	public        ${BOOL},
	encrypted     ${BOOL}
);

CREATE INDEX objects_bucket ON objects (bucket);
CREATE INDEX objects_risk ON objects (risk);
CREATE INDEX objects_pii_impact ON objects (pii_impact);
CREATE INDEX objects_extension ON objects (extension);
CREATE INDEX objects_content_type ON objects (content_type);
CREATE INDEX objects_scanned_at ON objects (scanned_at);

-- One row per finding of an object, in the record's order (ord).
CREATE TABLE findings (
	uri         ${TEXT} NOT NULL REFERENCES objects (uri) ON DELETE CASCADE,
	ord         INTEGER NOT NULL,
	type        ${TEXT} NOT NULL,
	category    ${TEXT} NOT NULL,
	method      ${TEXT} NOT NULL,
	risk        INTEGER NOT NULL,
	count       BIGINT NOT NULL,
	sample      ${TEXT} NOT NULL,
	occurrences ${JSON} NOT NULL,
	PRIMARY KEY (uri, ord)
);

CREATE INDEX findings_type ON findings (type);

-- Facts about this installation, such as its HMAC key.
CREATE TABLE meta (
	key   TEXT PRIMARY KEY,
	value TEXT NOT NULL
);
