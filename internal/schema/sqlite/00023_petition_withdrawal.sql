-- +goose Up
-- The link that lets a signer withdraw a confirmed signature until the
-- petition is filed: the SHA-256 of its token, '' when there is none.
ALTER TABLE petition_signatures ADD COLUMN withdraw_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX petition_signatures_withdraw ON petition_signatures(withdraw_hash);

-- +goose Down
DROP INDEX petition_signatures_withdraw;
ALTER TABLE petition_signatures DROP COLUMN withdraw_hash;
