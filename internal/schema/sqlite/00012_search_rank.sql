-- +goose Up
-- What BM25 ranking needs beside the full-text index: each document's
-- length in terms (title and body), and per site the number of documents
-- and of terms, kept by the writer in the transaction that changes the
-- index, so that a query reads the average length in one row instead of
-- summing a million. On SQLite search_docs.terms now holds the same
-- tsvector literal as on PostgreSQL: a match's term frequencies are read
-- from it.
ALTER TABLE search_docs ADD COLUMN length INTEGER NOT NULL DEFAULT 0;

CREATE TABLE search_stats (
    site_id INTEGER PRIMARY KEY REFERENCES sites(id),
    docs    INTEGER NOT NULL DEFAULT 0,
    terms   INTEGER NOT NULL DEFAULT 0
);
-- Documents indexed before this have no length or frequencies until
-- `infitah reindex`; they are counted, and rank by date alone until then.
INSERT INTO search_stats (site_id, docs, terms) SELECT site_id, count(*), 0 FROM search_docs GROUP BY site_id;

-- +goose Down
DROP TABLE search_stats;
ALTER TABLE search_docs DROP COLUMN length;
