-- +goose Up
-- One row per searchable thing (a commitment, a proposal, a news post…), with
-- its texts in every locale and the terms the search analyzer made of them.
-- Only what the public may see is here: hidden or deleted content leaves in
-- the same transaction as the change.
CREATE TABLE search_docs (
    id              INTEGER PRIMARY KEY,
    site_id         INTEGER NOT NULL REFERENCES sites(id),
    kind            TEXT NOT NULL,
    ref_id          INTEGER NOT NULL,
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    url             TEXT NOT NULL,
    happened_at     TEXT NOT NULL,
    plan_id         INTEGER,
    organisation_id INTEGER,
    terms           TEXT NOT NULL,
    UNIQUE (site_id, kind, ref_id)
);

-- The terms are already analyzed and joined by spaces: the ascii tokenizer
-- splits on ASCII spaces only and keeps every other character, so FTS5
-- indexes exactly the analyzer's terms.
CREATE VIRTUAL TABLE search_fts USING fts5(terms, content = 'search_docs', content_rowid = 'id', tokenize = 'ascii');

-- +goose StatementBegin
CREATE TRIGGER search_docs_ai AFTER INSERT ON search_docs BEGIN
    INSERT INTO search_fts (rowid, terms) VALUES (new.id, new.terms);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_docs_ad AFTER DELETE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
END;
-- +goose StatementEnd
-- +goose StatementBegin
CREATE TRIGGER search_docs_au AFTER UPDATE ON search_docs BEGIN
    INSERT INTO search_fts (search_fts, rowid, terms) VALUES ('delete', old.id, old.terms);
    INSERT INTO search_fts (rowid, terms) VALUES (new.id, new.terms);
END;
-- +goose StatementEnd

-- +goose Down
DROP TRIGGER search_docs_au;
DROP TRIGGER search_docs_ad;
DROP TRIGGER search_docs_ai;
DROP TABLE search_fts;
DROP TABLE search_docs;
