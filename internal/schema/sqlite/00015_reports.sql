-- +goose Up
-- Reports on any public contribution, named by a kind and an id like the
-- comments' targets ("comment", 12; "proposal", 7), instead of a table per
-- kind. A moderator's decision (hide, restore, keep visible) resolves the
-- reports filed so far: they stay, so the same people cannot report the
-- same thing again, but only unresolved reports queue it and count towards
-- hiding it. Proposals can now be hidden by reports or a moderator.

CREATE TABLE reports (
    site_id     INTEGER NOT NULL REFERENCES sites(id),
    target_kind TEXT NOT NULL,
    target_id   INTEGER NOT NULL,
    user_id     INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reason      TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    resolved_at TEXT,
    PRIMARY KEY (target_kind, target_id, user_id)
);
-- The moderation queue reads the unresolved reports of a site.
CREATE INDEX reports_open ON reports(site_id, target_kind, target_id) WHERE resolved_at IS NULL;
CREATE INDEX reports_user ON reports(user_id);

-- A comment's reports filed before its last review were resolved by it.
INSERT INTO reports (site_id, target_kind, target_id, user_id, reason, created_at, resolved_at)
SELECT c.site_id, 'comment', r.comment_id, r.user_id, r.reason, r.created_at,
    CASE WHEN c.moderated_at IS NOT NULL AND c.moderated_at >= r.created_at THEN c.moderated_at END
FROM comment_reports r JOIN comments c ON c.id = r.comment_id;
DROP TABLE comment_reports;

-- When a proposal was hidden (NULL while it is public).
ALTER TABLE proposals ADD COLUMN hidden_at TEXT;

-- +goose Down
ALTER TABLE proposals DROP COLUMN hidden_at;
CREATE TABLE comment_reports (
    comment_id INTEGER NOT NULL REFERENCES comments(id) ON DELETE CASCADE,
    user_id    INTEGER NOT NULL REFERENCES users(id) ON DELETE CASCADE,
    reason     TEXT NOT NULL,
    created_at TEXT NOT NULL,
    PRIMARY KEY (comment_id, user_id)
);
INSERT INTO comment_reports (comment_id, user_id, reason, created_at)
SELECT target_id, user_id, reason, created_at FROM reports
WHERE target_kind = 'comment' AND target_id IN (SELECT id FROM comments);
DROP TABLE reports;
