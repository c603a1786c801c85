-- +goose Up
-- News posts and events (forums, workshops, trainings, council sessions),
-- with their organisers and partners, speakers, files and registrations.

CREATE TABLE news_posts (
    id            INTEGER PRIMARY KEY,
    site_id       INTEGER NOT NULL REFERENCES sites(id),
    slug          TEXT NOT NULL,
    title         TEXT NOT NULL DEFAULT '{}',
    summary       TEXT NOT NULL DEFAULT '{}',
    body          TEXT NOT NULL DEFAULT '{}',
    byline        TEXT NOT NULL DEFAULT '',
    cover_hash    TEXT REFERENCES files(hash),
    cover_alt     TEXT NOT NULL DEFAULT '{}',
    -- NULL: a draft; in the future: scheduled, shown to editors only until then.
    published_at  TEXT,
    comments_open INTEGER NOT NULL DEFAULT 1,
    view_count    INTEGER NOT NULL DEFAULT 0,
    -- Kept by the comment engine: visible comments on the post.
    comment_count INTEGER NOT NULL DEFAULT 0,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1,
    UNIQUE (site_id, slug)
);
CREATE INDEX news_posts_published ON news_posts(site_id, published_at, id);

CREATE TABLE news_post_tags (
    post_id INTEGER NOT NULL REFERENCES news_posts(id) ON DELETE CASCADE,
    tag     TEXT NOT NULL,
    PRIMARY KEY (post_id, tag)
);
CREATE INDEX news_post_tags_tag ON news_post_tags(tag, post_id);

CREATE TABLE news_post_commitments (
    post_id       INTEGER NOT NULL REFERENCES news_posts(id) ON DELETE CASCADE,
    commitment_id INTEGER NOT NULL REFERENCES commitments(id) ON DELETE CASCADE,
    PRIMARY KEY (post_id, commitment_id)
);

CREATE TABLE events (
    id                    INTEGER PRIMARY KEY,
    site_id               INTEGER NOT NULL REFERENCES sites(id),
    slug                  TEXT NOT NULL,
    kind                  TEXT NOT NULL,
    title                 TEXT NOT NULL DEFAULT '{}',
    description           TEXT NOT NULL DEFAULT '{}',
    starts_at             TEXT NOT NULL,
    ends_at               TEXT NOT NULL,
    -- The tz database zone the times were given in.
    timezone              TEXT NOT NULL,
    online_url            TEXT NOT NULL DEFAULT '',
    place                 TEXT NOT NULL DEFAULT '{}',
    agenda                TEXT NOT NULL DEFAULT '{}',
    minutes               TEXT NOT NULL DEFAULT '{}',
    registration          INTEGER NOT NULL DEFAULT 0,
    -- 0: no limit.
    capacity              INTEGER NOT NULL DEFAULT 0,
    registration_deadline TEXT,
    created_at            TEXT NOT NULL,
    updated_at            TEXT NOT NULL,
    version               INTEGER NOT NULL DEFAULT 1,
    UNIQUE (site_id, slug)
);
CREATE INDEX events_starts ON events(site_id, starts_at, id);

CREATE TABLE event_organisations (
    event_id        INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    organisation_id INTEGER NOT NULL REFERENCES organisations(id),
    -- organiser or partner
    role            TEXT NOT NULL,
    position        INTEGER NOT NULL,
    PRIMARY KEY (event_id, organisation_id)
);

-- Speakers are named with their role; no contact data is kept.
CREATE TABLE event_speakers (
    id       INTEGER PRIMARY KEY,
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    position INTEGER NOT NULL,
    name     TEXT NOT NULL,
    role     TEXT NOT NULL DEFAULT '{}',
    UNIQUE (event_id, position)
);

CREATE TABLE event_files (
    event_id INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    hash     TEXT NOT NULL REFERENCES files(hash),
    -- photo or document
    kind     TEXT NOT NULL,
    title    TEXT NOT NULL DEFAULT '{}',
    position INTEGER NOT NULL,
    PRIMARY KEY (event_id, hash)
);

-- Registrations are never listed publicly. A guest's name and email are kept
-- here, used only to send the confirmation, cancellation and waiting-list
-- messages; a signed-in person's are read from users (name and email are
-- empty here), so that deleting the account leaves no copy.
CREATE TABLE event_registrations (
    id           INTEGER PRIMARY KEY,
    event_id     INTEGER NOT NULL REFERENCES events(id) ON DELETE CASCADE,
    user_id      INTEGER REFERENCES users(id) ON DELETE CASCADE,
    name         TEXT NOT NULL,
    email        TEXT NOT NULL,
    locale       TEXT NOT NULL DEFAULT 'ar',
    -- pending (a guest who has not confirmed), confirmed, waiting, cancelled
    status       TEXT NOT NULL,
    confirm_hash TEXT NOT NULL DEFAULT '',
    cancel_hash  TEXT NOT NULL,
    created_at   TEXT NOT NULL,
    -- When the place was taken or the wait began: the waiting list's order.
    queued_at    TEXT NOT NULL,
    updated_at   TEXT NOT NULL
);
CREATE INDEX event_registrations_status ON event_registrations(event_id, status, queued_at, id);
CREATE UNIQUE INDEX event_registrations_user ON event_registrations(event_id, user_id) WHERE user_id IS NOT NULL;
CREATE UNIQUE INDEX event_registrations_email ON event_registrations(event_id, email) WHERE email <> '';

-- +goose Down
DROP TABLE event_registrations;
DROP TABLE event_files;
DROP TABLE event_speakers;
DROP TABLE event_organisations;
DROP TABLE events;
DROP TABLE news_post_commitments;
DROP TABLE news_post_tags;
DROP TABLE news_posts;
