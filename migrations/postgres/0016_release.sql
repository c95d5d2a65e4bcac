-- The release discipline (docs/PRIVACY-MODEL.md): figures about groups are published once,
-- with noise, and then frozen; every release records the privacy loss it spends.

-- What each release spent, per organisation and calendar year: one row per published cockpit
-- month (kind 'cockpit', subject the month) or closed scan run (kind 'scan', subject the run).
-- epsilon_milli is the differential-privacy epsilon per person, times 1000.
CREATE TABLE privacy_ledger (
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    year BIGINT NOT NULL,
    kind TEXT NOT NULL,
    subject TEXT NOT NULL,
    epsilon_milli BIGINT NOT NULL,
    created_at BIGINT NOT NULL,
    PRIMARY KEY (org_id, kind, subject)
);
CREATE INDEX privacy_ledger_year ON privacy_ledger(org_id, year);

-- Cockpit cells are now releases: noisy figures of a complete month (or the sum of released
-- months for a quarter), written once and never recomputed. The exact figures computed before
-- this migration are dropped; the next refresh publishes the complete months again.
DELETE FROM cockpit_cells;
DELETE FROM cockpit_refreshes;
ALTER TABLE cockpit_cells ADD COLUMN headcount BIGINT NOT NULL DEFAULT 0;
ALTER TABLE cockpit_cells ADD COLUMN released_at BIGINT NOT NULL DEFAULT 0;

-- A closed scan run's report, published once with noise (JSON); its summary is made from it.
ALTER TABLE scan_runs ADD COLUMN release TEXT;
UPDATE scan_runs SET summary = NULL;
