-- What changed since a time (the start of a week, for its digest): reports by time have an index
-- already, retractions get theirs.
CREATE INDEX retractions_by_time ON report_retractions (retracted_at);
