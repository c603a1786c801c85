-- +goose Up
-- The citizen budget (/budget/{year}/citizen): plain-language texts editors
-- write per fiscal year, per chapter (direction, section, chapter code) and
-- per language, as markdown in a JSON object of languages; the figures are
-- not in the texts but inserted from the budget data where a text names
-- them. The row with an empty direction, section and chapter is the year's
-- introduction.
CREATE TABLE budget_texts (
    id         INTEGER PRIMARY KEY,
    site_id    INTEGER NOT NULL REFERENCES sites(id),
    year       INTEGER NOT NULL,
    direction  TEXT NOT NULL DEFAULT '',
    section    TEXT NOT NULL DEFAULT '',
    chapter    TEXT NOT NULL DEFAULT '',
    body       TEXT NOT NULL DEFAULT '{}',
    updated_at TEXT NOT NULL,
    UNIQUE (site_id, year, direction, section, chapter)
);

-- +goose Down
DROP TABLE budget_texts;
