-- Impact measurement, route C (issue 16): L&D's register of learning solutions with their
-- triage, and the values L&D enters for the parameters Hartslag cannot compute. Keep in step
-- with the other engine's file of this name. Nothing here is about one person: entered values
-- carry the size of the group they are about, never fewer than the minimum group
-- (src/impact/PRIVACY.md).
CREATE TABLE impact_solutions (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    -- 'circles' (the Prof-cirkel way of working), 'training', 'programme', 'mentoring', 'other'.
    kind TEXT NOT NULL,
    description TEXT NOT NULL DEFAULT '',
    -- The L&D adviser who owns the solution.
    owner_id BIGINT REFERENCES people(id),
    -- The triage, each 'low', 'medium' or 'high'.
    size TEXT NOT NULL,
    weight TEXT NOT NULL,
    risk TEXT NOT NULL,
    -- L&D's choice of route ('A', 'B' or 'C'), or '' to follow the suggestion of the triage.
    route_choice TEXT NOT NULL DEFAULT '',
    route_reason TEXT NOT NULL DEFAULT '',
    retired_at BIGINT,
    version BIGINT NOT NULL DEFAULT 1,
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    updated_at BIGINT NOT NULL
);
CREATE INDEX impact_solutions_org ON impact_solutions(org_id, name);

-- A value L&D entered for a parameter of the set: thousandths (integers only through the Any
-- driver), its period, the size of the group it is about and where it comes from.
CREATE TABLE impact_values (
    id INTEGER PRIMARY KEY,
    solution_id BIGINT NOT NULL REFERENCES impact_solutions(id),
    parameter TEXT NOT NULL,
    set_version BIGINT NOT NULL,
    value_milli BIGINT NOT NULL,
    period_from TEXT NOT NULL,
    period_to TEXT NOT NULL,
    population BIGINT NOT NULL,
    source TEXT NOT NULL,
    entered_by BIGINT REFERENCES people(id),
    entered_at BIGINT NOT NULL
);
CREATE INDEX impact_values_solution ON impact_values(solution_id, parameter, period_to);
