package db_test

import (
	"context"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/schema"
)

// Two instances on one PostgreSQL database: a write of one for a site
// raises that site's generation in the other (so its cached pages go),
// and no other site's.
func TestPageChangesReachOtherInstances(t *testing.T) {
	url := dbtest.PostgresURL(t)
	ctx := t.Context()
	open := func() *db.DB {
		d, err := db.Open(ctx, url, "")
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
	a, b := open(), open()
	if err := a.Migrate(ctx, schema.FS); err != nil {
		t.Fatal(err)
	}
	lctx, stop := context.WithCancel(ctx)
	defer stop()
	listening := make(chan struct{}, 1)
	db.SetListening(func() { listening <- struct{}{} })
	t.Cleanup(func() { db.SetListening(nil) })
	go b.ListenForPages(lctx, nil)
	select {
	case <-listening:
	case <-time.After(30 * time.Second):
		t.Fatal("the listener did not start")
	}

	s1, s2 := b.SiteGeneration(1), b.SiteGeneration(2)
	if err := a.InTx(db.WithSite(ctx, 1), func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS scratch (id INTEGER)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(10 * time.Second)
	for b.SiteGeneration(1) == s1 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if b.SiteGeneration(1) == s1 {
		t.Fatal("a write for site 1 on one instance left the other's generation of site 1 as it was")
	}
	if b.SiteGeneration(2) != s2 {
		t.Error("a write for site 1 raised site 2's generation elsewhere")
	}

	// A write that names no site raises every site's.
	s2 = b.SiteGeneration(2)
	if err := a.InTx(ctx, func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO scratch (id) VALUES (1)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	deadline = time.Now().Add(10 * time.Second)
	for b.SiteGeneration(2) == s2 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if b.SiteGeneration(2) == s2 {
		t.Fatal("a write that named no site did not reach the other instance")
	}

	// A transaction that rolls back notifies nobody.
	s1 = b.SiteGeneration(1)
	_ = a.InTx(db.WithSite(ctx, 1), func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `INSERT INTO scratch (id) VALUES (2)`); err != nil {
			return err
		}
		return context.Canceled
	})
	// A later write for site 3 is a marker: once it arrives, the rolled
	// back one would have too.
	s3 := b.SiteGeneration(3)
	if err := a.InTx(db.WithSite(ctx, 3), func(tx *db.Tx) error {
		_, err := tx.ExecContext(ctx, `INSERT INTO scratch (id) VALUES (3)`)
		return err
	}); err != nil {
		t.Fatal(err)
	}
	deadline = time.Now().Add(10 * time.Second)
	for b.SiteGeneration(3) == s3 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	if b.SiteGeneration(1) != s1 {
		t.Error("a transaction that rolled back raised a generation elsewhere")
	}

	// A listener that loses its connection listens again, and forgets
	// every page, since it cannot know what it missed meanwhile.
	s9 := b.SiteGeneration(9)
	if _, err := a.Writer().ExecContext(ctx, `SELECT pg_terminate_backend(pid) FROM pg_stat_activity
		WHERE datname = current_database() AND query LIKE 'LISTEN%' AND pid <> pg_backend_pid()`); err != nil {
		t.Fatal(err)
	}
	select {
	case <-listening:
	case <-time.After(30 * time.Second):
		t.Fatal("the listener did not listen again after losing its connection")
	}
	if b.SiteGeneration(9) == s9 {
		t.Error("a listener back from a lost connection kept the pages it may have missed changes to")
	}
}
