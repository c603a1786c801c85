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

// reader runs statements on the read pool.
type reader struct{ d *DB }

func (r reader) QueryContext(ctx context.Context, q string, args ...any) (*sql.Rows, error) {
	if s := r.d.readStmts.get(ctx, q); s != nil {
		return s.QueryContext(ctx, args...)
	}
	return r.d.read.QueryContext(ctx, r.d.rebindCached(q), args...)
}
func (r reader) QueryRowContext(ctx context.Context, q string, args ...any) *sql.Row {
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
// busy is retried a few times.
func (d *DB) InTx(ctx context.Context, fn func(tx *Tx) error) error {
	var err error
	for attempt := 0; attempt < 5; attempt++ {
		err = d.inTx(ctx, fn)
		if err == nil || !isBusy(err) {
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

func (d *DB) inTx(ctx context.Context, fn func(tx *Tx) error) error {
	sqlTx, err := d.write.BeginTx(ctx, nil)
	if err != nil {
		return fmt.Errorf("begin: %w", err)
	}
	defer sqlTx.Rollback()
	tx := &Tx{tx: sqlTx, d: d, now: time.Now().UTC()}
	if err := fn(tx); err != nil {
		return err
	}
	// Bump before and after the commit, so a cache never keeps a page
	// rendered from the state before it under the new generation.
	d.generation.Add(1)
	err = sqlTx.Commit()
	d.generation.Add(1)
	if err != nil {
		return err
	}
	for _, f := range tx.afterCommit {
		f()
	}
	return nil
}

// Generation counts the write transactions this process has committed (by
// twos); caches of rendered pages compare it to know when to forget.
func (d *DB) Generation() uint64 { return d.generation.Load() }

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
