package outbox_test

import (
	"context"
	"errors"
	"fmt"
	"net/textproto"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/platform/outbox"
	"github.com/infitah/infitah/internal/schema"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// recorder is a Sender that remembers what it sent and can fail.
type recorder struct {
	mu   sync.Mutex
	sent []mail.Message
	fail int // fail this many sends first
	hold time.Duration
}

func (r *recorder) Send(ctx context.Context, m mail.Message) error {
	if r.hold > 0 {
		time.Sleep(r.hold) // widens the window in which two workers race
	}
	r.mu.Lock()
	defer r.mu.Unlock()
	if r.fail > 0 {
		r.fail--
		return errors.New("smtp: 451 try again later")
	}
	r.sent = append(r.sent, m)
	return nil
}

func (r *recorder) count() int {
	r.mu.Lock()
	defer r.mu.Unlock()
	return len(r.sent)
}

// clock is a settable clock.
type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Add(d time.Duration) {
	c.mu.Lock()
	c.t = c.t.Add(d)
	c.mu.Unlock()
}

func msg(i int) mail.Message {
	return mail.Message{To: []string{"amina@example.ma"}, Subject: fmt.Sprintf("message %d", i), Text: "body",
		Headers: map[string]string{"List-Unsubscribe": fmt.Sprintf("<https://region.ma/unsubscribe/%d>", i)}}
}

func TestBackoff(t *testing.T) {
	want := []time.Duration{time.Minute, 2 * time.Minute, 4 * time.Minute, 8 * time.Minute, 16 * time.Minute,
		32 * time.Minute, 64 * time.Minute, 128 * time.Minute, 256 * time.Minute, 6 * time.Hour, 6 * time.Hour}
	for i, w := range want {
		if got := outbox.Backoff(i + 1); got != w {
			t.Errorf("Backoff(%d) = %v, want %v", i+1, got, w)
		}
	}
	if outbox.Backoff(0) != time.Minute || outbox.Backoff(1000) != 6*time.Hour {
		t.Error("Backoff out of range")
	}
}

func TestEnqueueRejectsBadMessages(t *testing.T) {
	d := dbtest.SQLite(t)
	o := &outbox.Outbox{DB: d, Sender: &recorder{}}
	for _, m := range []mail.Message{
		{Subject: "no recipient", Text: "x"},
		{To: []string{"a@b.ma\r\nBcc: c@d.ma"}, Subject: "x", Text: "y"},
		{To: []string{"a@b.ma"}, Subject: "x", Text: "y", Headers: map[string]string{"Bcc": "c@d.ma"}},
	} {
		if err := o.Send(t.Context(), m); err == nil {
			t.Errorf("%+v was queued", m)
		}
	}
}

// TestSurvivesRestart queues mail with one outbox whose process "dies"
// before delivering, then delivers it with another over the same database.
func TestSurvivesRestart(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := t.Context()
		first := &outbox.Outbox{DB: d, Sender: &recorder{}}
		for i := range 3 {
			if err := first.Send(ctx, msg(i)); err != nil {
				t.Fatal(err)
			}
		}
		// A message claimed by a worker that then died comes back when its lease ends.
		c := &clock{t: time.Now().UTC()}
		if _, err := d.Writer().ExecContext(ctx, d.Rebind(`UPDATE mail_queue SET status = 'sending', claim = 'dead', attempts = 1, available_at = ?
			WHERE subject = ?`), db.Timestamp{Time: c.Now().Add(outbox.DefaultLease)}, "message 2"); err != nil {
			t.Fatal(err)
		}
		rec := &recorder{}
		second := &outbox.Outbox{DB: d, Sender: rec, Now: c.Now}
		n, err := second.Drain(ctx)
		if err != nil || n != 2 {
			t.Fatalf("after restart: sent %d, %v; want the 2 unclaimed", n, err)
		}
		got := rec.sent[0]
		if got.Subject != "message 0" || got.Headers["List-Unsubscribe"] != "<https://region.ma/unsubscribe/0>" || got.To[0] != "amina@example.ma" {
			t.Errorf("first message: %+v", got)
		}
		c.Add(outbox.DefaultLease + time.Second)
		if n, err := second.Drain(ctx); err != nil || n != 1 || rec.sent[2].Subject != "message 2" {
			t.Fatalf("after the dead worker's lease: sent %d, %v", n, err)
		}
		if n, err := second.Drain(ctx); err != nil || n != 0 {
			t.Fatalf("a second drain sent %d more, %v", n, err)
		}
		counts, err := outbox.Counts(ctx, d.R())
		if err != nil || counts[outbox.StatusSent] != 3 || len(counts) != 1 {
			t.Errorf("counts %v %v", counts, err)
		}
	})
}

type senderFunc func(context.Context, mail.Message) error

func (f senderFunc) Send(ctx context.Context, m mail.Message) error { return f(ctx, m) }

// TestRetryWithBackoff fails a message until its attempts run out: each
// retry waits Backoff(attempt) and not a second less.
func TestRetryWithBackoff(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := t.Context()
		c := &clock{t: time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC)}
		rec := &recorder{fail: 1 << 30}
		o := &outbox.Outbox{DB: d, Sender: rec, Now: c.Now, MaxAttempts: 4}
		if err := o.Send(ctx, msg(1)); err != nil {
			t.Fatal(err)
		}
		for attempt := 1; attempt <= 4; attempt++ {
			before := rec.fail
			if _, err := o.Drain(ctx); err != nil {
				t.Fatal(err)
			}
			if before-rec.fail != 1 {
				t.Fatalf("attempt %d: %d sends, want 1", attempt, before-rec.fail)
			}
			if attempt == 4 {
				break
			}
			wait := outbox.Backoff(attempt)
			c.Add(wait - time.Second)
			if _, err := o.Drain(ctx); err != nil || before-rec.fail != 1 {
				t.Fatalf("attempt %d: retried before its backoff (%v)", attempt, err)
			}
			c.Add(time.Second)
		}
		var status, lastErr string
		var attempts int
		if err := d.R().QueryRowContext(ctx, `SELECT status, attempts, last_error FROM mail_queue`).Scan(&status, &attempts, &lastErr); err != nil {
			t.Fatal(err)
		}
		if status != outbox.StatusFailed || attempts != 4 || lastErr == "" {
			t.Errorf("after 4 failures: %s, %d attempts, %q", status, attempts, lastErr)
		}
		c.Add(24 * time.Hour)
		before := rec.fail
		if _, err := o.Drain(ctx); err != nil || before != rec.fail {
			t.Errorf("a failed message was tried again")
		}

		// A sender that recovers delivers on the retry.
		rec2 := &recorder{fail: 2}
		o2 := &outbox.Outbox{DB: d, Sender: rec2, Now: c.Now}
		if err := o2.Send(ctx, msg(2)); err != nil {
			t.Fatal(err)
		}
		for range 3 {
			if _, err := o2.Drain(ctx); err != nil {
				t.Fatal(err)
			}
			c.Add(time.Hour)
		}
		if rec2.count() != 1 || rec2.sent[0].Subject != "message 2" {
			t.Errorf("recovered sender got %d messages", rec2.count())
		}
	})
}

// TestPermanentFailure: an SMTP 5xx answer is not retried.
func TestPermanentFailure(t *testing.T) {
	d := dbtest.SQLite(t)
	calls := 0
	o := &outbox.Outbox{DB: d, Sender: senderFunc(func(context.Context, mail.Message) error {
		calls++
		return fmt.Errorf("mail: rcpt: %w", &textproto.Error{Code: 550, Msg: "no such user"})
	})}
	if err := o.Send(t.Context(), msg(1)); err != nil {
		t.Fatal(err)
	}
	if _, err := o.Drain(t.Context()); err != nil {
		t.Fatal(err)
	}
	counts, err := outbox.Counts(t.Context(), d.R())
	if err != nil || counts[outbox.StatusFailed] != 1 || calls != 1 {
		t.Errorf("after a 550: %v, %d calls, %v", counts, calls, err)
	}
	if outbox.Permanent(errors.New("timeout")) || outbox.Permanent(&textproto.Error{Code: 451}) {
		t.Error("a temporary error is permanent")
	}
}

// TestTwoWorkersSendEachOnce has two instances, each with its own
// connection pools on one database, drain 200 messages at once.
func TestTwoWorkersSendEachOnce(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := t.Context()
			var url string
			if dialect == "sqlite" {
				url = "sqlite:" + filepath.Join(t.TempDir(), "infitah.db")
			} else {
				url = dbtest.PostgresURL(t)
			}
			open := func() *db.DB {
				d, err := db.Open(ctx, url, "")
				if err != nil {
					t.Fatal(err)
				}
				t.Cleanup(func() { d.Close() })
				if err := d.Migrate(ctx, schema.FS); err != nil {
					t.Fatal(err)
				}
				return d
			}
			a, b := open(), open()
			err := a.InTx(ctx, func(tx *db.Tx) error {
				o := &outbox.Outbox{DB: a}
				for i := range 200 {
					if err := o.Enqueue(ctx, tx, msg(i)); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			rec := &recorder{hold: 100 * time.Microsecond}
			var wg sync.WaitGroup
			sent := make([]int, 2)
			for i, d := range []*db.DB{a, b} {
				wg.Add(1)
				go func() {
					defer wg.Done()
					o := &outbox.Outbox{DB: d, Sender: rec, Batch: 3}
					n, err := o.Drain(ctx)
					if err != nil {
						t.Error(err)
					}
					sent[i] = n
				}()
			}
			wg.Wait()
			seen := map[string]int{}
			for _, m := range rec.sent {
				seen[m.Subject]++
			}
			for i := range 200 {
				if n := seen[fmt.Sprintf("message %d", i)]; n != 1 {
					t.Errorf("message %d sent %d times", i, n)
				}
			}
			if len(rec.sent) != 200 || sent[0]+sent[1] != 200 {
				t.Errorf("sent %d (%v), want 200", len(rec.sent), sent)
			}
			t.Logf("worker shares: %v", sent)
		})
	}
}

// TestWorkerWokenOnCommit runs the worker with a long poll: a message is
// delivered because the enqueuing commit woke it.
func TestWorkerWokenOnCommit(t *testing.T) {
	d := dbtest.SQLite(t)
	sent := make(chan mail.Message, 1)
	o := &outbox.Outbox{DB: d, Poll: time.Hour, Sender: senderFunc(func(_ context.Context, m mail.Message) error {
		sent <- m
		return nil
	})}
	ctx, cancel := context.WithCancel(t.Context())
	done := make(chan error, 1)
	go func() { done <- o.Run(ctx) }()
	// Whether the first round (at start) or the wake-up finds it, the
	// hour-long poll never does.
	if err := o.Send(t.Context(), msg(7)); err != nil {
		t.Fatal(err)
	}
	select {
	case m := <-sent:
		if m.Subject != "message 7" {
			t.Errorf("got %q", m.Subject)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the worker was not woken")
	}
	cancel()
	if err := <-done; err != nil {
		t.Errorf("Run: %v", err)
	}
}

// TestDeliverOnCommit: with no worker running, the committing goroutine
// delivers, so the mail is there when the transaction returns.
func TestDeliverOnCommit(t *testing.T) {
	d := dbtest.SQLite(t)
	rec := &recorder{}
	o := &outbox.Outbox{DB: d, Sender: rec, DeliverOnCommit: true}
	err := d.InTx(t.Context(), func(tx *db.Tx) error {
		if err := o.Enqueue(t.Context(), tx, msg(1)); err != nil {
			return err
		}
		if rec.count() != 0 {
			t.Error("sent before commit")
		}
		return nil
	})
	if err != nil || rec.count() != 1 {
		t.Fatalf("after commit: %d sent, %v", rec.count(), err)
	}
	// A rolled-back enqueue sends nothing.
	_ = d.InTx(t.Context(), func(tx *db.Tx) error {
		_ = o.Enqueue(t.Context(), tx, msg(2))
		return errors.New("roll back")
	})
	if n, _ := o.Drain(t.Context()); n != 0 || rec.count() != 1 {
		t.Errorf("a rolled-back message was sent")
	}
}

// TestSenderOfSite: a message enqueued in a context the From hook knows
// is sent with that sender, which is stored with it; a message naming its
// own sender keeps it; without either the Sender's own is used.
func TestSenderOfSite(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		type key struct{}
		rec := &recorder{}
		o := &outbox.Outbox{DB: d, Sender: rec, From: func(ctx context.Context) (string, string) {
			if ctx.Value(key{}) == nil {
				return "", ""
			}
			return "مجلس جهة طنجة", "contact@region.ma"
		}}
		ctx := t.Context()
		site := context.WithValue(ctx, key{}, true)
		own := msg(2)
		own.FromName, own.FromAddress = "Other", "other@region.ma"
		for _, c := range []struct {
			ctx context.Context
			m   mail.Message
		}{{site, msg(0)}, {ctx, msg(1)}, {site, own}} {
			if err := o.Send(c.ctx, c.m); err != nil {
				t.Fatal(err)
			}
		}
		if n, err := o.Drain(ctx); err != nil || n != 3 {
			t.Fatalf("sent %d, %v", n, err)
		}
		got := map[string][2]string{}
		for _, m := range rec.sent {
			got[m.Subject] = [2]string{m.FromName, m.FromAddress}
		}
		want := map[string][2]string{"message 0": {"مجلس جهة طنجة", "contact@region.ma"}, "message 1": {"", ""},
			"message 2": {"Other", "other@region.ma"}}
		for k, w := range want {
			if got[k] != w {
				t.Errorf("%s: sender %q, want %q", k, got[k], w)
			}
		}
		bad := msg(3)
		bad.FromAddress = "x@y.ma\r\nBcc: z@y.ma"
		if err := o.Send(ctx, bad); err == nil {
			t.Error("a sender with a line break was queued")
		}
	})
}
