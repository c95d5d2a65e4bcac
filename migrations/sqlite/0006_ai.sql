-- AI as co-intelligence: the organisation's choice of backend, L&D's prompt versions, and
-- every AI text with its provenance. Keep in step with the other engine's file of this name.

-- 'local' (the model file the server was started with), 'openai' (an OpenAI-compatible
-- server) or 'off'.
ALTER TABLE organisations ADD COLUMN ai_mode TEXT NOT NULL DEFAULT 'local';
ALTER TABLE organisations ADD COLUMN ai_base_url TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN ai_model TEXT NOT NULL DEFAULT '';
-- Encrypted with the server's secret key; never shown again.
ALTER TABLE organisations ADD COLUMN ai_key_sealed TEXT NOT NULL DEFAULT '';
-- An administrator's explicit choice to let text leave the machine.
ALTER TABLE organisations ADD COLUMN ai_allow_external INTEGER NOT NULL DEFAULT 0;

-- Prompt templates as L&D edits them; the newest version per kind and language counts.
CREATE TABLE ai_prompts (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL,
    lang TEXT NOT NULL,
    version BIGINT NOT NULL,
    system TEXT NOT NULL,
    instruction TEXT NOT NULL,
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    UNIQUE (org_id, kind, lang, version)
);

-- One request to the AI: a proposal draft (several fields), a critique, question suggestions
-- or a learning-path suggestion.
CREATE TABLE ai_requests (
    id INTEGER PRIMARY KEY,
    org_id BIGINT NOT NULL REFERENCES organisations(id),
    kind TEXT NOT NULL,
    circle_id BIGINT REFERENCES circles(id),
    session_id BIGINT REFERENCES sessions(id),
    situation_id BIGINT REFERENCES work_situations(id),
    proposal_id BIGINT REFERENCES proposals(id),
    person_id BIGINT REFERENCES people(id),
    status TEXT NOT NULL,
    error TEXT NOT NULL DEFAULT '',
    sources TEXT NOT NULL DEFAULT '[]',
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL,
    finished_at BIGINT
);
CREATE INDEX ai_requests_session ON ai_requests(session_id, id);
CREATE INDEX ai_requests_proposal ON ai_requests(proposal_id, id);
CREATE INDEX ai_requests_situation ON ai_requests(situation_id, id);
CREATE INDEX ai_requests_person ON ai_requests(person_id, kind, id);

-- Every text the AI wrote, with its provenance.
CREATE TABLE ai_outputs (
    id INTEGER PRIMARY KEY,
    request_id BIGINT NOT NULL REFERENCES ai_requests(id),
    field TEXT NOT NULL,
    text TEXT NOT NULL,
    backend TEXT NOT NULL,
    model TEXT NOT NULL,
    left_machine INTEGER NOT NULL DEFAULT 0,
    prompt_kind TEXT NOT NULL,
    prompt_version BIGINT NOT NULL,
    input_hash TEXT NOT NULL,
    params TEXT NOT NULL,
    prompt_tokens BIGINT NOT NULL,
    completion_tokens BIGINT NOT NULL,
    first_token_ms BIGINT NOT NULL,
    total_ms BIGINT NOT NULL,
    finish TEXT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX ai_outputs_request ON ai_outputs(request_id, id);

-- A proposal that began as an AI draft remembers it, for the history's comparison.
ALTER TABLE proposals ADD COLUMN ai_request_id BIGINT;
