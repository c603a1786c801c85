-- +goose Up
-- /readyz writes the time into this table's one row (id 1), at most once a
-- second, to learn that the database accepts writes and not only reads.
CREATE TABLE health_probe (
    id         INTEGER PRIMARY KEY,
    checked_at TEXT NOT NULL
);

-- +goose Down
DROP TABLE health_probe;
