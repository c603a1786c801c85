package main

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/schema"
	"github.com/infitah/infitah/internal/site"
)

// TestAuditVerify runs "infitah audit verify" on a ledger of three entries,
// on SQLite and PostgreSQL: it passes, then names seq 2 once that entry is
// altered in the database, and fails.
func TestAuditVerify(t *testing.T) {
	for _, dialect := range []string{"sqlite", "postgres"} {
		t.Run(dialect, func(t *testing.T) {
			t.Parallel()
			ctx := context.Background()
			url := "sqlite:" + filepath.Join(t.TempDir(), "infitah.db")
			if dialect == "postgres" {
				url = dbtest.PostgresURL(t)
			}
			d, err := db.Open(ctx, url, "")
			if err != nil {
				t.Fatal(err)
			}
			defer d.Close()
			if err := d.Migrate(ctx, schema.FS); err != nil {
				t.Fatal(err)
			}
			err = d.InTx(ctx, func(tx *db.Tx) error {
				s := &site.Site{Slug: "souss-massa", Name: i18n.Text{i18n.AR: "جهة سوس ماسة"}}
				if err := site.Upsert(ctx, tx, s); err != nil {
					return err
				}
				for i := range 3 {
					if err := audit.Record(ctx, tx, s.ID, audit.Change{ActorID: 1, ActorName: "Admin", Action: audit.ActionUpdate,
						Entity: "commitment", EntityID: int64(i + 1), Summary: "change"}); err != nil {
						return err
					}
				}
				return nil
			})
			if err != nil {
				t.Fatal(err)
			}
			verify := func(args ...string) (string, error) {
				var out, errOut bytes.Buffer
				err := run(ctx, append([]string{"audit", "verify", "--database", url}, args...), noEnv, &out, &errOut)
				return out.String() + errOut.String(), err
			}

			for _, args := range [][]string{nil, {"--site", "souss-massa"}} {
				out, err := verify(args...)
				if err != nil || !strings.Contains(out, "ok: 3 entries") {
					t.Fatalf("audit verify %v: %v\n%s", args, err, out)
				}
			}
			if out, err := verify("--site", "nowhere"); err == nil {
				t.Errorf("an unknown site passed:\n%s", out)
			}

			if _, err := d.Writer().ExecContext(ctx, d.Rebind(`UPDATE audit_entries SET summary = 'x' WHERE seq = 2`)); err != nil {
				t.Fatal(err)
			}
			out, err := verify("--site", "souss-massa")
			if err == nil || !strings.Contains(out, "seq 2") || !strings.Contains(out, "hash mismatch") {
				t.Fatalf("altered ledger: err %v\n%s", err, out)
			}
			if strings.Contains(out, "ok:") {
				t.Errorf("altered ledger reported ok:\n%s", out)
			}
		})
	}
}

func TestAuditUsage(t *testing.T) {
	for _, args := range [][]string{{"audit"}, {"audit", "check"}, {"audit", "verify", "extra"}, {"audit", "verify", "--nope"}} {
		var out, errOut bytes.Buffer
		if err := run(context.Background(), args, noEnv, &out, &errOut); err == nil {
			t.Errorf("%v: no error", args)
		}
	}
}
