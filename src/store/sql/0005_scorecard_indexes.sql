-- expect schema, version 5: the scorecard's messages read from indexes.
--
-- The scorecard counts the messages whose reply limit, and the requests
-- whose due time, fell in its period, answered or not. The indexes of
-- schema 1 hold only the unanswered ones (what `check` reads), so the
-- scorecard read every message up to now through `messages_at`: 2.9 s on a
-- book of 1,000,000 messages. These two hold every message with a limit
-- and every request with a due time. No new table or column.
CREATE INDEX messages_reply_by ON messages(reply_by) WHERE fyi = 0 AND reply_by IS NOT NULL;
CREATE INDEX messages_due ON messages(due) WHERE is_request = 1 AND due IS NOT NULL;
