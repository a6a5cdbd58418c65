-- The coordinator's web page. A sign-in link (`/web`, `phoihop web-link`) works once, for minutes; the
-- session it opens lasts days and can be ended from the chat that asked for it (`/web tat`). Both are
-- stored hashed: whoever reads the database cannot sign in with them.
CREATE TABLE web_links (
    token_hash  TEXT PRIMARY KEY,
    catalog     TEXT NOT NULL,
    agency      TEXT NOT NULL,
    coordinator BOOLEAN NOT NULL,
    plan        TEXT,
    platform    TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    used_at     TIMESTAMPTZ
);

CREATE TABLE web_sessions (
    id_hash     TEXT PRIMARY KEY,
    catalog     TEXT NOT NULL,
    agency      TEXT NOT NULL,
    coordinator BOOLEAN NOT NULL,
    plan        TEXT,
    platform    TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    created_at  TIMESTAMPTZ NOT NULL,
    expires_at  TIMESTAMPTZ NOT NULL,
    revoked_at  TIMESTAMPTZ
);
CREATE INDEX web_sessions_by_chat ON web_sessions (platform, chat_id);
