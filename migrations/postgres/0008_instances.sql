-- The serving processes and when each last showed it is alive: the claims of one that stopped are taken
-- over within seconds instead of after their lease.

CREATE TABLE instances (
    id           TEXT PRIMARY KEY,
    platform     TEXT NOT NULL,
    -- Where it runs: a process starting on the same host can tell at once that one there has died.
    host         TEXT NOT NULL,
    pid          BIGINT NOT NULL,
    started_at   TIMESTAMPTZ NOT NULL,
    heartbeat_at TIMESTAMPTZ NOT NULL
);

ALTER TABLE inbox ADD COLUMN claimed_by TEXT;
ALTER TABLE outbox ADD COLUMN claimed_by TEXT;
