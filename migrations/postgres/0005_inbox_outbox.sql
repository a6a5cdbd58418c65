-- Durable intake and delivery. An update is stored here before the platform is told it arrived; a reply
-- is stored before it is sent. Either survives a crash of the process that took it.

CREATE TABLE inbox (
    id            BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform      TEXT NOT NULL,
    update_id     TEXT NOT NULL,
    chat_id       TEXT NOT NULL,
    payload       TEXT NOT NULL,
    received_at   TIMESTAMPTZ NOT NULL,
    state         TEXT NOT NULL DEFAULT 'new' CHECK (state IN ('new', 'done', 'failed')),
    attempts      INTEGER NOT NULL DEFAULT 0,
    claimed_until TIMESTAMPTZ,
    done_at       TIMESTAMPTZ,
    -- A redelivered update (same platform and id) is recognised and skipped.
    UNIQUE (platform, update_id)
);
-- The head of each chat's queue: updates of one chat are handled in the order they arrived.
CREATE INDEX inbox_open ON inbox (platform, chat_id, id) WHERE state = 'new';
CREATE INDEX inbox_done ON inbox (done_at) WHERE state <> 'new';

CREATE TABLE outbox (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    platform        TEXT NOT NULL,
    chat_id         TEXT NOT NULL,
    payload         TEXT NOT NULL,
    file            BYTEA,
    created_at      TIMESTAMPTZ NOT NULL,
    state           TEXT NOT NULL DEFAULT 'pending' CHECK (state IN ('pending', 'sent', 'failed')),
    attempts        INTEGER NOT NULL DEFAULT 0,
    next_attempt_at TIMESTAMPTZ NOT NULL,
    claimed_until   TIMESTAMPTZ,
    sent_at         TIMESTAMPTZ,
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
