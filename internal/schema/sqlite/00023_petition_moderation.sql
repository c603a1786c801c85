-- +goose Up
-- The link that lets a signer withdraw a confirmed signature until the
-- petition is filed: the SHA-256 of its token, '' when there is none.
ALTER TABLE petition_signatures ADD COLUMN withdraw_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX petition_signatures_withdraw ON petition_signatures(withdraw_hash);
-- The block of the address an online signature came from (an IPv4 /24 or
-- an IPv6 /48, never the whole address), for the moderators' view of
-- signatures by block, email domain and hour.
ALTER TABLE petition_signatures ADD COLUMN address_block TEXT NOT NULL DEFAULT '';
-- A signer who asked to be told of the petition's progress by email, and
-- the SHA-256 of the token of the link that stops it.
ALTER TABLE petition_signatures ADD COLUMN follows_progress INTEGER NOT NULL DEFAULT 0;
ALTER TABLE petition_signatures ADD COLUMN unfollow_hash TEXT NOT NULL DEFAULT '';
-- Email domains the site refuses for signatures (disposable addresses),
-- one a line.
ALTER TABLE petition_settings ADD COLUMN refused_domains TEXT NOT NULL DEFAULT '';

-- The committee of co-sponsors a petition's agent invites by email; each
-- accepts from the emailed link. Only accepted co-sponsors' names are
-- shown; addresses never are.
CREATE TABLE petition_cosponsors (
    id          INTEGER PRIMARY KEY,
    petition_id INTEGER NOT NULL REFERENCES petitions(id),
    name        TEXT NOT NULL,
    email       TEXT NOT NULL,
    -- invited or accepted
    status      TEXT NOT NULL,
    -- SHA-256 of the emailed link's token, '' once used.
    token_hash  TEXT NOT NULL,
    created_at  TEXT NOT NULL,
    accepted_at TEXT,
    UNIQUE (petition_id, email)
);
CREATE INDEX petition_cosponsors_token ON petition_cosponsors(token_hash);

-- +goose Down
DROP TABLE petition_cosponsors;
ALTER TABLE petition_settings DROP COLUMN refused_domains;
ALTER TABLE petition_signatures DROP COLUMN address_block;
ALTER TABLE petition_signatures DROP COLUMN unfollow_hash;
ALTER TABLE petition_signatures DROP COLUMN follows_progress;
DROP INDEX petition_signatures_withdraw;
ALTER TABLE petition_signatures DROP COLUMN withdraw_hash;
