-- +goose Up
-- Documents an editor publishes on their own (a report, a decision, a
-- budget annex), not as the evidence of something: the repository at
-- /documents lists them beside the files the features use. The file itself
-- is in files (by content hash); the name is the one it was uploaded with.
CREATE TABLE documents (
    id          INTEGER PRIMARY KEY,
    site_id     INTEGER NOT NULL REFERENCES sites(id),
    title       TEXT NOT NULL DEFAULT '{}',
    description TEXT NOT NULL DEFAULT '{}',
    file_hash   TEXT NOT NULL REFERENCES files(hash),
    file_name   TEXT NOT NULL,
    created_at  TEXT NOT NULL
);
CREATE INDEX documents_site ON documents(site_id, created_at);

-- +goose Down
DROP TABLE documents;
