package main

import (
	"context"
	"path/filepath"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/platform/outbox"
	"github.com/infitah/infitah/internal/schema"
)

// TestServeSendsQueuedMail queues a message while no server runs (as if
// one had stopped before sending it): the next "infitah serve" sends it,
// once.
func TestServeSendsQueuedMail(t *testing.T) {
	dir := t.TempDir()
	ctx := context.Background()
	d, err := db.Open(ctx, "", dir)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.Migrate(ctx, schema.FS); err != nil {
		t.Fatal(err)
	}
	if err := (&outbox.Outbox{DB: d}).Send(ctx, mail.Message{To: []string{"amina@example.ma"}, Subject: "queued before the start", Text: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := d.Close(); err != nil {
		t.Fatal(err)
	}
	_, stop := startServe(t, "--data-dir", dir)
	var files []string
	for deadline := time.Now().Add(30 * time.Second); time.Now().Before(deadline); time.Sleep(20 * time.Millisecond) {
		if files, _ = mail.Files(filepath.Join(dir, "mail")); len(files) > 0 {
			break
		}
	}
	if err := stop(); err != nil {
		t.Fatalf("graceful stop: %v", err)
	}
	files, _ = mail.Files(filepath.Join(dir, "mail"))
	if len(files) != 1 {
		t.Fatalf("%d mail files, want 1", len(files))
	}
	m, err := mail.ReadFile(files[0])
	if err != nil || m.Subject != "queued before the start" {
		t.Errorf("mail: %+v %v", m, err)
	}
}
