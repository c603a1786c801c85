-- +goose Up
-- The origin every absolute link of a site is built from (emails, feeds,
-- the sitemap, a page's metadata), such as "https://region.example". It is
-- configured, never taken from a request's Host header, which a client
-- chooses. Empty: --base-url for the default site, else https:// and the
-- site's host name, else http://localhost.
ALTER TABLE sites ADD COLUMN public_url TEXT NOT NULL DEFAULT '';

-- +goose Down
ALTER TABLE sites DROP COLUMN public_url;
