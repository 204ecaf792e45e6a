-- Events from Tor exit nodes and anonymous proxies are few, and they are
-- what an investigation asks for first (Macie Classic's guide:
-- tor:true AND event_name:ConsoleLogin). These partial indexes hold only
-- those events, in the key's order, so tor:true reads them newest first
-- instead of the whole table (680 ms on 1,000,000 events before), and an
-- ingest inserts into them only for such events. SQLite matches the
-- compiler's "tor = ?" to the index's condition once the value is bound
-- (it prepares the statement again); PostgreSQL plans its unnamed
-- statements with their values.
CREATE INDEX cloudtrail_tor ON cloudtrail (event_time, event_id) WHERE tor = ${TRUE};
CREATE INDEX cloudtrail_proxy ON cloudtrail (event_time, event_id) WHERE proxy = ${TRUE};
