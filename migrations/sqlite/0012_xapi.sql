-- xAPI learning records: the organisation's LRS, each person's consent, and the statements
-- planned for them (one row per fact, so a fact is sent once however often planning runs).
-- Keep in step with the other engine's file.
CREATE TABLE xapi_settings (
    org_id BIGINT PRIMARY KEY REFERENCES organisations(id),
    enabled INTEGER NOT NULL DEFAULT FALSE,
    -- The LRS's xAPI base address, e.g. https://lrs.example.org/data/xAPI (without /statements).
    endpoint TEXT NOT NULL DEFAULT '',
    username TEXT NOT NULL DEFAULT '',
    -- The password, sealed with the server key (never shown again).
    secret_sealed TEXT NOT NULL DEFAULT '',
    updated_by BIGINT REFERENCES people(id),
    updated_at BIGINT NOT NULL
);

-- When the person said yes; NULL is no (the default). Only facts after this moment are sent.
ALTER TABLE people ADD COLUMN xapi_consent_at BIGINT;

CREATE TABLE xapi_statements (
    -- The statement's UUID: a retry sends the same id, which the LRS takes as the same statement.
    id TEXT PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    -- 'attended' (subject: a session) or 'contributed' (subject: a validated proposal).
    kind TEXT NOT NULL,
    subject_id BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    sent_at BIGINT,
    UNIQUE (person_id, kind, subject_id)
);
CREATE INDEX xapi_statements_unsent ON xapi_statements(org_id, sent_at);

-- Planning finds contributions from the consenting people: votes have a person index already.
CREATE INDEX proposal_revisions_editor ON proposal_revisions(edited_by);
-- ... and the consenting people themselves, without reading everyone of a large organisation.
CREATE INDEX people_xapi_consent ON people(org_id) WHERE xapi_consent_at IS NOT NULL;
