-- The plan as it stands: agencies set up, ended or renamed after a plan was issued, the plan's dated
-- amendments, and reports that say when the state they report held.

-- The first and last day of an agency set up or ended by a reorganisation, who carries on its work,
-- and the names it bore before (JSON).
ALTER TABLE agencies ADD COLUMN valid_from DATE;
ALTER TABLE agencies ADD COLUMN valid_until DATE;
ALTER TABLE agencies ADD COLUMN successors TEXT NOT NULL DEFAULT '[]';
ALTER TABLE agencies ADD COLUMN former_names TEXT NOT NULL DEFAULT '[]';

-- The plan's amendments, oldest first (JSON): read whole with the plan, never queried apart.
ALTER TABLE plans ADD COLUMN amendments TEXT NOT NULL DEFAULT '[]';

-- The day the reported state held, when the report said ("đã hoàn thành ngày 20/12/2025"); otherwise the
-- day it was sent. The agency whose chat entered it, when another agency's report was entered for it
-- (the coordinator's "ghi nhận thay", an import); otherwise the agency itself.
ALTER TABLE reports ADD COLUMN as_of DATE;
ALTER TABLE reports ADD COLUMN entered_by TEXT;

-- When a chat bound to an agency that ended was told who succeeded it: it is told once.
ALTER TABLE chat_bindings ADD COLUMN succession_told_at DATETIME;
