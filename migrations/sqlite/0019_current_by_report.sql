-- report_current by the report it points to. Without it, every report written made SQLite scan the whole
-- table (the foreign key from report_current to reports is checked from the parent's side inside the
-- trigger), and every retraction did too (its trigger deletes by report id): a cost that grew with the
-- country's number of (task, agency, period) groups.
CREATE INDEX report_current_by_report ON report_current (report_id);
