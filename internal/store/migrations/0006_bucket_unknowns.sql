-- Bucket posture is three-valued: public_read, public_write, public and
-- block_public_access are NULL when unknown (a call was denied or failed),
-- never a guess. 0003 made them NOT NULL; the table is rebuilt without
-- that constraint (SQLite cannot drop a NOT NULL in place).

CREATE TABLE buckets_0006 (
	bucket              ${TEXT} PRIMARY KEY,
	account             ${TEXT} NOT NULL DEFAULT '',
	region              ${TEXT} NOT NULL DEFAULT '',
	public_read         ${BOOL},
	public_write        ${BOOL},
	public              ${BOOL},
	shared_accounts     ${JSON} NOT NULL DEFAULT '[]',
	encryption          ${TEXT} NOT NULL DEFAULT '',
	versioning          ${TEXT} NOT NULL DEFAULT '',
	block_public_access ${BOOL},
	object_count        BIGINT NOT NULL DEFAULT 0,
	size                BIGINT NOT NULL DEFAULT 0,
	max_risk            INTEGER NOT NULL DEFAULT 1,
	sensitivity         INTEGER NOT NULL DEFAULT 0,
	details             ${JSON} NOT NULL DEFAULT '{}',
	updated_at          ${TIME}
);

INSERT INTO buckets_0006 SELECT bucket, account, region, public_read, public_write, public, shared_accounts,
	encryption, versioning, block_public_access, object_count, size, max_risk, sensitivity, details, updated_at
	FROM buckets;
DROP TABLE buckets;
ALTER TABLE buckets_0006 RENAME TO buckets;
CREATE INDEX buckets_account ON buckets (account);
CREATE INDEX buckets_max_risk ON buckets (max_risk);
CREATE INDEX buckets_public_read ON buckets (public_read);
