-- A result reported done by an agency waits for the plan's coordinator, who confirms it or returns it
-- with a reason. The decision is kept on the report it is about (the report itself never changes).
ALTER TABLE reports ADD COLUMN review TEXT CHECK (review IN ('pending', 'confirmed', 'returned'));
ALTER TABLE reports ADD COLUMN review_note TEXT;
ALTER TABLE reports ADD COLUMN reviewed_by TEXT;
ALTER TABLE reports ADD COLUMN reviewed_at DATETIME;
-- The few that wait, or were decided lately, found without a scan of all reports.
CREATE INDEX reports_under_review ON reports (plan_id, review) WHERE review IS NOT NULL;
