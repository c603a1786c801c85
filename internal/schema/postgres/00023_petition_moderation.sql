-- +goose Up
-- The link that lets a signer withdraw a confirmed signature until the
-- petition is filed: the SHA-256 of its token, '' when there is none.
ALTER TABLE petition_signatures ADD COLUMN withdraw_hash TEXT NOT NULL DEFAULT '';
CREATE INDEX petition_signatures_withdraw ON petition_signatures(withdraw_hash);
-- The block of the address an online signature came from (an IPv4 /24 or
-- an IPv6 /48, never the whole address), for the moderators' view of
-- signatures by block, email domain and hour.
ALTER TABLE petition_signatures ADD COLUMN address_block TEXT NOT NULL DEFAULT '';
-- Email domains the site refuses for signatures (disposable addresses),
-- one a line.
ALTER TABLE petition_settings ADD COLUMN refused_domains TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE petition_settings DROP COLUMN refused_domains;
ALTER TABLE petition_signatures DROP COLUMN address_block;
DROP INDEX petition_signatures_withdraw;
ALTER TABLE petition_signatures DROP COLUMN withdraw_hash;
