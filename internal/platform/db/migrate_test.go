package db_test

import (
	"path/filepath"
	"testing"
	"testing/fstest"

	"github.com/infitah/infitah/internal/platform/db"
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
