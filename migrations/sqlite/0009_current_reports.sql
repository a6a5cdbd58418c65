-- The current state of each (task, agency, period): the id of its latest report not retracted, kept by
-- the database as reports and retractions are written. "Nhiệm vụ III.2", roll-ups and "changes nothing"
-- then read one row per group instead of every report the group ever had.

CREATE TABLE report_current (
    plan_id   TEXT NOT NULL,
    task_ref  TEXT NOT NULL,
    agency    TEXT NOT NULL,
    period    TEXT NOT NULL,
    report_id INTEGER NOT NULL REFERENCES reports (id),
    PRIMARY KEY (plan_id, task_ref, agency, period)
);

INSERT INTO report_current (plan_id, task_ref, agency, period, report_id)
SELECT r.plan_id, r.task_ref, r.agency, r.period, MAX(r.id)
FROM reports r LEFT JOIN report_retractions x ON x.report_id = r.id
WHERE x.report_id IS NULL
GROUP BY r.plan_id, r.task_ref, r.agency, r.period;

-- A new report is its group's current one (ids only grow).
CREATE TRIGGER report_current_on_report AFTER INSERT ON reports
BEGIN
    INSERT INTO report_current (plan_id, task_ref, agency, period, report_id)
    VALUES (NEW.plan_id, NEW.task_ref, NEW.agency, NEW.period, NEW.id)
    ON CONFLICT (plan_id, task_ref, agency, period) DO UPDATE SET report_id = excluded.report_id
    WHERE excluded.report_id > report_current.report_id;
END;

-- A retracted report gives way to the latest one before it that stands, if any.
CREATE TRIGGER report_current_on_retraction AFTER INSERT ON report_retractions
BEGIN
    DELETE FROM report_current WHERE report_id = NEW.report_id;
    INSERT INTO report_current (plan_id, task_ref, agency, period, report_id)
    SELECT r.plan_id, r.task_ref, r.agency, r.period, MAX(s.id)
    FROM reports r
    JOIN reports s ON s.plan_id = r.plan_id AND s.task_ref = r.task_ref AND s.agency = r.agency
                   AND s.period = r.period
    LEFT JOIN report_retractions x ON x.report_id = s.id
    WHERE r.id = NEW.report_id AND x.report_id IS NULL
    GROUP BY r.plan_id, r.task_ref, r.agency, r.period
    ON CONFLICT (plan_id, task_ref, agency, period) DO UPDATE SET report_id = excluded.report_id;
END;
