-- API tokens get a scope and an expiry (issue 14). A read-only token may only read; every
-- token stops working at `expires_at`. Tokens made before this migration keep what they could
-- do (read and write) and run out 90 days after it. The code always sets both columns; the
-- default expiry of 0 means "already expired", so a row written without one opens nothing.
ALTER TABLE api_tokens ADD COLUMN scope TEXT NOT NULL DEFAULT 'read_write' CHECK (scope IN ('read', 'read_write'));
ALTER TABLE api_tokens ADD COLUMN expires_at BIGINT NOT NULL DEFAULT 0;
UPDATE api_tokens SET expires_at = CAST(strftime('%s', 'now') AS INTEGER) + 90 * 86400;
CREATE INDEX api_tokens_person ON api_tokens(person_id);
