package participation

import "github.com/infitah/infitah/internal/platform/db"

// monthOf is the SQL expression of the calendar month ("2026-05", in UTC)
// of the timestamp column col. Instants are fixed-width UTC text on SQLite,
// whose first seven characters are the month, and TIMESTAMPTZ on
// PostgreSQL, formatted in UTC whatever the session's time zone.
func monthOf(d db.Dialect, col string) string {
	if d == db.Postgres {
		return `to_char(` + col + ` AT TIME ZONE 'UTC', 'YYYY-MM')`
	}
	return `substr(` + col + `, 1, 7)`
}
