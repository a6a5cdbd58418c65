-- Settings a coordinator may change without code, and the scheduled sends already claimed.

CREATE TABLE settings (
    key   TEXT PRIMARY KEY,
    value TEXT NOT NULL
);

-- One row per (job, period, chat): inserting it claims the send, so a digest for a week goes to a chat
-- at most once, across restarts and replicas.
CREATE TABLE scheduled_sends (
    job        TEXT NOT NULL,
    period     TEXT NOT NULL,
    platform   TEXT NOT NULL,
    chat_id    TEXT NOT NULL,
    claimed_at DATETIME NOT NULL,
    PRIMARY KEY (job, period, platform, chat_id)
);
