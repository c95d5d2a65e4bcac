-- The self-designed learning path (zelfontworpen leertraject): the professional's own plan.
CREATE TABLE learning_paths (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    starts_on TEXT NOT NULL,
    ends_on TEXT NOT NULL,
    planned_weeks BIGINT NOT NULL,
    talents TEXT NOT NULL,
    goals TEXT NOT NULL,
    questions TEXT NOT NULL,
    share_plan INTEGER NOT NULL DEFAULT 0,
    share_progress INTEGER NOT NULL DEFAULT 0,
    share_items INTEGER NOT NULL DEFAULT 0,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX learning_paths_person ON learning_paths(person_id, starts_on);

-- Formal learning the professional chose, and milestones.
CREATE TABLE path_items (
    id INTEGER PRIMARY KEY,
    path_id BIGINT NOT NULL REFERENCES learning_paths(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    provider TEXT NOT NULL DEFAULT '',
    minutes BIGINT,
    link TEXT NOT NULL DEFAULT '',
    due_on TEXT,
    done INTEGER NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL
);
CREATE INDEX path_items_path ON path_items(path_id, kind, id);
