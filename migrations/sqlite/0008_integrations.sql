-- Integrations: the identifiers other systems use for people and units (HR export, SCIM, the
-- identity provider), each person's language and mail choices, the organisation's quiet hours
-- and focus blocks, the durable job queue, and private calendar feeds.
-- Keep in step with the other engine's file of this name.

-- The HR system's employee number (CSV import upserts by it), the SCIM client's externalId,
-- and the identity provider's subject; each unique within an organisation when present.
ALTER TABLE people ADD COLUMN employee_number TEXT;
ALTER TABLE people ADD COLUMN external_id TEXT;
ALTER TABLE people ADD COLUMN oidc_subject TEXT;
CREATE UNIQUE INDEX people_employee_number ON people(org_id, employee_number);
CREATE UNIQUE INDEX people_external_id ON people(org_id, external_id);
CREATE UNIQUE INDEX people_oidc_subject ON people(org_id, oidc_subject);
-- The language mail is written in ('nl' or 'en'); set when the person switches language.
ALTER TABLE people ADD COLUMN lang TEXT NOT NULL DEFAULT 'nl';
-- The weekly digest is opt-out.
ALTER TABLE people ADD COLUMN mail_digest INTEGER NOT NULL DEFAULT 1;
-- A counter raised by every change made through provisioning (SCIM ETags) and its time.
ALTER TABLE people ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE people ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;

-- The HR system's department code (CSV import) and the SCIM client's externalId.
ALTER TABLE units ADD COLUMN code TEXT;
ALTER TABLE units ADD COLUMN external_id TEXT;
CREATE UNIQUE INDEX units_code ON units(org_id, code);
CREATE UNIQUE INDEX units_external_id ON units(org_id, external_id);
ALTER TABLE units ADD COLUMN version BIGINT NOT NULL DEFAULT 1;
ALTER TABLE units ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;

-- No mail leaves between these local times (HH:MM; from > until wraps past midnight).
ALTER TABLE organisations ADD COLUMN quiet_from TEXT NOT NULL DEFAULT '18:00';
ALTER TABLE organisations ADD COLUMN quiet_until TEXT NOT NULL DEFAULT '08:00';

-- Weekly blocks of focused work in which no mail is sent (weekday 1 = Monday … 7 = Sunday).
CREATE TABLE focus_blocks (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    weekday BIGINT NOT NULL,
    starts TEXT NOT NULL,
    ends TEXT NOT NULL
);
CREATE INDEX focus_blocks_org ON focus_blocks(org_id, weekday, starts);

-- The durable job queue: a job is claimed with a lease (locked_by, locked_until); a node that
-- dies loses its lease and another node takes the job over once it has expired. A job is done
-- (done_at), waiting for a retry (run_at in the future), or given up (failed_at).
CREATE TABLE jobs (
    id INTEGER PRIMARY KEY,
    org_id BIGINT REFERENCES organisations(id),
    kind TEXT NOT NULL,
    payload TEXT NOT NULL,
    -- At most one job per key (e.g. one reminder per person and session).
    dedupe_key TEXT UNIQUE,
    run_at BIGINT NOT NULL,
    attempts BIGINT NOT NULL DEFAULT 0,
    max_attempts BIGINT NOT NULL DEFAULT 8,
    locked_by TEXT,
    locked_until BIGINT,
    done_at BIGINT,
    failed_at BIGINT,
    last_error TEXT,
    created_at BIGINT NOT NULL
);
CREATE INDEX jobs_due ON jobs(run_at) WHERE done_at IS NULL AND failed_at IS NULL;
CREATE INDEX jobs_done ON jobs(done_at) WHERE done_at IS NOT NULL;

-- A private calendar feed per person: only the hash of the token in its address is kept, and
-- a new token replaces the old one.
CREATE TABLE calendar_feeds (
    person_id BIGINT PRIMARY KEY REFERENCES people(id),
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL
);

-- Calendar clients take a change only when SEQUENCE rises.
ALTER TABLE sessions ADD COLUMN sequence BIGINT NOT NULL DEFAULT 0;
ALTER TABLE sessions ADD COLUMN updated_at BIGINT NOT NULL DEFAULT 0;
