-- Binding chats to agencies with one-time codes, and what a chat platform needs to be handled once.

-- One-time invite codes, stored hashed: whoever reads the database cannot bind a chat with them.
CREATE TABLE invite_codes (
    code_hash     TEXT PRIMARY KEY,
    catalog       TEXT NOT NULL,
    agency        TEXT NOT NULL,
    coordinator   BOOLEAN NOT NULL,
    created_by    TEXT NOT NULL,
    created_at    TIMESTAMPTZ NOT NULL,
    expires_at    TIMESTAMPTZ NOT NULL,
    used_at       TIMESTAMPTZ,
    used_platform TEXT,
    used_chat_id  TEXT,
    FOREIGN KEY (catalog, agency) REFERENCES agencies (catalog, code)
);

-- Wrong codes, to refuse a chat that guesses.
CREATE TABLE bind_failures (
    platform  TEXT NOT NULL,
    chat_id   TEXT NOT NULL,
    failed_at TIMESTAMPTZ NOT NULL
);
CREATE INDEX bind_failures_by_chat ON bind_failures (platform, chat_id, failed_at);

-- Updates already handled: a platform that delivers one twice gets one answer.
CREATE TABLE processed_updates (
    platform     TEXT NOT NULL,
    update_id    TEXT NOT NULL,
    processed_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (platform, update_id)
);

-- What each button the bot sent stands for: callback data carries only the token, so it stays short and
-- a forged or replayed button finds nothing.
CREATE TABLE button_tokens (
    token      TEXT PRIMARY KEY,
    platform   TEXT NOT NULL,
    chat_id    TEXT NOT NULL,
    message    TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL
);

-- A document or photo sent with a report: the platform's file id.
ALTER TABLE reports ADD COLUMN evidence TEXT;
