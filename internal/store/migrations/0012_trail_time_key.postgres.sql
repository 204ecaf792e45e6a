-- CloudTrail events are keyed by (event_time, event_id) instead of event_id
-- alone, as on SQLite (see that version of this migration): the key grows
-- in time order and serves time ranges, so the event_time index goes.
ALTER TABLE cloudtrail DROP CONSTRAINT cloudtrail_pkey;
ALTER TABLE cloudtrail ADD CONSTRAINT cloudtrail_time_id UNIQUE (event_time, event_id);
DROP INDEX cloudtrail_event_time;
