-- Durable intake and delivery. An update is stored here before the platform is told it arrived; a reply
-- is stored before it is sent. Either survives a crash of the process that took it.

CREATE TABLE inbox (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    platform      TEXT NOT NULL,
    update_id     TEXT NOT NULL,
    chat_id       TEXT NOT NULL,
    payload       TEXT NOT NULL,
    received_at   DATETIME NOT NULL,
    state         TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'done', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    claimed_until DATETIME,
    done_at       DATETIME,
    -- A redelivered update (same platform and id) is recognised and skipped.
    UNIQUE (platform, update_id)
);
-- The head of each chat's queue: updates of one chat are handled in the order they arrived.
CREATE INDEX inbox_open ON inbox (platform, chat_id, id) WHERE state = 'new';
CREATE INDEX inbox_done ON inbox (done_at) WHERE state <> 'new';

CREATE TABLE outbox (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    platform        TEXT NOT NULL,
    chat_id         TEXT NOT NULL,
    payload         TEXT NOT NULL,
    file            BLOB,
    created_at      DATETIME NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at DATETIME NOT NULL,
    claimed_until   DATETIME,
    sent_at         DATETIME,
    error           TEXT
);
CREATE INDEX outbox_open ON outbox (platform, chat_id, id) WHERE state = 'pending';
CREATE INDEX outbox_closed ON outbox (sent_at) WHERE state <> 'pending';

-- The inbox remembers handled updates now.
DROP TABLE processed_updates;

-- The update a report or retraction came from: handling an update again after a crash finds what it did
-- the first time instead of doing it twice.
ALTER TABLE reports ADD COLUMN source TEXT;
CREATE UNIQUE INDEX reports_by_source ON reports (source);
ALTER TABLE report_retractions ADD COLUMN source TEXT;
CREATE UNIQUE INDEX retractions_by_source ON report_retractions (source);
