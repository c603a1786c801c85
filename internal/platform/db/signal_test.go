package db_test

import (
	"errors"
	"testing"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

func TestAfterCommitAndSignal(t *testing.T) {
	d := dbtest.SQLite(t)
	c, stop := d.Watch("topic")
	defer stop()
	var ran []string
	err := d.InTx(t.Context(), func(tx *db.Tx) error {
		tx.AfterCommit(func() { ran = append(ran, "first") })
		tx.Signal("topic")
		tx.AfterCommit(func() { ran = append(ran, "second") })
		if len(ran) != 0 {
			t.Error("ran before the commit")
		}
		return nil
	})
	if err != nil || len(ran) != 2 || ran[0] != "first" || ran[1] != "second" {
		t.Fatalf("after commit: %v %v", ran, err)
	}
	select {
	case <-c:
	default:
		t.Fatal("the watcher was not signalled")
	}
	_ = d.InTx(t.Context(), func(tx *db.Tx) error {
		tx.AfterCommit(func() { ran = append(ran, "rolled back") })
		tx.Signal("topic")
		tx.Signal("other")
		return errors.New("roll back")
	})
	select {
	case <-c:
		t.Error("a rolled-back transaction signalled")
	default:
	}
	if len(ran) != 2 {
		t.Errorf("a rolled-back transaction ran %v", ran)
	}
	// Signals merge while one is pending, and a stopped watcher gets none.
	for range 3 {
		_ = d.InTx(t.Context(), func(tx *db.Tx) error { tx.Signal("topic"); return nil })
	}
	<-c
	select {
	case <-c:
		t.Error("signals were not merged")
	default:
	}
	stop()
	_ = d.InTx(t.Context(), func(tx *db.Tx) error { tx.Signal("topic"); return nil })
	select {
	case <-c:
		t.Error("a stopped watcher was signalled")
	default:
	}
}
