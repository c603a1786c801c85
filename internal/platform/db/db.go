// Package db opens Infitah's database — an embedded SQLite file by default,
// PostgreSQL when given a postgres:// URL — and hides the few differences
// between the two dialects behind small helpers, so features write one set of
// portable SQL.
package db

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"

	_ "github.com/jackc/pgx/v5/stdlib" // registers the "pgx" driver
	_ "modernc.org/sqlite"             // registers the "sqlite" driver
)

// Dialect names the SQL dialect of an open database.
type Dialect string

const (
	SQLite   Dialect = "sqlite"
	Postgres Dialect = "postgres"
)

// DB is an open database. SQLite allows one writer at a time, so writes go
// through a pool of a single connection while reads use a larger pool; on
// PostgreSQL both point at the same pool.
type DB struct {
	Dialect Dialect
	read    *sql.DB
	write   *sql.DB
	// Prepared statements of the read pool, on SQLite (see stmtCache).
	// The write pool has none: its one connection is held by the
	// transaction that would need to prepare them.
	readStmts *stmtCache

	gens     generations // write generations, for caches of pages (generation.go)
	watchers watchers

	// On PostgreSQL: the URL, for the connection that listens for the
	// page changes of other instances, and this process's name in the
	// notifications (pagesignal.go).
	url      string
	instance string
}

// Open opens the database named by url: "" or "sqlite:PATH" (a relative PATH,
// or the default infitah.db, is placed in dataDir) or "postgres://…".
// It does not apply migrations; call Migrate.
func Open(ctx context.Context, url, dataDir string) (*DB, error) {
	switch {
	case strings.HasPrefix(url, "postgres://"), strings.HasPrefix(url, "postgresql://"):
		return openPostgres(ctx, url)
	case url == "", strings.HasPrefix(url, "sqlite:"):
		path := strings.TrimPrefix(url, "sqlite:")
		if path == "" {
			path = "infitah.db"
		}
		if path != ":memory:" && !filepath.IsAbs(path) {
			if dataDir == "" {
				dataDir = "data"
			}
			path = filepath.Join(dataDir, path)
		}
		return openSQLite(ctx, path)
	default:
		return nil, fmt.Errorf("open db: unsupported database URL %q (want sqlite:PATH or postgres://…)", url)
	}
}

func openSQLite(ctx context.Context, path string) (*DB, error) {
	if err := os.MkdirAll(filepath.Dir(path), 0o750); err != nil {
		return nil, fmt.Errorf("open db: %w", err)
	}
	// busy_timeout comes first so that the other pragmas already wait for locks.
	// A 32 MB page cache per connection and memory-mapped reads keep the
	// hot pages of a large full-text index in memory (search over a million
	// documents is about twice as fast with them).
	dsn := "file:" + path + "?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)" +
		"&_pragma=foreign_keys(1)&_pragma=synchronous(NORMAL)&_pragma=cache_size(-32000)&_pragma=mmap_size(268435456)&_txlock=immediate"
	write, err := sql.Open("sqlite", dsn)
	if err != nil {
		return nil, fmt.Errorf("open db: %w", err)
	}
	write.SetMaxOpenConns(1)
	write.SetMaxIdleConns(1)
	write.SetConnMaxLifetime(0)
	write.SetConnMaxIdleTime(0)
	if err := write.PingContext(ctx); err != nil {
		write.Close()
		return nil, fmt.Errorf("open db %s: %w", path, err)
	}
	read, err := sql.Open("sqlite", dsn+"&_pragma=query_only(1)")
	if err != nil {
		write.Close()
		return nil, fmt.Errorf("open db: %w", err)
	}
	n := max(4, runtime.NumCPU()*2)
	read.SetMaxOpenConns(n)
	read.SetMaxIdleConns(n)
	read.SetConnMaxIdleTime(0)
	read.SetConnMaxLifetime(0)
	return &DB{Dialect: SQLite, read: read, write: write, readStmts: newStmtCache(read)}, nil
}

func openPostgres(ctx context.Context, url string) (*DB, error) {
	pool, err := sql.Open("pgx", url)
	if err != nil {
		return nil, fmt.Errorf("open db: %w", err)
	}
	pool.SetMaxOpenConns(max(8, runtime.NumCPU()*4))
	pool.SetMaxIdleConns(max(8, runtime.NumCPU()*4))
	if err := pool.PingContext(ctx); err != nil {
		pool.Close()
		return nil, fmt.Errorf("open db: %w", err)
	}
	return &DB{Dialect: Postgres, read: pool, write: pool, url: url, instance: newInstanceID()}, nil
}

// Close closes every pool. On SQLite it first checkpoints the WAL so that the
// database file is whole on its own.
func (d *DB) Close() error {
	errs := []error{d.readStmts.close()}
	if d.Dialect == SQLite {
		_, _ = d.write.Exec("PRAGMA wal_checkpoint(TRUNCATE)")
		errs = append(errs, d.read.Close())
	}
	errs = append(errs, d.write.Close())
	return errors.Join(errs...)
}

// Ping reports whether the database answers; /readyz uses it.
func (d *DB) Ping(ctx context.Context) error {
	return d.read.PingContext(ctx)
}

// Stats returns the pool statistics of the read and write pools (the same
// pool twice on PostgreSQL).
func (d *DB) Stats() (read, write sql.DBStats) {
	return d.read.Stats(), d.write.Stats()
}

// Writer is the pool that migrations and administrative tools use directly.
func (d *DB) Writer() *sql.DB { return d.write }

// Rebind rewrites "?" placeholders into PostgreSQL's "$1, $2, …". Question
// marks inside quoted strings are left alone.
func (d *DB) Rebind(query string) string {
	if d.Dialect != Postgres || !strings.Contains(query, "?") {
		return query
	}
	var b strings.Builder
	b.Grow(len(query) + 8)
	n := 0
	inQuote := false
	for i := 0; i < len(query); i++ {
		c := query[i]
		switch {
		case c == '\'':
			inQuote = !inQuote
			b.WriteByte(c)
		case c == '?' && !inQuote:
			n++
			b.WriteByte('$')
			b.WriteString(fmt.Sprint(n))
		default:
			b.WriteByte(c)
		}
	}
	return b.String()
}
