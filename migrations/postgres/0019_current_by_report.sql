-- report_current by the report it points to: the retraction trigger deletes by report id, which otherwise
-- scans the whole table (one row per task, agency and period of every plan).
CREATE INDEX report_current_by_report ON report_current (report_id);
