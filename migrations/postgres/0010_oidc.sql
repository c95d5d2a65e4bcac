-- Single sign-on per organisation through OpenID Connect: the provider settings, the logins
-- under way (so that the callback works on any app node), and, per browser session, the sealed
-- ID token that lets logout reach the provider too.
-- Keep in step with the other engine's file of this name.

-- One provider per organisation. The client secret is sealed with the server's key; empty
-- for a public client. `match_claim` is 'email' or 'sub'. An empty group leaves that role alone.
CREATE TABLE sso_providers (
    org_id BIGINT PRIMARY KEY REFERENCES organisations(id),
    issuer TEXT NOT NULL DEFAULT '',
    client_id TEXT NOT NULL DEFAULT '',
    client_secret_sealed TEXT NOT NULL DEFAULT '',
    -- Scopes asked for besides openid, separated by spaces.
    scopes TEXT NOT NULL DEFAULT 'email profile',
    match_claim TEXT NOT NULL DEFAULT 'email',
    groups_claim TEXT NOT NULL DEFAULT '',
    admin_group TEXT NOT NULL DEFAULT '',
    adviser_group TEXT NOT NULL DEFAULT '',
    create_people BOOLEAN NOT NULL DEFAULT FALSE,
    enabled BOOLEAN NOT NULL DEFAULT FALSE,
    label TEXT NOT NULL DEFAULT '',
    updated_at BIGINT NOT NULL
);

-- A login that went to the provider and has not come back: keyed by the SHA-256 of its
-- `state`, used once, gone after ten minutes. The PKCE verifier is sealed.
CREATE TABLE sso_logins (
    state_hash TEXT PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    verifier_sealed TEXT NOT NULL,
    nonce TEXT NOT NULL,
    next_path TEXT NOT NULL,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL
);
CREATE INDEX sso_logins_expires ON sso_logins(expires_at);

-- Set for a session that began at the provider: the ID token (sealed), sent back as
-- `id_token_hint` when the person logs out.
ALTER TABLE login_sessions ADD COLUMN id_token_sealed TEXT;
