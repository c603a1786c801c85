package account

import (
	"context"
	"sync"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// Tries of one pair at the same moment are counted one after the other:
// the first ThrottleFree go on to their password check, the others are
// told to wait, whatever the database.
func TestBeginAttemptConcurrent(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
		key := throttleKey(1, "amina@example.ma", "192.0.2.1")
		var mu sync.Mutex
		var wg sync.WaitGroup
		checked := 0
		for range 12 {
			wg.Go(func() {
				_, wait, err := beginAttempt(ctx, d, key, now)
				if err != nil {
					t.Error(err)
					return
				}
				if wait == 0 {
					mu.Lock()
					checked++
					mu.Unlock()
				}
			})
		}
		wg.Wait()
		if checked != ThrottleFree {
			t.Errorf("%d tries went on to a check, want %d", checked, ThrottleFree)
		}
		after, wait, err := beginAttempt(ctx, d, key, now)
		if err != nil || after.Count != ThrottleFree || wait != ThrottleFirst {
			t.Errorf("the pair after the burst: %+v, wait %v (%v)", after, wait, err)
		}

		// A refund and a success.
		if err := refundAttempt(ctx, d, key, now); err != nil {
			t.Fatal(err)
		}
		if after, wait, _ := beginAttempt(ctx, d, key, now); after.Count != ThrottleFree || wait != 0 {
			t.Errorf("after a refund: %+v, wait %v; want the fifth failure counted again", after, wait)
		}
		if err := clearFailures(ctx, d, key); err != nil {
			t.Fatal(err)
		}
		if after, wait, _ := beginAttempt(ctx, d, key, now); after.Count != 1 || wait != 0 {
			t.Errorf("after a success: %+v, wait %v", after, wait)
		}
	})
}

// Pairs without a failure for ThrottleForget are swept away; others stay.
func TestSweepFailures(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		now := time.Date(2025, 3, 1, 9, 0, 0, 0, time.UTC)
		old, recent := throttleKey(1, "old@example.ma", "192.0.2.1"), throttleKey(1, "recent@example.ma", "192.0.2.1")
		if _, _, err := beginAttempt(ctx, d, old, now); err != nil {
			t.Fatal(err)
		}
		if _, _, err := beginAttempt(ctx, d, recent, now.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if err := sweepFailures(ctx, d, now.Add(ThrottleForget+time.Hour)); err != nil {
			t.Fatal(err)
		}
		var keys []string
		rows, err := d.R().QueryContext(ctx, `SELECT pair FROM sign_in_failures`)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		for rows.Next() {
			var k string
			_ = rows.Scan(&k)
			keys = append(keys, k)
		}
		if len(keys) != 1 || keys[0] != recent {
			t.Errorf("after the sweep: %v, want only the recent pair", keys)
		}
	})
}
