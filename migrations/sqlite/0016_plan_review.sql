-- Whether a plan's results reported done wait for its coordinator's review (plan.toml `review_done`).
ALTER TABLE plans ADD COLUMN review_done BOOLEAN NOT NULL DEFAULT TRUE;
