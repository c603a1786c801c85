package db_test

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"sort"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/schema"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// insertSite adds a site and returns its id, portably (RETURNING works on
// both SQLite ≥ 3.35 and PostgreSQL).
func insertSite(t *testing.T, ctx context.Context, q db.Querier, slug string, created time.Time) int64 {
	t.Helper()
	var id int64
	err := q.QueryRowContext(ctx,
		`INSERT INTO sites (slug, created_at) VALUES (?, ?) RETURNING id`,
		slug, db.Timestamp{Time: created}).Scan(&id)
	if err != nil {
		t.Fatalf("insert site %q: %v", slug, err)
	}
	return id
}

func inTx(t *testing.T, d *db.DB, fn func(tx *db.Tx) error) {
	t.Helper()
	if err := d.InTx(t.Context(), fn); err != nil {
		t.Fatal(err)
	}
}

func TestMigrationsApply(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := t.Context()
		// Every table of the schema is there and empty.
		for _, table := range []string{"sites", "organisations", "plans", "plan_stages", "commitments",
			"commitment_partners", "milestones", "progress_updates", "evidence", "assessments"} {
			var n int
			if err := d.R().QueryRowContext(ctx, "SELECT COUNT(*) FROM "+table).Scan(&n); err != nil {
				t.Errorf("table %s: %v", table, err)
			} else if n != 0 {
				t.Errorf("table %s has %d rows in a fresh database", table, n)
			}
		}
		// Migrating again is a no-op.
		if err := d.Migrate(ctx, schema.FS); err != nil {
			t.Errorf("second Migrate: %v", err)
		}
		if err := d.Ping(ctx); err != nil {
			t.Errorf("Ping: %v", err)
		}
	})
}

func TestRebind(t *testing.T) {
	const q = `a = ? AND b = '?'`
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		want := q
		if d.Dialect == db.Postgres {
			want = `a = $1 AND b = '?'`
		}
		if got := d.Rebind(q); got != want {
			t.Errorf("Rebind(%q) = %q, want %q", q, got, want)
		}
		if d.Dialect == db.Postgres {
			if got, want := d.Rebind(`x IN (?, ?) OR y = 'it''s ?' OR z = ?`), `x IN ($1, $2) OR y = 'it''s ?' OR z = $3`; got != want {
				t.Errorf("Rebind = %q, want %q", got, want)
			}
		}
		// The rewrite works on the real database: the quoted "?" is text,
		// the bare ones are parameters.
		var got string
		err := d.R().QueryRowContext(t.Context(),
			`SELECT CAST(? AS TEXT) || '?' || CAST(? AS TEXT)`, "a", "b").Scan(&got)
		if err != nil {
			t.Fatal(err)
		}
		if got != "a?b" {
			t.Errorf("query returned %q, want %q", got, "a?b")
		}
	})
}

func TestTimestampRoundTripAndOrder(t *testing.T) {
	casablanca := time.FixedZone("+01", 3600)
	base := time.Date(2026, 3, 14, 9, 26, 53, 589793000, time.UTC)
	times := []time.Time{
		base,
		base.Add(100 * time.Millisecond),    // .689793: a naive RFC 3339 format would still sort this one
		base.Truncate(time.Second),          // .000000: RFC3339Nano drops the fraction and sorts it after
		base.Add(time.Microsecond),          // the smallest step the format keeps
		base.Add(-time.Hour).In(casablanca), // given in +01:00, comes back in UTC
		time.Date(1999, 12, 31, 23, 59, 59, 999999000, time.UTC),
		time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC),
		time.Date(2026, 12, 31, 23, 0, 0, 0, casablanca), // 22:00 UTC
		time.Date(2038, 1, 19, 3, 14, 8, 0, time.UTC),
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := t.Context()
		shuffled := slices.Clone(times)
		rand.Shuffle(len(shuffled), func(i, j int) { shuffled[i], shuffled[j] = shuffled[j], shuffled[i] })
		ids := map[int64]time.Time{}
		inTx(t, d, func(tx *db.Tx) error {
			for i, tm := range shuffled {
				ids[insertSite(t, ctx, tx, fmt.Sprintf("s%d", i), tm)] = tm
			}
			return nil
		})

		// Each value comes back as the same instant, in UTC.
		for id, want := range ids {
			var got db.Timestamp
			if err := d.R().QueryRowContext(ctx, `SELECT created_at FROM sites WHERE id = ?`, id).Scan(&got); err != nil {
				t.Fatal(err)
			}
			if !got.Equal(want) || got.Location() != time.UTC {
				t.Errorf("site %d: created_at = %v, want %v in UTC", id, got.Time, want.UTC())
			}
		}

		// ORDER BY the column is time order.
		rows, err := d.R().QueryContext(ctx, `SELECT created_at FROM sites ORDER BY created_at`)
		if err != nil {
			t.Fatal(err)
		}
		var got []time.Time
		for rows.Next() {
			var ts db.Timestamp
			if err := rows.Scan(&ts); err != nil {
				t.Fatal(err)
			}
			got = append(got, ts.Time)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		rows.Close()
		want := slices.Clone(times)
		slices.SortFunc(want, func(a, b time.Time) int { return a.Compare(b) })
		if !slices.EqualFunc(got, want, time.Time.Equal) {
			t.Errorf("ORDER BY created_at gave\n%v\nwant\n%v", got, want)
		}

		// A zero Timestamp is NULL and scans back as zero.
		var null db.Timestamp
		if err := d.R().QueryRowContext(ctx, `SELECT CAST(? AS TEXT)`, db.Timestamp{}).Scan(&null); err != nil {
			t.Fatal(err)
		}
		if !null.IsZero() {
			t.Errorf("zero Timestamp came back as %v", null.Time)
		}

		if d.Dialect == db.SQLite {
			// SQLite keeps fixed-width text, so comparisons in SQL (not only
			// ORDER BY) follow time order too.
			var typ, text string
			if err := d.R().QueryRowContext(ctx, `SELECT typeof(created_at), created_at FROM sites ORDER BY created_at LIMIT 1`).Scan(&typ, &text); err != nil {
				t.Fatal(err)
			}
			if typ != "text" || text != "1999-12-31T23:59:59.999999Z" {
				t.Errorf("SQLite stores %s %q, want text %q", typ, text, "1999-12-31T23:59:59.999999Z")
			}
			var n int
			if err := d.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM sites WHERE created_at > ?`,
				db.Timestamp{Time: base.Truncate(time.Second)}).Scan(&n); err != nil {
				t.Fatal(err)
			}
			if n != 5 { // base, base+100ms, base+1µs, 2026-12-31, 2038
				t.Errorf("created_at > %v matched %d rows, want 5", base.Truncate(time.Second), n)
			}
		}
	})
}

func TestDateRoundTripAndOrder(t *testing.T) {
	dates := []db.Date{
		db.NewDate(2024, time.February, 29),
		db.NewDate(2026, time.January, 1),
		db.NewDate(2025, time.December, 31),
		db.NewDate(2026, time.October, 9),
		db.NewDate(2026, time.September, 10),
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := t.Context()
		inTx(t, d, func(tx *db.Tx) error {
			site := insertSite(t, ctx, tx, "region", tx.Now())
			var plan int64
			if err := tx.QueryRowContext(ctx, `INSERT INTO plans (site_id, slug, period_start, period_end, status, created_at, updated_at)
				VALUES (?, 'p1', 2024, 2026, 'draft', ?, ?) RETURNING id`,
				site, db.Timestamp{Time: tx.Now()}, db.Timestamp{Time: tx.Now()}).Scan(&plan); err != nil {
				return err
			}
			for i, day := range dates {
				var ends any = db.Date{} // NULL
				if i%2 == 0 {
					ends = db.Date{Time: day.AddDate(0, 0, 30)}
				}
				if _, err := tx.ExecContext(ctx, `INSERT INTO plan_stages (plan_id, position, starts_on, ends_on) VALUES (?, ?, ?, ?)`,
					plan, i, day, ends); err != nil {
					return err
				}
			}
			return nil
		})

		rows, err := d.R().QueryContext(ctx, `SELECT position, starts_on, ends_on FROM plan_stages ORDER BY starts_on`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var order []db.Date
		for rows.Next() {
			var pos int
			var starts, ends db.Date
			if err := rows.Scan(&pos, &starts, &ends); err != nil {
				t.Fatal(err)
			}
			if want := dates[pos]; !starts.Equal(want.Time) || starts.String() != want.String() {
				t.Errorf("stage %d: starts_on = %q, want %q", pos, starts, want)
			}
			if pos%2 == 0 {
				if want := dates[pos].AddDate(0, 0, 30).Format("2006-01-02"); ends.String() != want {
					t.Errorf("stage %d: ends_on = %q, want %q", pos, ends, want)
				}
			} else if !ends.IsZero() {
				t.Errorf("stage %d: ends_on = %q, want NULL", pos, ends)
			}
			order = append(order, starts)
		}
		if err := rows.Err(); err != nil {
			t.Fatal(err)
		}
		if !slices.IsSortedFunc(order, func(a, b db.Date) int { return a.Compare(b.Time) }) || len(order) != len(dates) {
			t.Errorf("ORDER BY starts_on gave %v", order)
		}
	})
}

func TestInTx(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := t.Context()
		count := func() int {
			var n int
			if err := d.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM sites`).Scan(&n); err != nil {
				t.Fatal(err)
			}
			return n
		}

		boom := errors.New("boom")
		err := d.InTx(ctx, func(tx *db.Tx) error {
			insertSite(t, ctx, tx, "rolled-back", tx.Now())
			// The transaction sees its own write...
			var n int
			if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM sites`).Scan(&n); err != nil || n != 1 {
				t.Errorf("inside the transaction: %d sites, %v; want 1", n, err)
			}
			return fmt.Errorf("wrapped: %w", boom)
		})
		if !errors.Is(err, boom) {
			t.Fatalf("InTx returned %v, want the callback's error", err)
		}
		// ...which the error rolled back.
		if n := count(); n != 0 {
			t.Errorf("after a failed transaction: %d sites, want 0", n)
		}

		// A failing statement rolls back the statements before it.
		err = d.InTx(ctx, func(tx *db.Tx) error {
			insertSite(t, ctx, tx, "first", tx.Now())
			_, err := tx.ExecContext(ctx, `INSERT INTO sites (slug, created_at) VALUES (?, ?)`, "first", db.Timestamp{Time: tx.Now()})
			return err
		})
		if !db.IsUniqueViolation(err) {
			t.Fatalf("InTx returned %v, want a unique violation", err)
		}
		if n := count(); n != 0 {
			t.Errorf("after a failed statement: %d sites, want 0", n)
		}

		// nil commits, and Now is fixed for the transaction.
		var now1, now2 time.Time
		inTx(t, d, func(tx *db.Tx) error {
			now1 = tx.Now()
			insertSite(t, ctx, tx, "kept", now1)
			time.Sleep(2 * time.Millisecond)
			now2 = tx.Now()
			return nil
		})
		if !now1.Equal(now2) || now1.Location() != time.UTC {
			t.Errorf("Tx.Now changed within a transaction (%v, %v) or is not UTC", now1, now2)
		}
		if n := count(); n != 1 {
			t.Errorf("after a committed transaction: %d sites, want 1", n)
		}
	})
}

func TestReadPoolCannotWrite(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := t.Context()
		if _, err := d.R().ExecContext(ctx, `INSERT INTO sites (slug, created_at) VALUES (?, ?)`,
			"via-reader", db.Timestamp{Time: time.Now()}); err == nil {
			t.Error("R().ExecContext wrote")
		}
		if d.Dialect == db.SQLite {
			// The read pool is opened query_only, so even a query that writes fails.
			var id int64
			err := d.R().QueryRowContext(ctx, `INSERT INTO sites (slug, created_at) VALUES (?, ?) RETURNING id`,
				"via-reader-query", db.Timestamp{Time: time.Now()}).Scan(&id)
			if err == nil {
				t.Error("an INSERT … RETURNING through R().QueryRowContext wrote on SQLite")
			}
		}
		var n int
		if err := d.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM sites`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		if n != 0 {
			t.Errorf("%d sites after writes through the read pool, want 0", n)
		}
	})
}

func TestIsUniqueViolation(t *testing.T) {
	if db.IsUniqueViolation(nil) {
		t.Error("IsUniqueViolation(nil) = true")
	}
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := t.Context()
		inTx(t, d, func(tx *db.Tx) error { insertSite(t, ctx, tx, "tanger-tetouan", tx.Now()); return nil })
		err := d.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO sites (slug, created_at) VALUES (?, ?)`,
				"tanger-tetouan", db.Timestamp{Time: tx.Now()})
			return err
		})
		if err == nil {
			t.Fatal("a duplicate slug was accepted")
		}
		if !db.IsUniqueViolation(err) {
			t.Errorf("IsUniqueViolation(%v) = false for a duplicate sites.slug", err)
		}

		// Other constraint failures are not unique violations.
		err = d.InTx(ctx, func(tx *db.Tx) error {
			_, err := tx.ExecContext(ctx, `INSERT INTO sites (slug, created_at) VALUES (?, NULL)`, "no-date")
			return err
		})
		if err == nil || db.IsUniqueViolation(err) {
			t.Errorf("NOT NULL failure: err = %v, IsUniqueViolation = %v; want an error that is not a unique violation", err, db.IsUniqueViolation(err))
		}
	})
}

func TestForeignKeysEnforced(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := t.Context()
		err := d.InTx(ctx, func(tx *db.Tx) error {
			now := db.Timestamp{Time: tx.Now()}
			_, err := tx.ExecContext(ctx, `INSERT INTO organisations (site_id, slug, kind, created_at, updated_at) VALUES (?, ?, ?, ?, ?)`,
				4242, "orphan", "ngo", now, now)
			return err
		})
		if err == nil {
			t.Error("an organisation of a site that does not exist was accepted")
		}
	})
}

func TestSQLitePragmas(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := t.Context()
	conn, err := d.Writer().Conn(ctx)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	var mode string
	if err := conn.QueryRowContext(ctx, `PRAGMA journal_mode`).Scan(&mode); err != nil {
		t.Fatal(err)
	}
	if mode != "wal" {
		t.Errorf("journal_mode = %q, want wal", mode)
	}
	var fk int
	if err := conn.QueryRowContext(ctx, `PRAGMA foreign_keys`).Scan(&fk); err != nil {
		t.Fatal(err)
	}
	if fk != 1 {
		t.Errorf("foreign_keys = %d, want 1", fk)
	}
	var busy int
	if err := conn.QueryRowContext(ctx, `PRAGMA busy_timeout`).Scan(&busy); err != nil {
		t.Fatal(err)
	}
	if busy <= 0 {
		t.Errorf("busy_timeout = %d, want > 0", busy)
	}
}

// columns maps each table of the schema to its sorted column names.
type columns map[string][]string

func sqliteColumns(t *testing.T, d *db.DB) columns {
	t.Helper()
	ctx := t.Context()
	rows, err := d.R().QueryContext(ctx, `SELECT m.name, p.name FROM sqlite_master AS m, pragma_table_info(m.name) AS p
		WHERE m.type = 'table' AND m.name NOT LIKE 'sqlite\_%' ESCAPE '\' AND m.name <> 'goose_db_version'
		-- full-text tables and their shadow tables are SQLite's own index
		AND m.sql NOT LIKE 'CREATE VIRTUAL TABLE%'
		AND NOT EXISTS (SELECT 1 FROM sqlite_master AS v WHERE v.sql LIKE 'CREATE VIRTUAL TABLE%'
			AND m.name LIKE v.name || '\_%' ESCAPE '\')`)
	if err != nil {
		t.Fatal(err)
	}
	return scanColumns(t, rows)
}

func postgresColumns(t *testing.T, d *db.DB) columns {
	t.Helper()
	rows, err := d.R().QueryContext(t.Context(), `SELECT c.table_name, c.column_name FROM information_schema.columns AS c
		JOIN information_schema.tables AS t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
		WHERE c.table_schema = current_schema() AND t.table_type = 'BASE TABLE' AND c.table_name <> 'goose_db_version'`)
	if err != nil {
		t.Fatal(err)
	}
	return scanColumns(t, rows)
}

func scanColumns(t *testing.T, rows *sql.Rows) columns {
	t.Helper()
	defer rows.Close()
	cols := columns{}
	for rows.Next() {
		var table, column string
		if err := rows.Scan(&table, &column); err != nil {
			t.Fatal(err)
		}
		cols[table] = append(cols[table], column)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	for _, c := range cols {
		sort.Strings(c)
	}
	return cols
}

// indexes returns the names of the indexes that the migrations create by
// name (not those behind PRIMARY KEY or UNIQUE constraints).
func indexes(t *testing.T, d *db.DB) []string {
	t.Helper()
	q := `SELECT name FROM sqlite_master WHERE type = 'index' AND sql IS NOT NULL`
	if d.Dialect == db.Postgres {
		q = `SELECT i.indexname FROM pg_indexes AS i WHERE i.schemaname = current_schema()
			AND i.tablename <> 'goose_db_version'
			AND NOT EXISTS (SELECT 1 FROM pg_constraint AS c JOIN pg_class AS x ON x.oid = c.conindid
				WHERE x.relname = i.indexname AND x.relnamespace = c.connamespace)`
	}
	rows, err := d.R().QueryContext(t.Context(), q)
	if err != nil {
		t.Fatal(err)
	}
	defer rows.Close()
	var names []string
	for rows.Next() {
		var n string
		if err := rows.Scan(&n); err != nil {
			t.Fatal(err)
		}
		names = append(names, n)
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	sort.Strings(names)
	return names
}

// TestSchemaParity checks that the two migration folders describe the same
// tables, columns and named indexes.
func TestSchemaParity(t *testing.T) {
	lite, pg := dbtest.SQLite(t), dbtest.Postgres(t)
	lc, pc := sqliteColumns(t, lite), postgresColumns(t, pg)
	if len(lc) == 0 {
		t.Fatal("no tables found on SQLite")
	}
	tables := map[string]bool{}
	for name := range lc {
		tables[name] = true
	}
	for name := range pc {
		tables[name] = true
	}
	names := make([]string, 0, len(tables))
	for name := range tables {
		names = append(names, name)
	}
	sort.Strings(names)
	for _, name := range names {
		l, lok := lc[name]
		p, pok := pc[name]
		switch {
		case !pok:
			t.Errorf("table %s exists on SQLite only", name)
		case !lok:
			t.Errorf("table %s exists on PostgreSQL only", name)
		case !slices.Equal(l, p):
			t.Errorf("table %s: columns differ\n  SQLite only:     %v\n  PostgreSQL only: %v",
				name, minus(l, p), minus(p, l))
		}
	}
	li, pi := indexes(t, lite), indexes(t, pg)
	pi = slices.DeleteFunc(pi, func(n string) bool { return postgresOnlyIndexes[n] })
	if !slices.Equal(li, pi) {
		t.Errorf("named indexes differ\n  SQLite only:     %v\n  PostgreSQL only: %v", minus(li, pi), minus(pi, li))
	}
}

// postgresOnlyIndexes have no twin on SQLite, which indexes the same data
// another way.
var postgresOnlyIndexes = map[string]bool{
	"search_docs_terms": true, // GIN over the tsvector; SQLite has the search_fts table
}

func minus(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

// Each's subtests get databases of their own: a write in one is not seen in
// another, even in parallel.
func TestEachIsolated(t *testing.T) {
	for i := range 3 {
		t.Run(fmt.Sprint(i), func(t *testing.T) {
			t.Parallel()
			dbtest.Each(t, func(t *testing.T, d *db.DB) {
				t.Parallel()
				ctx := t.Context()
				inTx(t, d, func(tx *db.Tx) error { insertSite(t, ctx, tx, "same-slug", tx.Now()); return nil })
				var n int
				if err := d.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM sites`).Scan(&n); err != nil {
					t.Fatal(err)
				}
				if n != 1 {
					t.Errorf("%d sites, want 1", n)
				}
			})
		})
	}
}

// PostgresURL gives an empty database that a whole server could open and
// migrate itself.
func TestPostgresURL(t *testing.T) {
	u := dbtest.PostgresURL(t)
	if !strings.HasPrefix(u, "postgres://") && !strings.HasPrefix(u, "postgresql://") {
		t.Fatalf("PostgresURL = %q", u)
	}
	d, err := db.Open(t.Context(), u, "")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.R().QueryRowContext(t.Context(),
		`SELECT COUNT(*) FROM information_schema.tables WHERE table_schema = current_schema()`).Scan(&n); err != nil {
		t.Fatal(err)
	}
	if n != 0 {
		t.Errorf("a fresh database has %d tables, want 0", n)
	}
	if err := d.Migrate(t.Context(), schema.FS); err != nil {
		t.Fatal(err)
	}
}
