-- Wrong codes are counted per person and across the deployment as well as per chat: a person rotating
-- chats gets no fresh tries, and one member cannot lock the right code out of their group.
ALTER TABLE bind_failures ADD COLUMN user_id TEXT NOT NULL DEFAULT '';
CREATE INDEX bind_failures_by_time ON bind_failures (failed_at);
