-- +goose Up
-- The multi-stakeholder forum: one standing body per site, its rules, its
-- members (a public name, an optional organisation, a seat and a gender that
-- only aggregate figures show; no contact data) and its meetings.

CREATE TABLE forums (
    id         INTEGER PRIMARY KEY,
    site_id    INTEGER NOT NULL UNIQUE REFERENCES sites(id),
    name       TEXT NOT NULL DEFAULT '{}',
    -- Markdown per locale.
    rules      TEXT NOT NULL DEFAULT '{}',
    created_at TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE forum_members (
    id              INTEGER PRIMARY KEY,
    site_id         INTEGER NOT NULL REFERENCES sites(id),
    name            TEXT NOT NULL,
    organisation_id INTEGER REFERENCES organisations(id),
    -- government or civil_society
    seat            TEXT NOT NULL,
    -- female or male: shown only as counts, never beside a name.
    gender          TEXT NOT NULL,
    role            TEXT NOT NULL DEFAULT '{}',
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX forum_members_site ON forum_members(site_id, seat, id);

CREATE TABLE forum_meetings (
    id                       INTEGER PRIMARY KEY,
    site_id                  INTEGER NOT NULL REFERENCES sites(id),
    starts_at                TEXT NOT NULL,
    -- The tz database zone the time was given in.
    timezone                 TEXT NOT NULL,
    title                    TEXT NOT NULL DEFAULT '{}',
    place                    TEXT NOT NULL DEFAULT '{}',
    agenda                   TEXT NOT NULL DEFAULT '{}',
    minutes                  TEXT NOT NULL DEFAULT '{}',
    decisions                TEXT NOT NULL DEFAULT '{}',
    attendance_government    INTEGER NOT NULL DEFAULT 0,
    attendance_civil_society INTEGER NOT NULL DEFAULT 0,
    created_at               TEXT NOT NULL,
    updated_at               TEXT NOT NULL,
    version                  INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX forum_meetings_site ON forum_meetings(site_id, starts_at, id);

CREATE TABLE forum_meeting_files (
    meeting_id INTEGER NOT NULL REFERENCES forum_meetings(id) ON DELETE CASCADE,
    hash       TEXT NOT NULL REFERENCES files(hash),
    position   INTEGER NOT NULL,
    PRIMARY KEY (meeting_id, hash)
);

-- +goose Down
DROP TABLE forum_meeting_files;
DROP TABLE forum_meetings;
DROP TABLE forum_members;
DROP TABLE forums;
