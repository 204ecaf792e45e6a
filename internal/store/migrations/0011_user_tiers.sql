-- A user's tier (platinum, gold, silver or bronze) is a property of the
-- user, computed from its whole API history, so it is kept once per user
-- here instead of on every event: SetUserTiers used to rewrite user_tier
-- on every stored event of every user an ingest saw. The query compiler
-- reads the cloudtrail field user_tier from this table (fields.go). The
-- key is the cloudtrail "user"; updated_at is when the tier was last
-- computed (NULL for the tiers carried over below).
CREATE TABLE user_tiers (
	"user"     ${TEXT} PRIMARY KEY,
	tier       ${TEXT} NOT NULL,
	updated_at ${TIME}
);

-- The tiers stored on events before this migration. SetUserTiers wrote the
-- same tier on every event of a user in one transaction, so MAX only picks
-- that one value.
INSERT INTO user_tiers ("user", tier)
SELECT "user", MAX(user_tier) FROM cloudtrail WHERE user_tier <> '' GROUP BY "user";

-- No index or view uses the column (0003 created it unindexed).
ALTER TABLE cloudtrail DROP COLUMN user_tier;
