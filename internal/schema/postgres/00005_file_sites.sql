-- +goose Up
-- A file is stored once by its content hash, but the same document may be
-- uploaded on several sites: each site serves only the files recorded for it
-- here, under the name it was given there.
CREATE TABLE file_sites (
    site_id    BIGINT NOT NULL REFERENCES sites(id),
    hash       TEXT NOT NULL REFERENCES files(hash),
    name       TEXT NOT NULL,
    created_at TIMESTAMPTZ NOT NULL,
    PRIMARY KEY (site_id, hash)
);

-- +goose Down
DROP TABLE file_sites;
