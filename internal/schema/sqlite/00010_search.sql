-- +goose Up
-- One row per searchable thing (a commitment, a proposal, a news post…), with
-- its texts in every locale. Only what the public may see is here: hidden or
-- deleted content leaves in the same transaction as the change.
-- On SQLite the analyzed terms live only in search_fts (terms is left
-- empty); PostgreSQL keeps them here as a tsvector.
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
    parent          TEXT NOT NULL DEFAULT '',
    UNIQUE (site_id, kind, ref_id)
);
-- A document is indexed with the thing it belongs to ("consultation:4"),
-- which re-indexes or removes it with its other documents.
CREATE INDEX search_docs_parent ON search_docs (site_id, parent);

-- The terms of the title and of the body, already analyzed and joined by
-- spaces, and in tags the document's site, kind, plan and organisation as
-- tokens (§s12, §kproposal…) so that FTS5 alone finds a site's matches;
-- keyed by search_docs.id. The ascii tokenizer splits on ASCII spaces only
-- and keeps every other character, so FTS5 indexes exactly the analyzer's
-- terms. Contentless (the texts are in search_docs), with deletes by rowid.
-- The application writes it beside search_docs rather than through
-- triggers: a trigger makes FTS5 flush its pending index at every
-- statement, many times slower in bulk.
CREATE VIRTUAL TABLE search_fts USING fts5(title, body, tags, content = '', contentless_delete = 1, tokenize = 'ascii');

-- +goose Down
DROP TABLE search_fts;
DROP TABLE search_docs;
