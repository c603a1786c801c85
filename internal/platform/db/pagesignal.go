package db

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"log/slog"
	"strconv"
	"strings"
	"time"

	"github.com/jackc/pgx/v5"
)

// Several instances of the server may share one PostgreSQL database. Each
// keeps its own page cache, valid while the write generations of this
// process are unchanged (generation.go); the writes of the other instances
// reach it through PostgreSQL's LISTEN/NOTIFY. Every write transaction
// that may change a page notifies pagesChannel with the sites it wrote for,
// in the transaction, so that the notification leaves with the commit and
// never without it; ListenForPages raises the named sites' generations in
// every other instance. A listener that lost its connection cannot know
// what it missed: it raises every site's generation once it listens again.

// pagesChannel is the PostgreSQL notification channel of page changes.
const pagesChannel = "infitah_pages"

// newInstanceID names this process in its notifications, so that its own
// are not counted twice.
func newInstanceID() string {
	b := make([]byte, 8)
	_, _ = rand.Read(b) // never fails
	return hex.EncodeToString(b)
}

// notifyPages is the payload of a transaction's notification: the
// instance, then the sites it wrote for ("*" for every site).
func notifyPayload(instance string, sites []int64) string {
	if len(sites) == 0 {
		return instance + " *"
	}
	var b strings.Builder
	b.WriteString(instance)
	b.WriteByte(' ')
	for i, id := range sites {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(strconv.FormatInt(id, 10))
	}
	return b.String()
}

// parsePayload reads a notification: who sent it, and the sites it names
// (nil: every site). ok is false for a payload this version cannot read,
// which is then taken to name every site.
func parsePayload(p string) (instance string, sites []int64, ok bool) {
	instance, list, found := strings.Cut(p, " ")
	if !found || instance == "" {
		return "", nil, false
	}
	if list == "*" {
		return instance, nil, true
	}
	for _, s := range strings.Split(list, ",") {
		id, err := strconv.ParseInt(s, 10, 64)
		if err != nil || id <= 0 {
			return instance, nil, false
		}
		sites = append(sites, id)
	}
	return instance, sites, true
}

// notifyPages sends, inside tx, the notification of its page changes.
func (t *Tx) notifyPages(ctx context.Context, pageless bool) error {
	if t.d.Dialect != Postgres || (len(t.sites) == 0 && pageless) {
		return nil
	}
	_, err := t.tx.ExecContext(ctx, `SELECT pg_notify($1, $2)`, pagesChannel, notifyPayload(t.d.instance, t.sites))
	return err
}

// ListenForPages raises the generations of the sites that other instances
// write for, as their notifications arrive, until ctx ends; on SQLite it
// returns at once (one process owns the file). It reconnects after a lost
// connection, and raises every site's generation each time it starts
// listening.
func (d *DB) ListenForPages(ctx context.Context, log *slog.Logger) {
	if d.Dialect != Postgres {
		return
	}
	if log == nil {
		log = slog.New(slog.DiscardHandler)
	}
	for ctx.Err() == nil {
		err := d.listenOnce(ctx)
		if ctx.Err() != nil {
			return
		}
		log.Warn("page change notifications: listening again", "err", err)
		select {
		case <-ctx.Done():
			return
		case <-time.After(time.Second):
		}
	}
}

// listening, when set, is called each time a listener starts listening
// (tests wait for it).
var listening func()

// listenOnce listens on one connection until it fails or ctx ends. Once it
// listens it raises every site's generation: what was written before (while
// the connection was lost, or before the server listened at all) may have
// been missed.
func (d *DB) listenOnce(ctx context.Context) error {
	conn, err := pgx.Connect(ctx, d.url)
	if err != nil {
		return err
	}
	defer conn.Close(context.WithoutCancel(ctx))
	if _, err := conn.Exec(ctx, "LISTEN "+pagesChannel); err != nil {
		return err
	}
	d.gens.bump(nil, false)
	if listening != nil {
		listening()
	}
	for {
		n, err := conn.WaitForNotification(ctx)
		if err != nil {
			return err
		}
		instance, sites, ok := parsePayload(n.Payload)
		if ok && instance == d.instance {
			continue // this process raised its own generations at commit
		}
		d.gens.bump(sites, false)
	}
}
