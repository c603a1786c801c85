package db

import (
	"context"
	"fmt"
	"sync"
	"time"
)

// Probe checks that the database answers a read and accepts a write, within
// ctx: it reads the health_probe table, then writes the time into its one
// row. A database that answers reads but refuses writes (a full disk, a
// read-only replica after a failover, a lock held for ever) is not ready.
// The write goes straight to the write pool, not through InTx: it changes
// no page, so it must not make cached pages stale.
func (d *DB) Probe(ctx context.Context) error {
	var n int
	if err := d.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM health_probe`).Scan(&n); err != nil {
		return fmt.Errorf("probe read: %w", err)
	}
	_, err := d.write.ExecContext(ctx, d.rebindCached(`INSERT INTO health_probe (id, checked_at) VALUES (1, ?)
		ON CONFLICT (id) DO UPDATE SET checked_at = excluded.checked_at`), Timestamp{Time: time.Now()})
	if err != nil {
		return fmt.Errorf("probe write: %w", err)
	}
	return nil
}

// Readiness answers whether the database is ready (Probe) for any number of
// callers while probing at most once per Interval: a load balancer, an
// orchestrator and a crowd of scrapers polling /readyz cannot turn it into
// load on the database. Callers that arrive while a probe runs wait for it;
// others get the last result. A probe is bounded by Timeout, whoever
// waits for it: a write that cannot get its lock within it counts as a
// failed write.
type Readiness struct {
	DB       *DB
	Now      func() time.Time // time.Now when nil
	Interval time.Duration    // 1 s when 0
	Timeout  time.Duration    // 2 s when 0

	mu      sync.Mutex
	started time.Time     // when the last probe started
	err     error         // its result
	running chan struct{} // closed when the probe in flight ends; nil when none
}

// Check returns the result of a probe started less than Interval ago, or
// of a new one. It returns ctx's error if ctx ends first.
func (r *Readiness) Check(ctx context.Context) error {
	now := time.Now
	if r.Now != nil {
		now = r.Now
	}
	interval, timeout := r.Interval, r.Timeout
	if interval <= 0 {
		interval = time.Second
	}
	if timeout <= 0 {
		timeout = 2 * time.Second
	}
	r.mu.Lock()
	t := now()
	if r.running == nil && (r.started.IsZero() || t.Sub(r.started) >= interval || t.Before(r.started)) {
		done := make(chan struct{})
		r.running, r.started = done, t
		// The probe runs on its own: the caller that started it may leave
		// without cutting it short for the others.
		go func() {
			pctx, cancel := context.WithTimeout(context.WithoutCancel(ctx), timeout)
			err := r.DB.Probe(pctx)
			cancel()
			r.mu.Lock()
			r.err, r.running = err, nil
			r.mu.Unlock()
			close(done)
		}()
	}
	running, err := r.running, r.err
	r.mu.Unlock()
	if running == nil {
		return err
	}
	select {
	case <-running:
	case <-ctx.Done():
		return ctx.Err()
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	return r.err
}
