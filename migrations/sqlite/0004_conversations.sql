-- The talent-development conversation (Talentontwikkelgesprek) and its agreements.
CREATE TABLE conversations (
    id INTEGER PRIMARY KEY,
    person_id BIGINT NOT NULL REFERENCES people(id),
    manager_id BIGINT NOT NULL REFERENCES people(id),
    scheduled_on TEXT NOT NULL,
    created_by BIGINT REFERENCES people(id),
    person_narrative TEXT NOT NULL DEFAULT '',
    person_wishes TEXT NOT NULL DEFAULT '',
    manager_account TEXT NOT NULL DEFAULT '',
    person_confirmed_at BIGINT,
    manager_confirmed_at BIGINT,
    version BIGINT NOT NULL,
    created_at BIGINT NOT NULL
);
CREATE INDEX conversations_person ON conversations(person_id, scheduled_on);
CREATE INDEX conversations_manager ON conversations(manager_id, scheduled_on);

CREATE TABLE agreements (
    id INTEGER PRIMARY KEY,
    conversation_id BIGINT NOT NULL REFERENCES conversations(id),
    text TEXT NOT NULL,
    follow_up_on TEXT,
    created_by BIGINT REFERENCES people(id),
    created_at BIGINT NOT NULL
);
CREATE INDEX agreements_conversation ON agreements(conversation_id, id);
