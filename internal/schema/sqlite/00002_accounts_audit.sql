-- +goose Up
-- People, their sessions and one-time tokens, organisation memberships, API
-- tokens, uploaded files, and the public audit ledger.

CREATE TABLE users (
    id                INTEGER PRIMARY KEY,
    site_id           INTEGER NOT NULL REFERENCES sites(id),
    email             TEXT NOT NULL,
    email_verified_at TEXT,
    name              TEXT NOT NULL,
    password_hash     TEXT NOT NULL,
    role              TEXT NOT NULL DEFAULT 'citizen',
    locale            TEXT NOT NULL DEFAULT 'ar',
    failed_logins     INTEGER NOT NULL DEFAULT 0,
    locked_until      TEXT,
    deleted_at        TEXT,
    created_at        TEXT NOT NULL,
    updated_at        TEXT NOT NULL,
    UNIQUE (site_id, email)
);

-- One row per session, read and written by the session manager.
CREATE TABLE sessions (
    token  TEXT PRIMARY KEY,
    data   BLOB NOT NULL,
    expiry TEXT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expiry);

-- Single-use tokens sent by email (verification, password reset, change of
-- email). Only their SHA-256 is stored.
CREATE TABLE user_tokens (
    hash       TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    purpose    TEXT NOT NULL,
    new_email  TEXT NOT NULL DEFAULT '',
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX user_tokens_user ON user_tokens(user_id, purpose);

CREATE TABLE memberships (
    user_id         INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id) ON DELETE CASCADE,
    status          TEXT NOT NULL DEFAULT 'pending',
    created_at      TEXT NOT NULL,
    decided_at      TEXT,
    PRIMARY KEY (user_id, organisation_id)
);
CREATE INDEX memberships_org ON memberships(organisation_id, status);

ALTER TABLE organisations ADD COLUMN registration_number TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN registration_date TEXT;
ALTER TABLE organisations ADD COLUMN seat TEXT NOT NULL DEFAULT '';
ALTER TABLE organisations ADD COLUMN verified_at TEXT;

-- Personal access tokens for integrations; only their SHA-256 is stored.
CREATE TABLE api_tokens (
    id           INTEGER PRIMARY KEY,
    user_id      INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    hash         TEXT NOT NULL UNIQUE,
    scopes       TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    last_used_at TEXT,
    revoked_at   TEXT
);
CREATE INDEX api_tokens_user ON api_tokens(user_id);

-- Uploaded evidence, stored under the data directory by content hash.
CREATE TABLE files (
    hash         TEXT PRIMARY KEY,
    site_id      INTEGER NOT NULL REFERENCES sites(id),
    name         TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    created_at   TEXT NOT NULL
);

ALTER TABLE evidence ADD COLUMN file_hash TEXT REFERENCES files(hash);
-- A row version for optimistic locking of administration forms.
ALTER TABLE plans ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE commitments ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE milestones ADD COLUMN version INTEGER NOT NULL DEFAULT 1;
ALTER TABLE organisations ADD COLUMN version INTEGER NOT NULL DEFAULT 1;

-- The public, append-only, hash-chained ledger of official changes. Each
-- entry's hash covers its fields and the previous entry's hash.
CREATE TABLE audit_entries (
    id              INTEGER PRIMARY KEY,
    site_id         INTEGER NOT NULL REFERENCES sites(id),
    seq             INTEGER NOT NULL,
    at              TEXT NOT NULL,
    actor_id        INTEGER,
    actor_name      TEXT NOT NULL,
    action          TEXT NOT NULL,
    entity          TEXT NOT NULL,
    entity_id       INTEGER NOT NULL,
    commitment_id   INTEGER,
    organisation_id INTEGER,
    summary         TEXT NOT NULL DEFAULT '',
    before_data     TEXT NOT NULL DEFAULT '{}',
    after_data      TEXT NOT NULL DEFAULT '{}',
    prev_hash       TEXT NOT NULL,
    hash            TEXT NOT NULL,
    UNIQUE (site_id, seq)
);
CREATE INDEX audit_entries_commitment ON audit_entries(site_id, commitment_id);
CREATE INDEX audit_entries_organisation ON audit_entries(site_id, organisation_id);

-- +goose Down
DROP TABLE audit_entries;
ALTER TABLE organisations DROP COLUMN version;
ALTER TABLE milestones DROP COLUMN version;
ALTER TABLE commitments DROP COLUMN version;
ALTER TABLE plans DROP COLUMN version;
ALTER TABLE evidence DROP COLUMN file_hash;
DROP TABLE files;
DROP TABLE api_tokens;
ALTER TABLE organisations DROP COLUMN verified_at;
ALTER TABLE organisations DROP COLUMN seat;
ALTER TABLE organisations DROP COLUMN registration_date;
ALTER TABLE organisations DROP COLUMN registration_number;
DROP TABLE memberships;
DROP TABLE user_tokens;
DROP TABLE sessions;
DROP TABLE users;
