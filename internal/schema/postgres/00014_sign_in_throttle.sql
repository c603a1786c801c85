-- +goose Up
-- Sign-in throttling per pair of the address typed and the client's IP
-- address (account.Failures), instead of a lock-out per account: the pair is
-- the SHA-256 of the site, the address and the IP, so neither is kept in
-- clear, and a pair without a failure for a day is swept away.
CREATE TABLE sign_in_failures (
    pair           TEXT PRIMARY KEY,
    failures       INTEGER NOT NULL DEFAULT 0,
    last_failed_at TIMESTAMPTZ NOT NULL,
    wait_until     TIMESTAMPTZ
);
CREATE INDEX sign_in_failures_last ON sign_in_failures(last_failed_at);

ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;

-- +goose Down
ALTER TABLE users ADD COLUMN failed_logins INTEGER NOT NULL DEFAULT 0;
ALTER TABLE users ADD COLUMN locked_until TIMESTAMPTZ;
DROP TABLE sign_in_failures;
