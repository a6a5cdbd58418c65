-- Who answered "có" to the question a report raised: any member of the chat may, so it is kept who did.
ALTER TABLE reports ADD COLUMN confirmed_by_id TEXT;
ALTER TABLE reports ADD COLUMN confirmed_by TEXT;
