package db_test

import (
	"context"
	"database/sql"
	"errors"
	"testing"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/schema"
)

// terminate ends the PostgreSQL backend pid from another connection and
// waits until it is gone, as a restart or an administrator would.
func terminate(t *testing.T, ctx context.Context, admin *sql.DB, pid int) {
	t.Helper()
	var ok bool
	if err := admin.QueryRowContext(ctx, `SELECT pg_terminate_backend($1, 10000)`, pid).Scan(&ok); err != nil || !ok {
		t.Fatalf("pg_terminate_backend(%d): %v, %v", pid, ok, err)
	}
}

// openPostgres opens a fresh PostgreSQL database as the server does, and a
// separate pool on it to end the first one's connections from.
func openPostgres(t *testing.T) (*db.DB, *sql.DB) {
	t.Helper()
	url := dbtest.PostgresURL(t)
	d, err := db.Open(t.Context(), url, "")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { d.Close() })
	if err := d.Migrate(t.Context(), schema.FS); err != nil {
		t.Fatal(err)
	}
	admin, err := sql.Open("pgx", url)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { admin.Close() })
	return d, admin
}

// TestInTxRetriesLostConnection ends the backend of a transaction before
// its commit: InTx runs the transaction again, once, on a new connection;
// the first run's rows and after-commit hooks are gone with it.
func TestInTxRetriesLostConnection(t *testing.T) {
	t.Parallel()
	d, admin := openPostgres(t)
	ctx := t.Context()
	count := func() int {
		var n int
		if err := d.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM sites`).Scan(&n); err != nil {
			t.Fatal(err)
		}
		return n
	}

	runs, hooks := 0, 0
	err := d.InTx(ctx, func(tx *db.Tx) error {
		runs++
		tx.AfterCommit(func() { hooks++ })
		insertSite(t, ctx, tx, "first", tx.Now())
		if runs == 1 {
			var pid int
			if err := tx.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
				return err
			}
			terminate(t, ctx, admin, pid)
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO sites (slug, created_at) VALUES (?, ?)`, "second", db.Timestamp{Time: tx.Now()})
		return err
	})
	if err != nil {
		t.Fatalf("InTx after a lost connection: %v", err)
	}
	if runs != 2 || hooks != 1 || count() != 2 {
		t.Errorf("%d runs, %d after-commit hooks, %d sites; want 2 runs, 1 hook, 2 sites", runs, hooks, count())
	}

	// Losing it twice is an error: the retry happens once.
	runs = 0
	err = d.InTx(ctx, func(tx *db.Tx) error {
		runs++
		var pid int
		if err := tx.QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
			return err
		}
		terminate(t, ctx, admin, pid)
		_, err := tx.ExecContext(ctx, `INSERT INTO sites (slug, created_at) VALUES (?, ?)`, "never", db.Timestamp{Time: tx.Now()})
		return err
	})
	if err == nil || runs != 2 || count() != 2 {
		t.Errorf("connection lost on every run: err %v after %d runs, %d sites; want an error after 2 runs, 2 sites", err, runs, count())
	}

	// An error of the transaction itself is not retried.
	runs = 0
	err = d.InTx(ctx, func(tx *db.Tx) error {
		runs++
		_, err := tx.ExecContext(ctx, `INSERT INTO sites (slug, created_at) VALUES (?, ?)`, "first", db.Timestamp{Time: tx.Now()})
		return err
	})
	if !db.IsUniqueViolation(err) || runs != 1 {
		t.Errorf("a unique violation: err %v after %d runs; want it after 1 run", err, runs)
	}
	boom := errors.New("boom")
	runs = 0
	if err := d.InTx(ctx, func(tx *db.Tx) error { runs++; return boom }); !errors.Is(err, boom) || runs != 1 {
		t.Errorf("fn's own error: %v after %d runs; want it after 1 run", err, runs)
	}
}

// TestReadRetriesLostConnection ends the backend of a pooled connection
// between two reads: the next read, which meets it first, runs again on a
// new connection instead of failing.
func TestReadRetriesLostConnection(t *testing.T) {
	t.Parallel()
	d, admin := openPostgres(t)
	ctx := t.Context()
	// One connection, so that the next read takes the one that is ended;
	// used twice first, so that the pool does not ping it before reuse
	// (the driver pings a connection idle for more than a second).
	d.Writer().SetMaxOpenConns(1)
	pid := func() int {
		var pid int
		if err := d.R().QueryRowContext(ctx, `SELECT pg_backend_pid()`).Scan(&pid); err != nil {
			t.Fatalf("read: %v", err)
		}
		return pid
	}
	pid()
	before := pid()
	terminate(t, ctx, admin, before)
	if after := pid(); after == before {
		t.Fatalf("read on backend %d after it was ended", after)
	}

	// The same through QueryContext.
	before = pid()
	terminate(t, ctx, admin, before)
	rows, err := d.R().QueryContext(ctx, `SELECT pg_backend_pid()`)
	if err != nil {
		t.Fatalf("QueryContext after the connection was lost: %v", err)
	}
	defer rows.Close()
	var after int
	for rows.Next() {
		if err := rows.Scan(&after); err != nil {
			t.Fatal(err)
		}
	}
	if err := rows.Err(); err != nil || after == before || after == 0 {
		t.Errorf("QueryContext: backend %d (ended %d), %v", after, before, err)
	}
}
