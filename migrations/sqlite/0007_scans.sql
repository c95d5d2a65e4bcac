-- Scans: runs of an instrument for a population, and answers that cannot be linked to people.
-- Keep in step with the other engine's file of this name. The design is in
-- src/scans/PRIVACY.md: who has answered (`scan_responded`) and what was answered
-- (`scan_responses`) share no id, timestamp or order.

-- The organisation shares its closed runs' per-block aggregates with the installation's
-- benchmark, and sees the benchmark in return.
ALTER TABLE organisations ADD COLUMN scan_benchmark INTEGER NOT NULL DEFAULT FALSE;

CREATE TABLE scan_runs (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    instrument TEXT NOT NULL,
    instrument_version BIGINT NOT NULL,
    -- The job-group variant ('' for instruments without variants).
    variant TEXT NOT NULL DEFAULT '',
    -- The item ids asked, comma-separated, in order: the key to every stored answer string.
    items TEXT NOT NULL,
    title TEXT NOT NULL,
    -- 'org', 'units' or 'jobs'.
    population TEXT NOT NULL,
    opens_on TEXT NOT NULL,
    closes_on TEXT NOT NULL,
    -- The smallest group an answer is attributed to and a report shows.
    min_group BIGINT NOT NULL,
    reminders_sent BIGINT NOT NULL DEFAULT 0,
    last_reminder_at BIGINT,
    closed_at BIGINT,
    -- Per-block aggregates written when the run closes (trend and benchmark), JSON.
    summary TEXT,
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX scan_runs_org ON scan_runs(org_id, opens_on);
CREATE INDEX scan_runs_instrument ON scan_runs(instrument, closed_at);

CREATE TABLE scan_run_units (
    run_id BIGINT NOT NULL REFERENCES scan_runs(id),
    unit_id BIGINT NOT NULL REFERENCES units(id),
    PRIMARY KEY (run_id, unit_id)
);

CREATE TABLE scan_run_jobs (
    run_id BIGINT NOT NULL REFERENCES scan_runs(id),
    job_title TEXT NOT NULL,
    PRIMARY KEY (run_id, job_title)
);

-- Who has answered: a keyed hash of run and person (the key is the server's secret, not in
-- the database). Kept only while the run is open. WITHOUT ROWID: stored in the hash's order.
CREATE TABLE scan_responded (
    run_id BIGINT NOT NULL REFERENCES scan_runs(id),
    marker TEXT NOT NULL,
    PRIMARY KEY (run_id, marker)
) WITHOUT ROWID;

-- Answers saved to continue later: sealed with the server's secret, under a second keyed
-- hash. Removed when the answers are sent or the run closes.
CREATE TABLE scan_drafts (
    run_id BIGINT NOT NULL REFERENCES scan_runs(id),
    marker TEXT NOT NULL,
    sealed TEXT NOT NULL,
    PRIMARY KEY (run_id, marker)
) WITHOUT ROWID;

-- What was answered: a random id, the smallest unit of at least `min_group` people above the
-- respondent's own, one digit per item (0: not answered), and the hash of the receipt that only
-- the respondent holds. No person, no time. WITHOUT ROWID: stored in the random id's order.
CREATE TABLE scan_responses (
    run_id BIGINT NOT NULL REFERENCES scan_runs(id),
    id TEXT NOT NULL,
    unit_id BIGINT REFERENCES units(id),
    answers TEXT NOT NULL,
    receipt TEXT NOT NULL UNIQUE,
    PRIMARY KEY (run_id, id)
) WITHOUT ROWID;
