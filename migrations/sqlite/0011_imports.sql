-- HR imports: the uploaded file is kept between the dry run and applying it, then emptied
-- (housekeeping empties any file older than a day). Keep in step with the other engine's file.
CREATE TABLE imports (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    created_by BIGINT REFERENCES people(id),
    filename TEXT NOT NULL,
    content TEXT NOT NULL,
    -- The options (preset, column overrides, full import, threshold), JSON.
    options TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    applied_at BIGINT,
    -- The counts of the applied import, JSON.
    summary TEXT
);
CREATE INDEX imports_org ON imports(org_id, id);
