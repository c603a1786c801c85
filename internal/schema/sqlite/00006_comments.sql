-- +goose Up
-- Comments on anything commentable (a commitment, a milestone, a proposal, a
-- news post…), named by a kind and an id; their votes, reports and the
-- links that confirm a guest's address; blocked accounts; and the number of
-- reports that hides a comment until a moderator reviews it.

CREATE TABLE comments (
    id           INTEGER PRIMARY KEY,
    site_id      INTEGER NOT NULL REFERENCES sites(id),
    target_kind  TEXT NOT NULL,
    target_id    INTEGER NOT NULL,
    parent_id    INTEGER REFERENCES comments(id),
    depth        INTEGER NOT NULL DEFAULT 0,
    user_id      INTEGER REFERENCES users(id) ON DELETE SET NULL,
    guest_name   TEXT NOT NULL DEFAULT '',
    guest_email  TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL,
    body_html    TEXT NOT NULL,
    stance       TEXT NOT NULL DEFAULT '',
    status       TEXT NOT NULL DEFAULT 'visible',
    score        INTEGER NOT NULL DEFAULT 0,
    reply_count  INTEGER NOT NULL DEFAULT 0,
    report_count INTEGER NOT NULL DEFAULT 0,
    moderated_by INTEGER REFERENCES users(id) ON DELETE SET NULL,
    moderated_at TEXT,
    edited_at    TEXT,
    created_at   TEXT NOT NULL
);
-- A thread's top-level comments (parent_id IS NULL) page by id.
CREATE INDEX comments_thread ON comments(site_id, target_kind, target_id, parent_id, id);
CREATE INDEX comments_replies ON comments(parent_id, id);
-- The moderation queue, and "the same text twice in a row".
CREATE INDEX comments_status ON comments(site_id, status, id);
CREATE INDEX comments_author ON comments(user_id, target_kind, target_id, id);

-- How many visible comments each thing has, kept with every change of
-- state, so a page of a long thread does not count them.
CREATE TABLE comment_counts (
    site_id     INTEGER NOT NULL REFERENCES sites(id),
    target_kind TEXT NOT NULL,
    target_id   INTEGER NOT NULL,
    visible     INTEGER NOT NULL DEFAULT 0,
    PRIMARY KEY (site_id, target_kind, target_id)
);

-- One vote per person and comment: +1 or -1, changeable.
CREATE TABLE comment_votes (
    comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    value      INTEGER NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);

-- One report per person and comment.
CREATE TABLE comment_reports (
    comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);

-- Single-use links confirming a guest's address; only their SHA-256 is stored.
CREATE TABLE comment_tokens (
    hash       TEXT PRIMARY KEY,
    comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    expires_at TEXT NOT NULL,
    used_at    TEXT,
    created_at TEXT NOT NULL
);
CREATE INDEX comment_tokens_comment ON comment_tokens(comment_id);

-- A blocked account can no longer comment, vote or report.
ALTER TABLE users ADD COLUMN blocked_at TEXT;
-- After this many reports a comment is hidden until a moderator reviews it.
ALTER TABLE sites ADD COLUMN comment_report_threshold INTEGER NOT NULL DEFAULT 3;

-- +goose Down
ALTER TABLE sites DROP COLUMN comment_report_threshold;
ALTER TABLE users DROP COLUMN blocked_at;
DROP TABLE comment_tokens;
DROP TABLE comment_reports;
DROP TABLE comment_votes;
DROP TABLE comment_counts;
DROP TABLE comments;
