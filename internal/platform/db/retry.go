package db

import (
	"context"
	"database/sql/driver"
	"errors"
	"io"
	"net"
	"strings"
	"syscall"

	"github.com/jackc/pgx/v5/pgconn"
)

// A PostgreSQL connection can be lost under a statement: the server
// restarts or fails over, an administrator or a pooler ends the backend,
// the network drops it. database/sql retries on its own only when the
// driver knows nothing was sent. Infitah retries once more where that is
// safe: a read on the read pool, and a whole write transaction that failed
// before its commit (its rows rolled back with the connection). A commit
// whose answer was lost is never retried: it may have happened.

// lostConn reports whether err, met while ctx is still live, means that
// the PostgreSQL connection was lost rather than that the statement failed.
// SQLite has no connection to lose.
func (d *DB) lostConn(ctx context.Context, err error) bool {
	return d.Dialect == Postgres && ctx.Err() == nil && connLost(err)
}

func connLost(err error) bool {
	if err == nil || errors.Is(err, context.Canceled) || errors.Is(err, context.DeadlineExceeded) {
		return false
	}
	if errors.Is(err, driver.ErrBadConn) || pgconn.SafeToRetry(err) {
		return true
	}
	var pg *pgconn.PgError
	if errors.As(err, &pg) {
		// Class 08: connection exception; 57P01–57P03: the server is
		// shutting down, crashed or not yet accepting connections
		// (pg_terminate_backend ends a backend with 57P01).
		return strings.HasPrefix(pg.Code, "08") || pg.Code == "57P01" || pg.Code == "57P02" || pg.Code == "57P03"
	}
	if errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF) || errors.Is(err, net.ErrClosed) ||
		errors.Is(err, syscall.ECONNRESET) || errors.Is(err, syscall.EPIPE) || errors.Is(err, syscall.ECONNREFUSED) {
		return true
	}
	var op *net.OpError
	return errors.As(err, &op)
}
