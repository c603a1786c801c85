package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"
)

// Querier is what store helpers take, so that the same helper runs on the
// read pool or inside a write transaction.
type Querier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
	ExecContext(ctx context.Context, query string, args ...any) (sql.Result, error)
	Rebind(query string) string
	Now() time.Time
}

// reader runs statements on the read pool. On PostgreSQL a read that met
// a lost connection runs once more (retry.go): a read changes nothing, so
// running it twice is safe, and a page or the answer to a write that has
// committed is not lost to a backend that a restart or failover ended.
type reader struct{ d *DB }

func (r reader) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	rows, err := r.query(ctx, q, args...)
	if err != nil && r.d.lostConn(ctx, err) {
		rows, err = r.query(ctx, q, args...)
	}
	return rows, err
}
func (r reader) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	row := r.queryRow(ctx, q, args...)
	// Err reports the query's error without consuming the row.
	if err := row.Err(); err != nil && r.d.lostConn(ctx, err) {
		row = r.queryRow(ctx, q, args...)
	}
	return row
}

func (r reader) query(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if s := r.d.readStmts.get(ctx, q); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return r.d.read.QueryContext(ctx, r.d.rebindCached(q), args...)
}
func (r reader) queryRow(ctx context.Context, q string, args ...any) *sql.Row {
	if s := r.d.readStmts.get(ctx, q); s != nil {
		return s.QueryRowContext(ctx, args...)
	}
	return r.d.read.QueryRowContext(ctx, r.d.rebindCached(q), args...)
}
func (r reader) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return nil, errors.New("db: write attempted on the read pool")
}
func (r reader) Rebind(q string) string { return r.d.Rebind(q) }
func (r reader) Now() time.Time         { return time.Now().UTC() }

// R returns a Querier on the read pool. Statements use "?" placeholders.
func (d *DB) R() Querier { return reader{d} }

var rebinds sync.Map // query text -> rebound text, for PostgreSQL

func (d *DB) rebindCached(q string) string {
	if d.Dialect != Postgres {
		return q
	}
	if v, ok := rebinds.Load(q); ok {
		return v.(string)
	}
	r := d.Rebind(q)
	rebinds.Store(q, r)
	return r
}

// Tx is a write transaction. Now is fixed when it begins, so every row it
// writes carries the same timestamp and tests can reason about it.
type Tx struct {
	tx          *sql.Tx
	d           *DB
	now         time.Time
	afterCommit []func()
	sites       []int64 // the sites it writes for (generation.go); none: every site
}

func (t *Tx) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	return t.tx.QueryContext(ctx, t.d.rebindCached(q), args...)
}
func (t *Tx) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
	return t.tx.QueryRowContext(ctx, t.d.rebindCached(q), args...)
}
func (t *Tx) ExecContext(ctx context.Context, q string, args ...any) (sql.Result, error) {
	return t.tx.ExecContext(ctx, t.d.rebindCached(q), args...)
}
func (t *Tx) Rebind(q string) string { return t.d.Rebind(q) }
func (t *Tx) Now() time.Time         { return t.now }
func (t *Tx) Dialect() Dialect       { return t.d.Dialect }

// PrepareContext prepares q for repeated use in the transaction (bulk
// writes); the statement is closed with the transaction.
func (t *Tx) PrepareContext(ctx context.Context, q string) (*sql.Stmt, error) {
	return t.tx.PrepareContext(ctx, t.d.rebindCached(q))
}

// AfterCommit registers fn to run once the transaction has committed (in
// the order registered), and never if it rolls back: a queue wakes its
// worker this way only when the rows it would look for are visible.
func (t *Tx) AfterCommit(fn func()) { t.afterCommit = append(t.afterCommit, fn) }

// InTx runs fn in a write transaction, committing when fn returns nil and
// rolling back otherwise. A transaction that failed only because SQLite was
// busy is retried a few times; one that lost its PostgreSQL connection
// before its commit is retried once, at once (retry.go). fn may therefore
// run more than once, each time in a fresh transaction: it must not keep
// effects of a run that failed (after-commit hooks of such a run are
// dropped with it).
func (d *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	var err error
	reconnected := false
	for attempt := 0; attempt < 5; attempt++ {
		var lost bool
		lost, err = d.inTx(ctx, fn)
		switch {
		case err == nil:
			return nil
		case lost && !reconnected:
			reconnected = true
			continue
		case !isBusy(err):
			return err
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-time.After(time.Duration(attempt+1) * 20 * time.Millisecond):
		}
	}
	return err
}

// inTx runs one attempt of InTx. lost reports that it failed before its
// commit because the connection was lost: nothing it wrote remains.
func (d *DB) inTx(ctx context.Context, fn func(tx *Tx) error) (lost bool, err error) {
	sqlTx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return d.lostConn(ctx, err), fmt.Errorf("begin: %w", err)
	}
	defer sqlTx.Rollback() // when fn panics; a no-op after Commit or Rollback
	tx := &Tx{tx: sqlTx, d: d, now: time.Now().UTC()}
	tx.Touch(siteOf(ctx))
	if err := fn(tx); err != nil {
		// fn may have wrapped or replaced the error of the statement that
		// met the lost connection; rolling back on it fails too.
		rbErr := sqlTx.Rollback()
		return d.lostConn(ctx, err) || d.lostConn(ctx, rbErr), err
	}
	// Bump before and after the commit, so a cache never keeps a page
	// rendered from the state before it under the new generation; other
	// instances learn of it by a notification that leaves with the commit.
	pageless := noPages(ctx)
	if err := tx.notifyPages(ctx, pageless); err != nil {
		rbErr := sqlTx.Rollback()
		return d.lostConn(ctx, err) || d.lostConn(ctx, rbErr), fmt.Errorf("notify page changes: %w", err)
	}
	d.gens.bump(tx.sites, pageless)
	err = sqlTx.Commit()
	d.gens.bump(tx.sites, pageless)
	if err != nil {
		return false, err // it may have committed: never retried
	}
	for _, f := range tx.afterCommit {
		f()
	}
	return false, nil
}

func isBusy(err error) bool {
	s := err.Error()
	return strings.Contains(s, "SQLITE_BUSY") || strings.Contains(s, "database is locked")
}

// ErrNotFound is returned by store lookups that find no row.
var ErrNotFound = errors.New("not found")

// NotFound maps sql.ErrNoRows to ErrNotFound and leaves other errors as they are.
func NotFound(err error) error {
	if errors.Is(err, sql.ErrNoRows) {
		return ErrNotFound
	}
	return err
}

// IsUniqueViolation reports whether err is a unique-constraint failure on
// either database.
func IsUniqueViolation(err error) bool {
	if err == nil {
		return false
	}
	s := err.Error()
	return strings.Contains(s, "UNIQUE constraint failed") || strings.Contains(s, "SQLSTATE 23505")
}

// Placeholders returns "?, ?, ?" for n values, for IN lists.
func Placeholders(n int) string {
	if n <= 0 {
		return ""
	}
	return strings.Repeat("?, ", n-1) + "?"
}
