-- expect schema for PostgreSQL, version 5, as ../0005_scorecard_indexes.sql:
-- every message with a reply limit, and every request with a due time, by
-- that time, for the scorecard's period. No new table or column.
CREATE INDEX messages_reply_by ON messages(reply_by) WHERE fyi = 0 AND reply_by IS NOT NULL;
CREATE INDEX messages_due ON messages(due) WHERE is_request = 1 AND due IS NOT NULL;
