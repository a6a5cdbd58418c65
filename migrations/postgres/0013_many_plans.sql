-- A plan that ended its life in the bot: kept with its reports, no longer asked about or reminded.
ALTER TABLE plans ADD COLUMN retired_at TIMESTAMPTZ;

-- The plan a chat last meant, so that a series of reports needs no repeats (read only when a
-- reference fits several plans).
CREATE TABLE chat_plans (
    platform  TEXT NOT NULL,
    chat_id   TEXT NOT NULL,
    plan_id   TEXT NOT NULL REFERENCES plans (id),
    chosen_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (platform, chat_id)
);
