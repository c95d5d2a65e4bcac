-- SCIM 2.0 provisioning: the organisation's bearer tokens, the name parts and the deletion mark
-- an identity system sends, and the indexes that keep its queries fast at 100,000 people.
-- Keep in step with the other engine's file of this name.

-- Only the SHA-256 of a token is kept; a revoked token stays listed (who had access, when).
CREATE TABLE scim_tokens (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    name TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    last_used_at BIGINT,
    revoked INTEGER NOT NULL DEFAULT FALSE
);
CREATE INDEX scim_tokens_org ON scim_tokens(org_id, created_at);

-- The name parts as the identity system sent them (SCIM name.formatted, givenName, familyName
-- and displayName); `people.name` is derived from them. `scim_names` says whether they are
-- set: an administrator's rename clears it, so the SCIM view falls back to `people.name`.
ALTER TABLE people ADD COLUMN scim_names INTEGER NOT NULL DEFAULT FALSE;
ALTER TABLE people ADD COLUMN scim_formatted_name TEXT;
ALTER TABLE people ADD COLUMN scim_given_name TEXT;
ALTER TABLE people ADD COLUMN scim_family_name TEXT;
ALTER TABLE people ADD COLUMN scim_display_name TEXT;
-- A DELETE through SCIM deactivates the person and hides them from SCIM from then on; nothing
-- of theirs is destroyed (retention and erasure decide that).
ALTER TABLE people ADD COLUMN scim_deleted_at BIGINT;

-- Paging in id order and "changed since" queries within an organisation.
CREATE INDEX people_org_id ON people(org_id, id);
CREATE INDEX people_org_updated ON people(org_id, updated_at);
CREATE INDEX units_org_id ON units(org_id, id);
