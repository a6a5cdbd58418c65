-- Agencies, plans and their tasks, and the chats bound to agencies.
-- Plans are loaded from seed files; the rows are their queryable form, `plans.content` the canonical
-- text that tells whether a reload changes anything.

CREATE TABLE catalogs (
    id   TEXT PRIMARY KEY,
    name TEXT NOT NULL
);

CREATE TABLE agencies (
    catalog    TEXT NOT NULL REFERENCES catalogs (id),
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    short_name TEXT,
    kind       TEXT NOT NULL,
    aliases    TEXT NOT NULL DEFAULT '[]',
    position   INTEGER NOT NULL,
    PRIMARY KEY (catalog, code)
);

CREATE TABLE agency_groups (
    catalog  TEXT NOT NULL REFERENCES catalogs (id),
    code     TEXT NOT NULL,
    name     TEXT NOT NULL,
    aliases  TEXT NOT NULL DEFAULT '[]',
    position INTEGER NOT NULL,
    PRIMARY KEY (catalog, code)
);

CREATE TABLE agency_group_members (
    catalog     TEXT NOT NULL,
    group_code  TEXT NOT NULL,
    agency_code TEXT NOT NULL,
    position    INTEGER NOT NULL,
    PRIMARY KEY (catalog, group_code, agency_code),
    FOREIGN KEY (catalog, group_code) REFERENCES agency_groups (catalog, code) ON DELETE CASCADE,
    FOREIGN KEY (catalog, agency_code) REFERENCES agencies (catalog, code)
);

CREATE TABLE plans (
    id          TEXT PRIMARY KEY,
    catalog     TEXT NOT NULL REFERENCES catalogs (id),
    code        TEXT NOT NULL,
    title       TEXT NOT NULL,
    short_title TEXT,
    issuer      TEXT NOT NULL,
    issued      DATE NOT NULL,
    coordinator TEXT NOT NULL,
    ends        INTEGER NOT NULL,
    content     TEXT NOT NULL,
    loaded_at   DATETIME NOT NULL,
    FOREIGN KEY (catalog, coordinator) REFERENCES agencies (catalog, code)
);

CREATE TABLE plan_sections (
    plan_id  TEXT NOT NULL REFERENCES plans (id) ON DELETE CASCADE,
    id       TEXT NOT NULL,
    title    TEXT NOT NULL,
    position INTEGER NOT NULL,
    PRIMARY KEY (plan_id, id)
);

CREATE TABLE tasks (
    plan_id   TEXT NOT NULL REFERENCES plans (id),
    ref       TEXT NOT NULL,
    section   TEXT NOT NULL,
    position  INTEGER NOT NULL,
    title     TEXT NOT NULL,
    product   TEXT NOT NULL,
    timeframe TEXT NOT NULL,
    due       DATE NOT NULL,
    PRIMARY KEY (plan_id, ref)
);

CREATE TABLE task_assignees (
    plan_id   TEXT NOT NULL,
    task_ref  TEXT NOT NULL,
    role      TEXT NOT NULL CHECK (role IN ('lead', 'support')),
    assignee  TEXT NOT NULL,
    requested BOOLEAN NOT NULL DEFAULT FALSE,
    position  INTEGER NOT NULL,
    PRIMARY KEY (plan_id, task_ref, role, assignee),
    FOREIGN KEY (plan_id, task_ref) REFERENCES tasks (plan_id, ref) ON DELETE CASCADE
);

-- Which tasks name an agency or group: "nhiệm vụ của tôi" at scale.
CREATE INDEX task_assignees_by_assignee ON task_assignees (assignee, plan_id);

CREATE TABLE chat_bindings (
    platform    TEXT NOT NULL,
    chat_id     TEXT NOT NULL,
    catalog     TEXT NOT NULL,
    agency      TEXT NOT NULL,
    coordinator BOOLEAN NOT NULL,
    bound_at    DATETIME NOT NULL,
    PRIMARY KEY (platform, chat_id),
    FOREIGN KEY (catalog, agency) REFERENCES agencies (catalog, code)
);

CREATE INDEX chat_bindings_by_agency ON chat_bindings (catalog, agency);
