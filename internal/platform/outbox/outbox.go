// Package outbox is the durable queue of outgoing mail. Every email the
// site sends is first a row of the mail_queue table, written (ideally) in
// the transaction of the change that causes it; a worker then claims due
// rows with a lease, sends them through a mail.Sender, and marks them sent.
// A failed send is retried with exponential backoff (Backoff) up to
// MaxAttempts, then marked failed and logged; a permanent refusal (an SMTP
// 5xx answer) is marked failed at once.
//
// Each message goes out once even with several instances on one database:
// a claim is one UPDATE … RETURNING that moves the row's available_at to the
// end of the lease, on PostgreSQL over rows picked FOR UPDATE SKIP LOCKED,
// on SQLite under its single writer. A worker that dies mid-send leaves the
// row to be claimed again when the lease ends, so a crash at the wrong
// moment can send a message twice, never lose it. Pending rows survive a
// restart.
package outbox

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"log/slog"
	"net/textproto"
	"sync/atomic"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/mail"
)

// Topic is the db signal a transaction that enqueues mail raises, so that
// a worker of this process wakes at once.
const Topic = "outbox.mail"

// Message states in mail_queue.status.
const (
	StatusPending = "pending"
	StatusSending = "sending"
	StatusSent    = "sent"
	StatusFailed  = "failed"
)

// Defaults of the Outbox settings.
const (
	DefaultMaxAttempts = 8
	DefaultLease       = 5 * time.Minute
	DefaultPoll        = 30 * time.Second
	DefaultBatch       = 20
	// keepDone is how long sent and failed rows are kept (bodies of sent
	// ones are cleared at once: they may hold sign-in links).
	keepDone = 30 * 24 * time.Hour
)

// Job is periodic work the worker runs before each delivery round, such as
// composing digests. Topic, when set, is a db signal that wakes the worker
// for it. Run must be safe to run on several instances at once.
type Job struct {
	Name  string
	Topic string
	Run   func(ctx context.Context, now time.Time) error
}

// Outbox queues and delivers mail. Its zero settings take the defaults.
type Outbox struct {
	DB     *db.DB
	Sender mail.Sender
	Log    *slog.Logger
	Now    func() time.Time // time.Now when nil

	MaxAttempts int           // attempts before a message is marked failed
	Lease       time.Duration // how long a claim holds a message
	Poll        time.Duration // how often a worker looks for due work without being woken
	Batch       int           // messages claimed at a time

	// DeliverOnCommit, when no worker of this Outbox runs (tests, tools),
	// delivers due messages right after an enqueuing transaction commits,
	// in the goroutine that committed it. With a worker, the worker is
	// woken instead.
	DeliverOnCommit bool

	// Jobs run in every round of the worker and of Drain.
	Jobs []Job

	// From, when set, gives the sender of a message enqueued in ctx that
	// names none (a site's configured name and address; "" keeps the
	// Sender's). It is asked at Enqueue and stored with the message.
	From func(ctx context.Context) (name, address string)

	running atomic.Int32
	lastTx  atomic.Pointer[db.Tx] // the last transaction that asked for delivery on commit
}

// Backoff is the wait after the attempt-th failed attempt (1-based):
// one minute, doubling each time, at most six hours.
func Backoff(attempt int) time.Duration {
	if attempt < 1 {
		attempt = 1
	}
	d := time.Minute
	for i := 1; i < attempt && d < 6*time.Hour; i++ {
		d *= 2
	}
	return min(d, 6*time.Hour)
}

func (o *Outbox) now() time.Time {
	if o.Now != nil {
		return o.Now().UTC()
	}
	return time.Now().UTC()
}

func (o *Outbox) log() *slog.Logger {
	if o.Log != nil {
		return o.Log
	}
	return slog.New(slog.DiscardHandler)
}

func orDefault[T int | time.Duration](v, def T) T {
	if v <= 0 {
		return def
	}
	return v
}

// Enqueue adds m to the queue in tx; it is sent after tx commits. A
// message that could never be composed (no or a malformed recipient, a
// forbidden header) is an error now.
func (o *Outbox) Enqueue(ctx context.Context, tx *db.Tx, m mail.Message) error {
	if m.FromName == "" && m.FromAddress == "" && o.From != nil {
		m.FromName, m.FromAddress = o.From(ctx)
	}
	if err := mail.Check(m); err != nil {
		return fmt.Errorf("enqueue mail: %w", err)
	}
	to, err := json.Marshal(m.To)
	if err != nil {
		return err
	}
	headers := []byte("{}")
	if len(m.Headers) > 0 {
		if headers, err = json.Marshal(m.Headers); err != nil {
			return err
		}
	}
	now := db.Timestamp{Time: o.now()}
	if _, err := tx.ExecContext(ctx, `INSERT INTO mail_queue (recipients, subject, body, headers, from_name, from_address, status,
		available_at, created_at) VALUES (?, ?, ?, ?, ?, ?, 'pending', ?, ?)`,
		string(to), m.Subject, m.Text, string(headers), m.FromName, m.FromAddress, now, now); err != nil {
		return fmt.Errorf("enqueue mail: %w", err)
	}
	tx.Signal(Topic)
	// One delivery after the commit is enough however many messages tx queues.
	if o.DeliverOnCommit && o.lastTx.Swap(tx) != tx {
		tx.AfterCommit(func() {
			if o.running.Load() == 0 {
				// The request's context may end with the request; the
				// delivery is short and bounded by the sender's timeout.
				if _, err := o.deliver(context.WithoutCancel(ctx)); err != nil {
					o.log().Error("deliver mail", "err", err)
				}
			}
		})
	}
	return nil
}

// Send enqueues m in a transaction of its own: Outbox is a mail.Sender, so
// code written for a Sender queues its mail unchanged.
func (o *Outbox) Send(ctx context.Context, m mail.Message) error {
	return o.DB.InTx(ctx, func(tx *db.Tx) error { return o.Enqueue(ctx, tx, m) })
}

// Drain runs the jobs once, then delivers every message due now, and
// returns how many were sent. Tests call it to deliver deterministically;
// a message that failed and waits for its next attempt is not due.
func (o *Outbox) Drain(ctx context.Context) (int, error) {
	var errs []error
	for _, j := range o.Jobs {
		if err := j.Run(ctx, o.now()); err != nil {
			errs = append(errs, fmt.Errorf("%s: %w", j.Name, err))
		}
	}
	n, err := o.deliver(ctx)
	return n, errors.Join(append(errs, err)...)
}

// Run is the worker: it drains the queue when woken by a commit that
// enqueued mail (or raised a job's topic), and at least every Poll, until
// ctx ends. A message being sent when ctx ends is finished; messages
// claimed but not yet sent are released for other workers. Run returns nil
// when ctx ends.
func (o *Outbox) Run(ctx context.Context) error {
	o.running.Add(1)
	defer o.running.Add(-1)
	wake := make(chan struct{}, 1)
	topics := []string{Topic}
	for _, j := range o.Jobs {
		if j.Topic != "" {
			topics = append(topics, j.Topic)
		}
	}
	for _, topic := range topics {
		c, stop := o.DB.Watch(topic)
		defer stop()
		go func() {
			for {
				select {
				case <-ctx.Done():
					return
				case <-c:
					select {
					case wake <- struct{}{}:
					default:
					}
				}
			}
		}()
	}
	lastPurge := time.Time{}
	timer := time.NewTimer(0)
	defer timer.Stop()
	for {
		select {
		case <-ctx.Done():
			return nil
		case <-wake:
		case <-timer.C:
		}
		if _, err := o.Drain(ctx); err != nil && ctx.Err() == nil {
			o.log().Error("outbox", "err", err)
		}
		if now := o.now(); now.Sub(lastPurge) > time.Hour && ctx.Err() == nil {
			if err := o.purge(ctx, now); err != nil {
				o.log().Error("outbox purge", "err", err)
			}
			lastPurge = now
		}
		timer.Reset(orDefault(o.Poll, DefaultPoll))
	}
}

// queued is a claimed message.
type queued struct {
	id       int64
	attempts int
	msg      mail.Message
}

// deliver sends due messages until none is left.
func (o *Outbox) deliver(ctx context.Context) (int, error) {
	if o.Sender == nil {
		return 0, errors.New("outbox: no sender")
	}
	sent := 0
	for ctx.Err() == nil {
		claimed := time.Now()
		claim, batch, err := o.claim(ctx)
		if err != nil {
			return sent, err
		}
		if len(batch) == 0 {
			return sent, nil
		}
		for i, q := range batch {
			// Past half the lease, give the rest back rather than risk
			// another worker claiming a message being sent.
			if ctx.Err() != nil || time.Since(claimed) > orDefault(o.Lease, DefaultLease)/2 {
				if err := o.release(batch[i:], claim); err != nil {
					return sent, err
				}
				break
			}
			// A message started is finished even when ctx ends meanwhile.
			sendCtx, cancel := context.WithTimeout(context.WithoutCancel(ctx), 2*time.Minute)
			err := o.Sender.Send(sendCtx, q.msg)
			cancel()
			if err := o.settle(q, claim, err); err != nil {
				return sent, err
			}
			if err == nil {
				sent++
			}
		}
	}
	return sent, nil
}

// claim takes up to Batch due messages for a lease.
func (o *Outbox) claim(ctx context.Context) (string, []queued, error) {
	token := make([]byte, 12)
	_, _ = rand.Read(token)
	claim := hex.EncodeToString(token)
	now := o.now()
	lock := ""
	if o.DB.Dialect == db.Postgres {
		lock = " FOR UPDATE SKIP LOCKED"
	}
	var out []queued
	// The queue is on no page: its bookkeeping leaves cached pages valid.
	err := o.DB.InTx(db.NoPages(ctx), func(tx *db.Tx) error {
		out = out[:0]
		rows, err := tx.QueryContext(ctx, `UPDATE mail_queue SET status = 'sending', claim = ?, attempts = attempts + 1, available_at = ?
			WHERE id IN (SELECT id FROM mail_queue WHERE status IN ('pending', 'sending') AND available_at <= ?
				ORDER BY available_at, id LIMIT ?`+lock+`)
			RETURNING id, recipients, subject, body, headers, from_name, from_address, attempts`,
			claim, db.Timestamp{Time: now.Add(orDefault(o.Lease, DefaultLease))}, db.Timestamp{Time: now}, orDefault(o.Batch, DefaultBatch))
		if err != nil {
			return err
		}
		defer rows.Close()
		for rows.Next() {
			var q queued
			var to, headers string
			if err := rows.Scan(&q.id, &to, &q.msg.Subject, &q.msg.Text, &headers, &q.msg.FromName, &q.msg.FromAddress, &q.attempts); err != nil {
				return err
			}
			if err := json.Unmarshal([]byte(to), &q.msg.To); err != nil {
				return fmt.Errorf("message %d: recipients: %w", q.id, err)
			}
			if err := json.Unmarshal([]byte(headers), &q.msg.Headers); err != nil {
				return fmt.Errorf("message %d: headers: %w", q.id, err)
			}
			out = append(out, q)
		}
		return rows.Err()
	})
	if err != nil {
		return "", nil, fmt.Errorf("claim mail: %w", err)
	}
	return claim, out, nil
}

// settle records the outcome of one attempt, if the claim still holds.
func (o *Outbox) settle(q queued, claim string, sendErr error) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	now := o.now()
	return o.DB.InTx(db.NoPages(ctx), func(tx *db.Tx) error {
		var err error
		switch {
		case sendErr == nil:
			_, err = tx.ExecContext(ctx, `UPDATE mail_queue SET status = 'sent', sent_at = ?, body = '', headers = '{}', claim = '', last_error = ''
				WHERE id = ? AND claim = ?`, db.Timestamp{Time: now}, q.id, claim)
		case q.attempts >= orDefault(o.MaxAttempts, DefaultMaxAttempts) || Permanent(sendErr):
			o.log().Error("mail failed for good", "message", q.id, "attempts", q.attempts, "subject", q.msg.Subject, "err", sendErr)
			_, err = tx.ExecContext(ctx, `UPDATE mail_queue SET status = 'failed', claim = '', last_error = ?, available_at = ?
				WHERE id = ? AND claim = ?`, errText(sendErr), db.Timestamp{Time: now}, q.id, claim)
		default:
			next := now.Add(Backoff(q.attempts))
			o.log().Warn("mail not sent; will retry", "message", q.id, "attempts", q.attempts, "next", next, "err", sendErr)
			_, err = tx.ExecContext(ctx, `UPDATE mail_queue SET status = 'pending', claim = '', last_error = ?, available_at = ?
				WHERE id = ? AND claim = ?`, errText(sendErr), db.Timestamp{Time: next}, q.id, claim)
		}
		return err
	})
}

// release gives claimed, unsent messages back, due at once, with the
// attempt they did not make.
func (o *Outbox) release(batch []queued, claim string) error {
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	now := db.Timestamp{Time: o.now()}
	return o.DB.InTx(db.NoPages(ctx), func(tx *db.Tx) error {
		for _, q := range batch {
			if _, err := tx.ExecContext(ctx, `UPDATE mail_queue SET status = 'pending', claim = '', attempts = attempts - 1, available_at = ?
				WHERE id = ? AND claim = ?`, now, q.id, claim); err != nil {
				return err
			}
		}
		return nil
	})
}

// purge deletes sent and failed messages older than keepDone.
func (o *Outbox) purge(ctx context.Context, now time.Time) error {
	return o.DB.InTx(db.NoPages(ctx), func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `DELETE FROM mail_queue WHERE status IN ('sent', 'failed') AND created_at < ?`,
			db.Timestamp{Time: now.Add(-keepDone)})
		return err
	})
}

// Permanent reports whether a send failed for good: the SMTP server
// answered with a 5xx code (no such mailbox, message refused), which a
// retry would only repeat.
func Permanent(err error) bool {
	var e *textproto.Error
	return errors.As(err, &e) && e.Code >= 500 && e.Code < 600
}

func errText(err error) string {
	s := err.Error()
	if len(s) > 500 {
		s = s[:500]
	}
	return s
}

// Counts returns how many messages are in each state, for tests and
// operators.
func Counts(ctx context.Context, q db.Querier) (map[string]int, error) {
	rows, err := q.QueryContext(ctx, `SELECT status, COUNT(*) FROM mail_queue GROUP BY status`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[string]int{}
	for rows.Next() {
		var s string
		var n int
		if err := rows.Scan(&s, &n); err != nil {
			return nil, err
		}
		out[s] = n
	}
	return out, rows.Err()
}

var _ mail.Sender = (*Outbox)(nil)
