package db

import (
	"context"
	"database/sql"
	"errors"
	"sync"
)

// stmtCache keeps a pool's prepared statements by query text. The SQLite
// driver otherwise parses and plans every statement each time it runs,
// which was a tenth of the cost of rendering a page; PostgreSQL's driver
// keeps prepared statements of its own, so only SQLite pools use one.
// database/sql prepares a cached statement again on each connection that
// runs it, and resets it after each use, so it holds no read snapshot.
type stmtCache struct {
	pool  *sql.DB
	mu    sync.RWMutex
	stmts map[string]*sql.Stmt
}

// maxCachedStmts bounds the cache: statements built with a variable
// number of placeholders would otherwise grow it without end. Past it,
// statements run unprepared as before.
const maxCachedStmts = 512

func newStmtCache(pool *sql.DB) *stmtCache {
	return &stmtCache{pool: pool, stmts: map[string]*sql.Stmt{}}
}

// get returns the prepared statement for q, or nil when it cannot be
// cached (the cache is full, or preparing failed: running q unprepared
// then reports the error as it always did).
func (c *stmtCache) get(ctx context.Context, q string) *sql.Stmt {
	if c == nil {
		return nil
	}
	c.mu.RLock()
	s, ok := c.stmts[q]
	full := len(c.stmts) >= maxCachedStmts
	c.mu.RUnlock()
	if ok || full {
		return s
	}
	s, err := c.pool.PrepareContext(ctx, q)
	if err != nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	if prior, ok := c.stmts[q]; ok {
		s.Close()
		return prior
	}
	if len(c.stmts) >= maxCachedStmts {
		s.Close()
		return nil
	}
	c.stmts[q] = s
	return s
}

func (c *stmtCache) close() error {
	if c == nil {
		return nil
	}
	c.mu.Lock()
	defer c.mu.Unlock()
	var errs []error
	for q, s := range c.stmts {
		errs = append(errs, s.Close())
		delete(c.stmts, q)
	}
	return errors.Join(errs...)
}
