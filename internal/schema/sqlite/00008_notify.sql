-- +goose Up
-- The durable queue of outgoing mail, follows, notification preferences,
-- notifications waiting to be sent (at once or in a digest) and the tokens
-- of one-click unsubscribe links.

-- One row per message. A worker claims due rows (status pending, or sending
-- with an expired lease) by moving available_at to the end of its lease;
-- after a failure available_at is the next attempt.
CREATE TABLE mail_queue (
    id           INTEGER PRIMARY KEY,
    recipients   TEXT NOT NULL,
    subject      TEXT NOT NULL,
    body         TEXT NOT NULL,
    headers      TEXT NOT NULL DEFAULT '{}',
    status       TEXT NOT NULL DEFAULT 'pending',
    attempts     INTEGER NOT NULL DEFAULT 0,
    claim        TEXT NOT NULL DEFAULT '',
    available_at TEXT NOT NULL,
    last_error   TEXT NOT NULL DEFAULT '',
    created_at   TEXT NOT NULL,
    sent_at      TEXT
);
CREATE INDEX mail_queue_due ON mail_queue(status, available_at);

-- A person following something: target_kind is "commitment",
-- "consultation", "proposal", …
CREATE TABLE follows (
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    site_id     INTEGER NOT NULL REFERENCES sites(id),
    target_kind TEXT NOT NULL,
    target_id   INTEGER NOT NULL,
    created_at  TEXT NOT NULL,
    PRIMARY KEY (user_id, target_kind, target_id)
);
CREATE INDEX follows_target ON follows(site_id, target_kind, target_id);

-- How often a person wants notification emails: instant, daily, weekly or
-- none. No row means instant.
CREATE TABLE notify_settings (
    user_id    INTEGER PRIMARY KEY REFERENCES users(id) ON DELETE CASCADE,
    frequency  TEXT NOT NULL,
    updated_at TEXT NOT NULL
);

-- One row per recipient of an event; sent_at is set when its email (alone
-- or in a digest) is queued.
CREATE TABLE notifications (
    id          INTEGER PRIMARY KEY,
    site_id     INTEGER NOT NULL REFERENCES sites(id),
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL,
    target_kind TEXT NOT NULL,
    target_id   INTEGER NOT NULL,
    title       TEXT NOT NULL DEFAULT '{}',
    excerpt     TEXT NOT NULL DEFAULT '{}',
    url         TEXT NOT NULL,
    actor_name  TEXT NOT NULL DEFAULT '',
    frequency   TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    sent_at     TEXT
);
CREATE INDEX notifications_pending ON notifications(frequency, sent_at, site_id);
CREATE INDEX notifications_user ON notifications(user_id, sent_at);

-- Tokens of the unsubscribe links in notification emails; only their
-- SHA-256 is stored.
CREATE TABLE notify_unsubscribe (
    hash       TEXT PRIMARY KEY,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    created_at TEXT NOT NULL,
    used_at    TEXT
);
CREATE INDEX notify_unsubscribe_user ON notify_unsubscribe(user_id);

-- +goose Down
DROP TABLE notify_unsubscribe;
DROP TABLE notifications;
DROP TABLE notify_settings;
DROP TABLE follows;
DROP TABLE mail_queue;
