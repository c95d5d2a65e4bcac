-- Hartslag core schema (SQLite). Keep in step with migrations/postgres/0001_core.sql:
-- the same tables, columns and indexes; only the identity column syntax differs, and flags are
-- INTEGER 0/1 in SQLite (sqlx's Any driver carries no SQLite BOOLEAN) where PostgreSQL has BOOLEAN.

CREATE TABLE organisations (
    id INTEGER PRIMARY KEY,
    name TEXT NOT NULL,
    slug TEXT NOT NULL UNIQUE,
    sessions_per_week BIGINT NOT NULL DEFAULT 4,
    session_minutes BIGINT NOT NULL DEFAULT 60,
    granted_minutes_per_week BIGINT NOT NULL DEFAULT 240,
    circle_min BIGINT NOT NULL DEFAULT 3,
    circle_max BIGINT NOT NULL DEFAULT 6,
    validation_agree_num BIGINT NOT NULL DEFAULT 2,
    validation_agree_den BIGINT NOT NULL DEFAULT 3,
    validation_objection_blocks INTEGER NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL
);

CREATE TABLE units (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    parent_id BIGINT REFERENCES units(id),
    name TEXT NOT NULL,
    manager_id BIGINT,
    created_at BIGINT NOT NULL
);
CREATE INDEX units_org ON units(org_id, name);
CREATE INDEX units_manager ON units(manager_id);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE people (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    unit_id BIGINT REFERENCES units(id),
    name TEXT NOT NULL,
    email TEXT NOT NULL UNIQUE,
    job_title TEXT NOT NULL DEFAULT '',
    password_hash TEXT,
    is_admin INTEGER NOT NULL DEFAULT FALSE,
    is_adviser INTEGER NOT NULL DEFAULT FALSE,
    is_guest INTEGER NOT NULL DEFAULT FALSE,
    active INTEGER NOT NULL DEFAULT TRUE,
    created_at BIGINT NOT NULL
);
CREATE INDEX people_org ON people(org_id, name);
CREATE INDEX people_unit ON people(unit_id, name);

CREATE TABLE login_sessions (
    token_hash TEXT PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    csrf_token TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX login_sessions_person ON login_sessions(person_id);

CREATE TABLE api_tokens (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    revoked INTEGER NOT NULL DEFAULT FALSE
);

CREATE TABLE framework_versions (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    version BIGINT NOT NULL,
    content TEXT NOT NULL,
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, version)
);

CREATE TABLE circles (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    purpose TEXT NOT NULL DEFAULT '',
    open INTEGER NOT NULL DEFAULT FALSE,
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX circles_org ON circles(org_id, name);

CREATE TABLE circle_members (
    circle_id BIGINT NOT NULL REFERENCES circles(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    status TEXT NOT NULL,
    invited_by BIGINT REFERENCES people(id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (circle_id, person_id)
);
CREATE INDEX circle_members_person ON circle_members(person_id, status);

CREATE TABLE work_situations (
    id INTEGER PRIMARY KEY,
    circle_id BIGINT NOT NULL REFERENCES circles(id),
    author_id BIGINT REFERENCES people(id),
    title TEXT NOT NULL,
    description TEXT NOT NULL,
    kind TEXT NOT NULL,
    critical INTEGER NOT NULL DEFAULT FALSE,
    created_at BIGINT NOT NULL
);
CREATE INDEX work_situations_circle ON work_situations(circle_id, created_at);

CREATE TABLE week_cycles (
    id INTEGER PRIMARY KEY,
    circle_id BIGINT NOT NULL REFERENCES circles(id),
    week_start TEXT NOT NULL,
    framework_version_id BIGINT NOT NULL REFERENCES framework_versions(id),
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    UNIQUE (circle_id, week_start)
);
CREATE INDEX week_cycles_week ON week_cycles(week_start);

CREATE TABLE cycle_questions (
    cycle_id BIGINT NOT NULL REFERENCES week_cycles(id),
    question_no BIGINT NOT NULL,
    PRIMARY KEY (cycle_id, question_no)
);

CREATE TABLE cycle_situations (
    cycle_id BIGINT NOT NULL REFERENCES week_cycles(id),
    situation_id BIGINT NOT NULL REFERENCES work_situations(id),
    PRIMARY KEY (cycle_id, situation_id)
);

CREATE TABLE sessions (
    id INTEGER PRIMARY KEY,
    cycle_id BIGINT NOT NULL REFERENCES week_cycles(id),
    circle_id BIGINT NOT NULL REFERENCES circles(id),
    position BIGINT NOT NULL,
    starts_at TEXT NOT NULL,
    minutes BIGINT NOT NULL,
    place TEXT NOT NULL DEFAULT '',
    cancelled INTEGER NOT NULL DEFAULT FALSE
);
CREATE INDEX sessions_circle ON sessions(circle_id, starts_at);
CREATE INDEX sessions_cycle ON sessions(cycle_id, position);

CREATE TABLE attendance (
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    PRIMARY KEY (session_id, person_id)
);
CREATE INDEX attendance_person ON attendance(person_id);

CREATE TABLE session_guests (
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    invited_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    PRIMARY KEY (session_id, person_id)
);
CREATE INDEX session_guests_person ON session_guests(person_id);

CREATE TABLE notes (
    session_id BIGINT NOT NULL REFERENCES sessions(id),
    step BIGINT NOT NULL,
    body TEXT NOT NULL,
    version BIGINT NOT NULL,
    updated_by BIGINT REFERENCES people(id),
    updated_at BIGINT NOT NULL,
    PRIMARY KEY (session_id, step)
);

CREATE TABLE reflections (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    session_id BIGINT REFERENCES sessions(id),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX reflections_person ON reflections(person_id, created_at);

CREATE TABLE proposals (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    circle_id BIGINT NOT NULL REFERENCES circles(id),
    situation_id BIGINT REFERENCES work_situations(id),
    kind TEXT NOT NULL,
    title TEXT NOT NULL,
    problem TEXT NOT NULL,
    proposal TEXT NOT NULL,
    expected_effect TEXT NOT NULL,
    risks TEXT NOT NULL,
    state TEXT NOT NULL,
    phase TEXT,
    implementation TEXT,
    decider_id BIGINT REFERENCES people(id),
    revision BIGINT NOT NULL,
    version BIGINT NOT NULL,
    decision_reason TEXT,
    submitted_at BIGINT,
    decided_at BIGINT,
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX proposals_circle ON proposals(circle_id, updated_at);
CREATE INDEX proposals_decider ON proposals(decider_id, state, submitted_at);
CREATE INDEX proposals_org_state ON proposals(org_id, state);

CREATE TABLE proposal_revisions (
    proposal_id BIGINT NOT NULL REFERENCES proposals(id),
    revision BIGINT NOT NULL,
    title TEXT NOT NULL,
    problem TEXT NOT NULL,
    proposal TEXT NOT NULL,
    expected_effect TEXT NOT NULL,
    risks TEXT NOT NULL,
    edited_by BIGINT REFERENCES people(id),
    edited_at BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, revision)
);

CREATE TABLE votes (
    proposal_id BIGINT NOT NULL REFERENCES proposals(id),
    person_id BIGINT NOT NULL REFERENCES people(id),
    revision BIGINT NOT NULL,
    choice TEXT NOT NULL,
    reason TEXT NOT NULL,
    cast_at BIGINT NOT NULL,
    PRIMARY KEY (proposal_id, revision, person_id)
);
CREATE INDEX votes_person ON votes(person_id);

CREATE TABLE proposal_events (
    id INTEGER PRIMARY KEY,
    proposal_id BIGINT NOT NULL REFERENCES proposals(id),
    actor_id BIGINT REFERENCES people(id),
    at BIGINT NOT NULL,
    kind TEXT NOT NULL,
    from_state TEXT,
    to_state TEXT,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX proposal_events_proposal ON proposal_events(proposal_id, id);

CREATE TABLE effect_notes (
    id INTEGER PRIMARY KEY,
    proposal_id BIGINT NOT NULL REFERENCES proposals(id),
    author_id BIGINT REFERENCES people(id),
    body TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX effect_notes_proposal ON effect_notes(proposal_id, id);
