-- Progress reports: an append-only history. A retraction ("hoàn tác") is a row of its own; nothing is
-- updated or deleted. The current state of a (task, agency, period) is its latest report not retracted.

CREATE TABLE reports (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    plan_id     TEXT NOT NULL REFERENCES plans (id),
    task_ref    TEXT NOT NULL,
    agency      TEXT NOT NULL,
    role        TEXT NOT NULL CHECK (role IN ('lead', 'support')),
    period      TEXT NOT NULL,
    status      TEXT NOT NULL CHECK (status IN ('done', 'in_progress', 'not_started', 'blocked')),
    percent     INTEGER CHECK (percent BETWEEN 0 AND 100),
    note        TEXT,
    platform    TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    user_id     TEXT NOT NULL,
    user_name   TEXT NOT NULL,
    message_id  TEXT,
    reported_at DATETIME NOT NULL
);

-- The latest report of each (task, agency, period): task details, roll-ups, "changes nothing".
CREATE INDEX reports_by_task_agency ON reports (plan_id, task_ref, agency, period, id);
-- Who reported lately: "chưa báo cáo".
CREATE INDEX reports_by_time ON reports (plan_id, reported_at);
-- A chat's latest report: "hoàn tác".
CREATE INDEX reports_by_chat ON reports (platform, chat_id, id);

CREATE TABLE report_retractions (
    report_id    INTEGER PRIMARY KEY REFERENCES reports (id),
    platform     TEXT NOT NULL,
    chat_id      TEXT NOT NULL,
    user_id      TEXT NOT NULL,
    user_name    TEXT NOT NULL,
    retracted_at DATETIME NOT NULL
);

-- A report waiting for its author's confirmation ("hoàn thành" at 80%, a percentage going down): one per
-- chat, kept in the database so that any replica can take the answer.
CREATE TABLE pending_reports (
    platform   TEXT NOT NULL,
    chat_id    TEXT NOT NULL,
    payload    TEXT NOT NULL,
    created_at DATETIME NOT NULL,
    PRIMARY KEY (platform, chat_id)
);
