-- A scan run's population (the active people of an organisation who are not guests, counted
-- per unit and job title for the report's response rate) read from this index alone, not from
-- every person's row.
CREATE INDEX people_population ON people(org_id, unit_id, job_title) WHERE active = TRUE AND is_guest = FALSE;
