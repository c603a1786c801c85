-- +goose Up
-- Budgets as data (docs/budget.md): one row per site, fiscal year and stage
-- (adopted, amending, execution), replaced whole by each import of that
-- year and stage; the ledger says who imported what. population is the
-- number of inhabitants the per-inhabitant figures divide by (0: none).
CREATE TABLE budgets (
    id          INTEGER PRIMARY KEY,
    site_id     INTEGER NOT NULL REFERENCES sites(id),
    year        INTEGER NOT NULL,
    stage       TEXT NOT NULL,
    population  INTEGER NOT NULL DEFAULT 0,
    line_count  INTEGER NOT NULL DEFAULT 0,
    file_name   TEXT NOT NULL DEFAULT '',
    imported_at TEXT NOT NULL,
    UNIQUE (site_id, year, stage)
);
-- The lines, in file order, with their classification in the territorial
-- budget nomenclature and their amounts in centimes (integers, never floats).
CREATE TABLE budget_lines (
    id             INTEGER PRIMARY KEY,
    budget_id      INTEGER NOT NULL REFERENCES budgets(id) ON DELETE CASCADE,
    position       INTEGER NOT NULL,
    section        TEXT NOT NULL,
    direction      TEXT NOT NULL,
    chapter        TEXT NOT NULL,
    article        TEXT NOT NULL,
    paragraph      TEXT NOT NULL DEFAULT '',
    line_code      TEXT NOT NULL DEFAULT '',
    label          TEXT NOT NULL DEFAULT '{}',
    chapter_label  TEXT NOT NULL DEFAULT '{}',
    programme      TEXT NOT NULL DEFAULT '',
    function       TEXT NOT NULL DEFAULT '',
    province       TEXT NOT NULL DEFAULT '',
    commitment_ref TEXT NOT NULL DEFAULT '',
    forecast       INTEGER NOT NULL DEFAULT 0,
    revised        INTEGER NOT NULL DEFAULT 0,
    committed      INTEGER NOT NULL DEFAULT 0,
    executed       INTEGER NOT NULL DEFAULT 0
);
CREATE INDEX budget_lines_budget ON budget_lines(budget_id, position);

-- +goose Down
DROP TABLE budget_lines;
DROP TABLE budgets;
