-- +goose Up
-- What a site says about itself beyond its name: its logo (a stored image,
-- by content hash; '' for none), the council's public contact details (the
-- institution's, public by design), the number of its declaration to or
-- authorisation by the CNDP (Law 09-08) shown on /privacy, the sender of
-- its emails ('' keeps the installation's), and the description search
-- engines show (text per language).
ALTER TABLE sites ADD COLUMN logo_hash TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN contact_address TEXT NOT NULL DEFAULT '{}';
ALTER TABLE sites ADD COLUMN contact_phone TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN contact_email TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN cndp_number TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN mail_from_name TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN mail_from_address TEXT NOT NULL DEFAULT '';
ALTER TABLE sites ADD COLUMN meta_description TEXT NOT NULL DEFAULT '{}';
-- The sender of a queued message, when its site has one ('' otherwise).
ALTER TABLE mail_queue ADD COLUMN from_name TEXT NOT NULL DEFAULT '';
ALTER TABLE mail_queue ADD COLUMN from_address TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE mail_queue DROP COLUMN from_address;
ALTER TABLE mail_queue DROP COLUMN from_name;
ALTER TABLE sites DROP COLUMN meta_description;
ALTER TABLE sites DROP COLUMN mail_from_address;
ALTER TABLE sites DROP COLUMN mail_from_name;
ALTER TABLE sites DROP COLUMN cndp_number;
ALTER TABLE sites DROP COLUMN contact_email;
ALTER TABLE sites DROP COLUMN contact_phone;
ALTER TABLE sites DROP COLUMN contact_address;
ALTER TABLE sites DROP COLUMN logo_hash;
