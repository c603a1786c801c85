package db_test

import (
	"path/filepath"
	"sync"
	"testing"
	"testing/fstest"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/schema"
)

// A migration that lands with a lower number than one already applied (two
// features merged in another order than they were numbered) is applied.
func TestMigrateOutOfOrder(t *testing.T) {
	ctx := t.Context()
	d, err := db.Open(ctx, "sqlite:"+filepath.Join(t.TempDir(), "m.db"), "")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	file := func(table string) *fstest.MapFile {
		return &fstest.MapFile{Data: []byte("-- +goose Up\nCREATE TABLE " + table + " (id INTEGER PRIMARY KEY);\n-- +goose Down\nDROP TABLE " + table + ";\n")}
	}
	first := fstest.MapFS{"sqlite/00001_a.sql": file("a"), "sqlite/00003_c.sql": file("c")}
	if err := d.Migrate(ctx, first); err != nil {
		t.Fatal(err)
	}
	later := fstest.MapFS{"sqlite/00001_a.sql": file("a"), "sqlite/00002_b.sql": file("b"), "sqlite/00003_c.sql": file("c")}
	if err := d.Migrate(ctx, later); err != nil {
		t.Fatalf("a migration numbered below the latest applied: %v", err)
	}
	if _, err := d.Writer().ExecContext(ctx, `INSERT INTO b (id) VALUES (1)`); err != nil {
		t.Fatalf("00002 was not applied: %v", err)
	}
}

// Instances that start together on one fresh PostgreSQL database migrate it
// once: the others wait for the advisory lock and find nothing to do (they
// failed with duplicate keys in the catalogue when each ran the migrations).
func TestMigrateConcurrentStartsOnPostgres(t *testing.T) {
	url := dbtest.PostgresURL(t)
	const instances = 4
	errs := make(chan error, instances)
	var ready sync.WaitGroup
	ready.Add(instances)
	start := make(chan struct{})
	for range instances {
		go func() {
			d, err := db.Open(t.Context(), url, "")
			if err != nil {
				ready.Done()
				errs <- err
				return
			}
			defer d.Close()
			ready.Done()
			<-start
			errs <- d.Migrate(t.Context(), schema.FS)
		}()
	}
	ready.Wait()
	close(start)
	for range instances {
		if err := <-errs; err != nil {
			t.Errorf("an instance starting with others: %v", err)
		}
	}
	d, err := db.Open(t.Context(), url, "")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	var n int
	if err := d.R().QueryRowContext(t.Context(), `SELECT COUNT(*) FROM sites`).Scan(&n); err != nil {
		t.Fatalf("the schema is not there: %v", err)
	}
}
