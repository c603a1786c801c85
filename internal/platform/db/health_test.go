package db_test

import (
	"sync"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// clock is a settable time for tests.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.t = c.t.Add(d)
}

// TestReadiness checks that the database is not ready while its probe
// table cannot be written, that the answer is kept for the interval
// whoever asks, and that a write that cannot get its lock makes it not
// ready within the timeout.
func TestReadiness(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := t.Context()
		clk := &clock{t: time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)}
		r := &db.Readiness{DB: d, Now: clk.Now, Timeout: 500 * time.Millisecond}
		exec := func(q string) {
			t.Helper()
			if _, err := d.Writer().ExecContext(ctx, q); err != nil {
				t.Fatal(err)
			}
		}
		if err := r.Check(ctx); err != nil {
			t.Fatalf("a fresh database is not ready: %v", err)
		}
		var n int
		if err := d.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM health_probe`).Scan(&n); err != nil || n != 1 {
			t.Fatalf("the probe wrote %d rows (%v), want 1", n, err)
		}

		// The table cannot be written: not ready, once the last answer
		// is older than the interval. Until then every caller gets it.
		exec(`ALTER TABLE health_probe RENAME TO health_probe_off`)
		var wg sync.WaitGroup
		for range 20 {
			wg.Go(func() {
				if err := r.Check(ctx); err != nil {
					t.Errorf("probed again within the interval: %v", err)
				}
			})
		}
		wg.Wait()
		clk.Add(time.Second)
		if err := r.Check(ctx); err == nil {
			t.Error("ready although the probe table cannot be written")
		}
		exec(`ALTER TABLE health_probe_off RENAME TO health_probe`)
		if err := r.Check(ctx); err == nil {
			t.Error("the failure was not kept for the interval")
		}
		clk.Add(time.Second)
		if err := r.Check(ctx); err != nil {
			t.Errorf("not ready once the table is back: %v", err)
		}

		// A transaction holds what the probe must write (the one writer
		// connection of SQLite, a lock on the table on PostgreSQL): the
		// probe gives up after its timeout.
		held, release := make(chan struct{}), make(chan struct{})
		done := make(chan error, 1)
		go func() {
			done <- d.InTx(ctx, func(tx *db.Tx) error {
				if d.Dialect == db.Postgres {
					if _, err := tx.ExecContext(ctx, `LOCK TABLE health_probe IN ACCESS EXCLUSIVE MODE`); err != nil {
						close(held)
						return err
					}
				}
				close(held)
				<-release
				return nil
			})
		}()
		<-held
		clk.Add(time.Second)
		err := r.Check(ctx)
		close(release)
		if err := <-done; err != nil {
			t.Fatal(err)
		}
		if err == nil {
			t.Error("ready while a write could not get its lock")
		}
		clk.Add(time.Second)
		if err := r.Check(ctx); err != nil {
			t.Errorf("not ready once the lock is released: %v", err)
		}
	})
}
