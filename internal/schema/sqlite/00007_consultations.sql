-- +goose Up
-- Consultations on a draft plan or a commitment, the proposals people send
-- in them, supports, and the government's reasoned response to each proposal.

CREATE TABLE consultations (
    id            INTEGER PRIMARY KEY,
    site_id       INTEGER NOT NULL REFERENCES sites(id),
    plan_id       INTEGER REFERENCES plans(id) ON DELETE CASCADE,
    commitment_id INTEGER REFERENCES commitments(id) ON DELETE CASCADE,
    title         TEXT NOT NULL DEFAULT '{}',
    description   TEXT NOT NULL DEFAULT '{}',
    kinds         TEXT NOT NULL DEFAULT '',
    opens_at      TEXT NOT NULL,
    closes_at     TEXT NOT NULL,
    published_at  TEXT,
    closed_at     TEXT,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX consultations_site ON consultations(site_id, opens_at);

-- A document of a consultation: a file already stored (by its hash) or a link.
CREATE TABLE consultation_documents (
    id              INTEGER PRIMARY KEY,
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    position        INTEGER NOT NULL,
    title           TEXT NOT NULL DEFAULT '{}',
    url             TEXT NOT NULL DEFAULT '',
    file_hash       TEXT REFERENCES files(hash),
    UNIQUE (consultation_id, position)
);

CREATE TABLE proposals (
    id              INTEGER PRIMARY KEY,
    site_id         INTEGER NOT NULL REFERENCES sites(id),
    consultation_id INTEGER NOT NULL REFERENCES consultations(id) ON DELETE CASCADE,
    author_id       INTEGER NOT NULL REFERENCES users(id),
    organisation_id INTEGER REFERENCES organisations(id),
    kind            TEXT NOT NULL,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    status          TEXT NOT NULL DEFAULT 'submitted',
    created_at      TEXT NOT NULL
);
CREATE INDEX proposals_consultation ON proposals(consultation_id, id);
CREATE INDEX proposals_author ON proposals(author_id, id);
CREATE INDEX proposals_site ON proposals(site_id, id);

CREATE TABLE proposal_supports (
    proposal_id INTEGER NOT NULL REFERENCES proposals(id) ON DELETE CASCADE,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (proposal_id, user_id)
);
CREATE INDEX proposal_supports_user ON proposal_supports(user_id);

-- One response per proposal; the reason is required except when the author
-- withdrew the proposal.
CREATE TABLE proposal_responses (
    proposal_id    INTEGER PRIMARY KEY REFERENCES proposals(id) ON DELETE CASCADE,
    outcome        TEXT NOT NULL,
    commitment_id  INTEGER REFERENCES commitments(id),
    reason         TEXT NOT NULL DEFAULT '{}',
    responder_id   INTEGER REFERENCES users(id),
    responder_name TEXT NOT NULL DEFAULT '',
    responded_at   TEXT NOT NULL
);

-- +goose Down
DROP TABLE proposal_responses;
DROP TABLE proposal_supports;
DROP TABLE proposals;
DROP TABLE consultation_documents;
DROP TABLE consultations;
