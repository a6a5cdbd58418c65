-- The day a report expects its task done ("phấn đấu xong vào 20/12"): shown with the task, and flagged
-- in reminders and the digest once it has passed.
ALTER TABLE reports ADD COLUMN expected DATE;
