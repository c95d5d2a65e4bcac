-- The cockpit's figures and the organisation's retention settings. Keep in step with the
-- other engine's file of the same name.

-- Figures built from fewer people than this are hidden; never below five.
ALTER TABLE organisations ADD COLUMN cockpit_min_group BIGINT NOT NULL DEFAULT 5;
-- Shared session notes older than this many months are removed (NULL: kept).
ALTER TABLE organisations ADD COLUMN retention_notes_months BIGINT;
-- Accounts deactivated longer ago than this many months are erased (NULL: kept).
ALTER TABLE organisations ADD COLUMN retention_departed_months BIGINT;
ALTER TABLE people ADD COLUMN deactivated_at BIGINT;

-- One row per unit in the last refresh: its place in the tree and its headcount. Unit 0 is the
-- whole organisation.
CREATE TABLE cockpit_units (
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    unit_id BIGINT NOT NULL,
    parent_id BIGINT,
    name TEXT NOT NULL,
    leaf INTEGER NOT NULL,
    headcount BIGINT NOT NULL,
    direct_headcount BIGINT NOT NULL,
    hidden TEXT NOT NULL,
    direct_hidden TEXT NOT NULL,
    PRIMARY KEY (org_id, unit_id)
);
CREATE INDEX cockpit_units_parent ON cockpit_units(org_id, parent_id);

-- Figures per unit and period: scope 'tree' is the unit with everything below it, 'direct' the
-- people placed in the unit itself. Period keys: '2026-11-16' (week), '2026-11', '2026-Q4'.
CREATE TABLE cockpit_cells (
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    unit_id BIGINT NOT NULL,
    scope TEXT NOT NULL,
    period TEXT NOT NULL,
    participants BIGINT NOT NULL,
    person_weeks BIGINT NOT NULL,
    minutes_granted BIGINT NOT NULL,
    minutes_used BIGINT NOT NULL,
    attendances BIGINT NOT NULL,
    proposals BIGINT NOT NULL,
    decided BIGINT NOT NULL,
    accepted BIGINT NOT NULL,
    done BIGINT NOT NULL,
    states TEXT NOT NULL,
    lead_days TEXT NOT NULL,
    hidden TEXT NOT NULL,
    PRIMARY KEY (org_id, unit_id, scope, period)
);

CREATE TABLE cockpit_refreshes (
    org_id BIGINT PRIMARY KEY REFERENCES organisations(id),
    refreshed_at BIGINT NOT NULL,
    millis BIGINT NOT NULL
);
