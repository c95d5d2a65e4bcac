-- Learning time granted per active week: a manager may grant a person more than the
-- organisation's default. NULL means the default.
ALTER TABLE people ADD COLUMN granted_minutes_per_week BIGINT;
