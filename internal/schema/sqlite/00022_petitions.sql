-- +goose Up
-- Petitions to the territorial council (Organic Laws 111.14, 112.14, 113.14):
-- the site's petition settings and administrative divisions, petitions with
-- their timeline, signatures and the confirmed counts per division.
--
-- A signer's national ID card number (CIN) is never stored in the clear:
-- cin_hash is its HMAC-SHA256 under a key kept outside the database (one
-- signature per number and petition), cin_cipher its AES-GCM ciphertext for
-- the council's verifier. Names and emails of signers are never public.

CREATE TABLE petition_settings (
    site_id             INTEGER PRIMARY KEY REFERENCES sites(id),
    -- region, province or commune
    level               TEXT NOT NULL DEFAULT 'region',
    population          INTEGER NOT NULL DEFAULT 0,
    -- region_population, region_electoral_600 or custom (the next three
    -- columns are read for custom only)
    rule_kind           TEXT NOT NULL DEFAULT 'region_population',
    rule_required       INTEGER NOT NULL DEFAULT 0,
    rule_share_percent  INTEGER NOT NULL DEFAULT 0,
    rule_electoral_roll INTEGER NOT NULL DEFAULT 0,
    -- How long signatures are collected once a petition is published.
    collection_days     INTEGER NOT NULL DEFAULT 90,
    -- The authorisation number of the National Commission for the control
    -- of personal data protection (CNDP), shown in the signing notice.
    cndp_number         TEXT NOT NULL DEFAULT '',
    updated_at          TEXT NOT NULL
);

CREATE TABLE petition_divisions (
    id         INTEGER PRIMARY KEY,
    site_id    INTEGER NOT NULL REFERENCES sites(id),
    -- A commune's province or prefecture; NULL for a province or prefecture.
    parent_id  INTEGER REFERENCES petition_divisions(id),
    code       TEXT NOT NULL,
    name       TEXT NOT NULL DEFAULT '{}',
    population INTEGER NOT NULL DEFAULT 0,
    position   INTEGER NOT NULL DEFAULT 0,
    UNIQUE (site_id, code)
);

CREATE TABLE petitions (
    id                   INTEGER PRIMARY KEY,
    site_id              INTEGER NOT NULL REFERENCES sites(id),
    -- The agent (wakil) who files it.
    agent_id             INTEGER NOT NULL REFERENCES users(id),
    state                TEXT NOT NULL DEFAULT 'draft',
    title                TEXT NOT NULL,
    object               TEXT NOT NULL,
    reasons              TEXT NOT NULL,
    agenda_item          TEXT NOT NULL,
    -- The filer confirmed the petition concerns the council's powers and
    -- does not touch the constants of article 1 of the Constitution.
    within_powers        INTEGER NOT NULL DEFAULT 0,
    respects_constants   INTEGER NOT NULL DEFAULT 0,
    -- The rule in force when collection opened, kept with the petition.
    level                TEXT NOT NULL,
    required             INTEGER NOT NULL DEFAULT 0,
    share_percent        INTEGER NOT NULL DEFAULT 0,
    electoral_roll       INTEGER NOT NULL DEFAULT 0,
    opens_at             TEXT,
    closes_at            TEXT,
    filed_at             TEXT,
    receipt_number       TEXT NOT NULL DEFAULT '',
    decided_at           TEXT,
    decision             TEXT NOT NULL DEFAULT '',
    session_date         TEXT,
    committee            TEXT NOT NULL DEFAULT '',
    deliberation         TEXT NOT NULL DEFAULT '',
    created_at           TEXT NOT NULL,
    updated_at           TEXT NOT NULL
);
CREATE INDEX petitions_site ON petitions(site_id, state, id);

-- The public timeline: one row per change of state.
CREATE TABLE petition_events (
    id          INTEGER PRIMARY KEY,
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    state       TEXT NOT NULL,
    at          TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);
CREATE INDEX petition_events_petition ON petition_events(petition_id, id);

CREATE TABLE petition_signatures (
    id             INTEGER PRIMARY KEY,
    petition_id    INTEGER NOT NULL REFERENCES petitions(id),
    division_id    INTEGER NOT NULL REFERENCES petition_divisions(id),
    cin_hash       TEXT NOT NULL,
    cin_cipher     BLOB NOT NULL,
    full_name      TEXT NOT NULL,
    email          TEXT NOT NULL DEFAULT '',
    -- resident or activity
    basis          TEXT NOT NULL,
    electoral_roll INTEGER NOT NULL DEFAULT 0,
    -- online or paper
    source         TEXT NOT NULL,
    -- pending (email not confirmed), confirmed, withdrawn or invalid
    status         TEXT NOT NULL,
    public_name    INTEGER NOT NULL DEFAULT 0,
    locale         TEXT NOT NULL DEFAULT 'ar',
    -- SHA-256 of the emailed confirmation link's token, '' once used.
    confirm_hash   TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    confirmed_at   TEXT,
    UNIQUE (petition_id, cin_hash)
);
CREATE INDEX petition_signatures_confirm ON petition_signatures(confirm_hash);

-- Confirmed signatures per petition and division, kept in the transaction
-- that confirms, withdraws or invalidates one, so they always equal the rows.
CREATE TABLE petition_counts (
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    division_id INTEGER NOT NULL REFERENCES petition_divisions(id),
    online      INTEGER NOT NULL DEFAULT 0,
    paper       INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (petition_id, division_id)
);

-- +goose Down
DROP TABLE petition_counts;
DROP TABLE petition_signatures;
DROP TABLE petition_events;
DROP TABLE petitions;
DROP TABLE petition_divisions;
DROP TABLE petition_settings;
