-- Login throttling, shared by every app node: per typed e-mail address (its hash), failures in
-- the current window and until when sign-in is refused. Keep in step with the other engine.
CREATE TABLE login_throttle (
    key TEXT PRIMARY KEY,
    failures BIGINT NOT NULL,
    window_start BIGINT NOT NULL,
    locked_until BIGINT NOT NULL DEFAULT 0
);

-- The audit log of sensitive actions (role changes, exports, erasures, decisions, settings of
-- outside systems). Append-only: the triggers refuse any change or removal.
CREATE TABLE audit_log (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    actor_id BIGINT REFERENCES people(id),
    at BIGINT NOT NULL,
    action TEXT NOT NULL,
    -- The person, proposal or token the action was about, by id (names are read at display
    -- time, so an erased person shows as erased here too).
    subject_id BIGINT,
    detail TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_org ON audit_log(org_id, id);
CREATE TRIGGER audit_log_no_update BEFORE UPDATE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
CREATE TRIGGER audit_log_no_delete BEFORE DELETE ON audit_log
BEGIN
    SELECT RAISE(ABORT, 'audit_log is append-only');
END;
