-- +goose Up
-- The access-to-information desk (Law 31.13). A body that accepts requests
-- is one of the site's organisations with a row here, naming its person in
-- charge (a user of the site, and the title the public sees).
CREATE TABLE info_bodies (
    organisation_id INTEGER PRIMARY KEY REFERENCES organisations(id) ON DELETE CASCADE,
    site_id         INTEGER NOT NULL REFERENCES sites(id),
    accepts         INTEGER NOT NULL DEFAULT 1,
    officer_id      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    officer_title   TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL
);
CREATE INDEX info_bodies_site ON info_bodies(site_id);
CREATE INDEX info_bodies_officer ON info_bodies(officer_id);

-- A request as the register shows it: nothing here identifies the
-- requester, except public_name when the requester chose to show it.
-- Deadlines are stored for listing and filtering and recomputed from the
-- events whenever a request or the site's holidays change.
CREATE TABLE info_requests (
    id              INTEGER PRIMARY KEY,
    site_id         INTEGER NOT NULL REFERENCES sites(id),
    number          TEXT NOT NULL,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    user_id         INTEGER REFERENCES users(id) ON DELETE SET NULL,
    public_name     TEXT NOT NULL DEFAULT '',
    locale          TEXT NOT NULL DEFAULT 'ar',
    subject         TEXT NOT NULL,
    body            TEXT NOT NULL,
    form            TEXT NOT NULL,
    urgent          INTEGER NOT NULL DEFAULT 0,
    urgency_reason  TEXT NOT NULL DEFAULT '',
    state           TEXT NOT NULL,
    received_on     TEXT NOT NULL,
    first_deadline  TEXT,
    deadline        TEXT,
    extended        INTEGER NOT NULL DEFAULT 0,
    closed_on       TEXT,
    ground          TEXT NOT NULL DEFAULT '',
    exception       TEXT NOT NULL DEFAULT '',
    transferred_to  INTEGER REFERENCES organisations(id),
    hidden_reason   TEXT NOT NULL DEFAULT '',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    UNIQUE (site_id, number)
);
CREATE INDEX info_requests_site ON info_requests(site_id, received_on);
CREATE INDEX info_requests_body ON info_requests(organisation_id, state);
CREATE INDEX info_requests_user ON info_requests(user_id);

-- The requester's identity, kept apart from the register so that no public
-- query can read it by mistake, and so that these columns can be encrypted
-- at rest (keyed hash and AES-GCM, as the petitions' identities) later.
CREATE TABLE info_request_identities (
    request_id INTEGER PRIMARY KEY REFERENCES info_requests(id) ON DELETE CASCADE,
    name       TEXT NOT NULL,
    id_number  TEXT NOT NULL,
    address    TEXT NOT NULL,
    email      TEXT NOT NULL
);

-- The request's history, append-only: each step, its day (in the site's
-- zone, what the deadlines count) and what it carried.
CREATE TABLE info_request_events (
    id         INTEGER PRIMARY KEY,
    request_id INTEGER NOT NULL REFERENCES info_requests(id) ON DELETE CASCADE,
    at         TEXT NOT NULL,
    day        TEXT NOT NULL,
    action     TEXT NOT NULL,
    state      TEXT NOT NULL,
    actor_id   INTEGER REFERENCES users(id) ON DELETE SET NULL,
    reason     TEXT NOT NULL DEFAULT '',
    answer     TEXT NOT NULL DEFAULT '',
    links      TEXT NOT NULL DEFAULT '',
    ground     TEXT NOT NULL DEFAULT '',
    exception  TEXT NOT NULL DEFAULT '',
    costs      TEXT NOT NULL DEFAULT '',
    transfer   INTEGER REFERENCES organisations(id)
);
CREATE INDEX info_request_events_request ON info_request_events(request_id, id);

-- The site's movable public holidays (the fixed national ones are in the
-- code).
CREATE TABLE site_holidays (
    site_id INTEGER NOT NULL REFERENCES sites(id),
    day     TEXT NOT NULL,
    name    TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (site_id, day)
);

-- +goose Down
DROP TABLE site_holidays;
DROP TABLE info_request_events;
DROP TABLE info_request_identities;
DROP TABLE info_requests;
DROP TABLE info_bodies;
