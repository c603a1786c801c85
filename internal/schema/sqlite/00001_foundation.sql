-- +goose Up
-- Translatable texts are JSON objects {"ar": …, "fr": …, "en": …} in TEXT columns.
-- Dates are 'YYYY-MM-DD' text, instants 'YYYY-MM-DDTHH:MM:SS.ffffffZ' text, so text order is time order.

CREATE TABLE sites (
    id          INTEGER PRIMARY KEY,
    slug        TEXT NOT NULL UNIQUE,
    host        TEXT NOT NULL DEFAULT '',
    name        TEXT NOT NULL DEFAULT '{}',
    description TEXT NOT NULL DEFAULT '{}',
    timezone    TEXT NOT NULL DEFAULT 'Africa/Casablanca',
    is_demo     INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL
);

CREATE TABLE organisations (
    id          INTEGER PRIMARY KEY,
    site_id     INTEGER NOT NULL REFERENCES sites(id),
    slug        TEXT NOT NULL,
    kind        TEXT NOT NULL,
    name        TEXT NOT NULL DEFAULT '{}',
    acronym     TEXT NOT NULL DEFAULT '',
    description TEXT NOT NULL DEFAULT '{}',
    website     TEXT NOT NULL DEFAULT '',
    verified    INTEGER NOT NULL DEFAULT 0,
    created_at  TEXT NOT NULL,
    updated_at  TEXT NOT NULL,
    UNIQUE (site_id, slug)
);

CREATE TABLE plans (
    id           INTEGER PRIMARY KEY,
    site_id      INTEGER NOT NULL REFERENCES sites(id),
    slug         TEXT NOT NULL,
    title        TEXT NOT NULL DEFAULT '{}',
    summary      TEXT NOT NULL DEFAULT '{}',
    period_start INTEGER NOT NULL,
    period_end   INTEGER NOT NULL,
    status       TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    UNIQUE (site_id, slug)
);

CREATE TABLE plan_stages (
    id        INTEGER PRIMARY KEY,
    plan_id   INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    position  INTEGER NOT NULL,
    title     TEXT NOT NULL DEFAULT '{}',
    starts_on TEXT NOT NULL,
    ends_on   TEXT,
    UNIQUE (plan_id, position)
);

CREATE TABLE commitments (
    id               INTEGER PRIMARY KEY,
    site_id          INTEGER NOT NULL REFERENCES sites(id),
    plan_id          INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    ref              TEXT NOT NULL,
    position         INTEGER NOT NULL DEFAULT 0,
    title            TEXT NOT NULL DEFAULT '{}',
    problem          TEXT NOT NULL DEFAULT '{}',
    cause            TEXT NOT NULL DEFAULT '{}',
    status_quo       TEXT NOT NULL DEFAULT '{}',
    objective        TEXT NOT NULL DEFAULT '{}',
    expected_results TEXT NOT NULL DEFAULT '{}',
    solution         TEXT NOT NULL DEFAULT '{}',
    ogp_values       TEXT NOT NULL DEFAULT '',
    themes           TEXT NOT NULL DEFAULT '',
    lead_org_id      INTEGER REFERENCES organisations(id),
    contact_name     TEXT NOT NULL DEFAULT '{}',
    contact_role     TEXT NOT NULL DEFAULT '{}',
    start_date       TEXT,
    end_date         TEXT,
    status           TEXT NOT NULL,
    progress         INTEGER NOT NULL DEFAULT 0,
    created_at       TEXT NOT NULL,
    updated_at       TEXT NOT NULL,
    UNIQUE (plan_id, ref)
);
CREATE INDEX commitments_site ON commitments(site_id, plan_id, position);
CREATE INDEX commitments_lead ON commitments(lead_org_id);

CREATE TABLE commitment_partners (
    commitment_id   INTEGER NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    sector          TEXT NOT NULL,
    PRIMARY KEY (commitment_id, organisation_id)
);
CREATE INDEX commitment_partners_org ON commitment_partners(organisation_id);

CREATE TABLE milestones (
    id                 INTEGER PRIMARY KEY,
    commitment_id      INTEGER NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    position           INTEGER NOT NULL,
    title              TEXT NOT NULL DEFAULT '{}',
    deliverable        TEXT NOT NULL DEFAULT '{}',
    start_date         TEXT,
    end_date           TEXT,
    responsible_org_id INTEGER REFERENCES organisations(id),
    status             TEXT NOT NULL,
    progress           INTEGER NOT NULL DEFAULT 0,
    weight             INTEGER NOT NULL DEFAULT 1,
    updated_at         TEXT NOT NULL,
    UNIQUE (commitment_id, position)
);

CREATE TABLE progress_updates (
    id            INTEGER PRIMARY KEY,
    site_id       INTEGER NOT NULL REFERENCES sites(id),
    commitment_id INTEGER NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    milestone_id  INTEGER REFERENCES milestones(id) ON DELETE CASCADE,
    occurred_on   TEXT NOT NULL,
    body          TEXT NOT NULL DEFAULT '{}',
    status        TEXT NOT NULL,
    progress      INTEGER NOT NULL,
    author        TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL
);
CREATE INDEX progress_updates_commitment ON progress_updates(commitment_id, occurred_on);
CREATE INDEX progress_updates_site ON progress_updates(site_id, occurred_on);

CREATE TABLE evidence (
    id            INTEGER PRIMARY KEY,
    update_id     INTEGER NOT NULL REFERENCES progress_updates(id) ON DELETE CASCADE,
    title         TEXT NOT NULL DEFAULT '{}',
    url           TEXT NOT NULL,
    kind          TEXT NOT NULL DEFAULT 'link'
);
CREATE INDEX evidence_update ON evidence(update_id);

CREATE TABLE assessments (
    id                INTEGER PRIMARY KEY,
    site_id           INTEGER NOT NULL REFERENCES sites(id),
    plan_id           INTEGER NOT NULL REFERENCES plans(id) ON DELETE CASCADE,
    commitment_id     INTEGER REFERENCES commitments(id) ON DELETE CASCADE,
    kind              TEXT NOT NULL,
    assessor          TEXT NOT NULL DEFAULT '{}',
    assessed_on       TEXT NOT NULL,
    verifiable        INTEGER,
    relevant_values   TEXT NOT NULL DEFAULT '',
    potential         TEXT NOT NULL DEFAULT '',
    completion        TEXT NOT NULL DEFAULT '',
    opened_government TEXT NOT NULL DEFAULT '',
    early_results     TEXT NOT NULL DEFAULT '{}',
    summary           TEXT NOT NULL DEFAULT '{}',
    evidence_url      TEXT NOT NULL DEFAULT '',
    created_at        TEXT NOT NULL
);
CREATE INDEX assessments_plan ON assessments(plan_id, commitment_id);

-- +goose Down
DROP TABLE assessments;
DROP TABLE evidence;
DROP TABLE progress_updates;
DROP TABLE milestones;
DROP TABLE commitment_partners;
DROP TABLE commitments;
DROP TABLE plan_stages;
DROP TABLE plans;
DROP TABLE organisations;
DROP TABLE sites;
