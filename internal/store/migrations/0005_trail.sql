-- CloudTrail sessions count long-lived session tokens, as Macie Classic's
-- countLongLifeAccessToken did: GetSessionToken calls asking for more than
-- 43,200 seconds (12 hours). The event flag is what the count is built from.
ALTER TABLE cloudtrail ADD COLUMN long_lived_token ${BOOL} NOT NULL DEFAULT ${FALSE};
ALTER TABLE sessions ADD COLUMN long_lived_tokens BIGINT NOT NULL DEFAULT 0;
