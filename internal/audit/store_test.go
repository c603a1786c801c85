package audit_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/site"
)

// newSite creates a site and returns its id.
func newSite(t *testing.T, d *db.DB, slug string) int64 {
	t.Helper()
	s := &site.Site{Slug: slug, Host: slug + ".test", Name: i18n.Text{i18n.AR: slug}}
	if err := d.InTx(context.Background(), func(tx *db.Tx) error { return site.Upsert(context.Background(), tx, s) }); err != nil {
		t.Fatal(err)
	}
	return s.ID
}

func record(t *testing.T, d *db.DB, siteID int64, c audit.Change) {
	t.Helper()
	if err := d.InTx(context.Background(), func(tx *db.Tx) error { return audit.Record(context.Background(), tx, siteID, c) }); err != nil {
		t.Fatal(err)
	}
}

// threeChanges records a creation, an update and a deletion.
func threeChanges(t *testing.T, d *db.DB, siteID int64) {
	t.Helper()
	org := int64(5)
	b, a := audit.Diff(map[string]any{"status": "in_progress", "progress": 40, "ref": "C1"},
		map[string]any{"status": "completed", "progress": 100, "ref": "C1"})
	for _, c := range []audit.Change{
		{ActorID: 1, ActorName: "أمينة", Action: audit.ActionCreate, Entity: "commitment", EntityID: 10, Summary: "C1 created",
			After: map[string]any{"ref": "C1", "title": i18n.Text{i18n.AR: "التزام", i18n.FR: "Engagement"}}},
		{ActorID: 1, ActorName: "أمينة", Action: audit.ActionUpdate, Entity: "commitment", EntityID: 10, Summary: "C1 completed",
			Before: b, After: a},
		{ActorID: 2, ActorName: "Karim", Action: audit.ActionDelete, Entity: "milestone", EntityID: 30,
			OrganisationID: &org, Summary: "milestone removed", Before: map[string]any{"title": "M1"}},
	} {
		record(t, d, siteID, c)
	}
}

func entries(t *testing.T, d *db.DB, siteID int64) []audit.Entry {
	t.Helper()
	var out []audit.Entry
	if err := audit.Each(context.Background(), d.R(), siteID, func(e *audit.Entry) error {
		out = append(out, *e)
		return nil
	}); err != nil {
		t.Fatal(err)
	}
	return out
}

func exec(t *testing.T, d *db.DB, q string, args ...any) {
	t.Helper()
	if _, err := d.Writer().ExecContext(context.Background(), d.Rebind(q), args...); err != nil {
		t.Fatalf("%s: %v", q, err)
	}
}

func TestRecordBuildsAChain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		siteID := newSite(t, d, "main")
		threeChanges(t, d, siteID)
		es := entries(t, d, siteID)
		if len(es) != 3 {
			t.Fatalf("%d entries, want 3", len(es))
		}
		prev := audit.ZeroHash
		for i, e := range es {
			if e.Seq != int64(i+1) || e.SiteID != siteID {
				t.Errorf("entry %d: seq %d site %d", i, e.Seq, e.SiteID)
			}
			if e.PrevHash != prev {
				t.Errorf("seq %d: prev_hash %s, want %s", e.Seq, e.PrevHash, prev)
			}
			if h := e.ComputeHash(); h != e.Hash || len(h) != 64 {
				t.Errorf("seq %d: hash %s, recomputed %s", e.Seq, e.Hash, h)
			}
			if e.At.IsZero() || e.At.Nanosecond()%1000 != 0 {
				t.Errorf("seq %d: at %v", e.Seq, e.At)
			}
			prev = e.Hash
		}
		// What was stored: canonical JSON, commitment filled from the
		// entity, the organisation as given, the actor.
		if es[0].BeforeData != "{}" || es[0].AfterData != `{"ref":"C1","title":{"ar":"التزام","fr":"Engagement"}}` {
			t.Errorf("create data: %s → %s", es[0].BeforeData, es[0].AfterData)
		}
		if es[1].BeforeData != `{"progress":40,"status":"in_progress"}` || es[1].AfterData != `{"progress":100,"status":"completed"}` {
			t.Errorf("update data: %s → %s", es[1].BeforeData, es[1].AfterData)
		}
		if es[0].CommitmentID == nil || *es[0].CommitmentID != 10 || es[0].OrganisationID != nil {
			t.Errorf("create: commitment %v organisation %v", es[0].CommitmentID, es[0].OrganisationID)
		}
		if es[2].CommitmentID != nil || es[2].OrganisationID == nil || *es[2].OrganisationID != 5 {
			t.Errorf("delete: commitment %v organisation %v", es[2].CommitmentID, es[2].OrganisationID)
		}
		if es[2].ActorID == nil || *es[2].ActorID != 2 || es[2].ActorName != "Karim" || es[2].AfterData != "{}" {
			t.Errorf("delete: actor %v %q after %s", es[2].ActorID, es[2].ActorName, es[2].AfterData)
		}

		checked, broken, err := audit.Verify(ctx, d.R(), siteID)
		if err != nil || broken != nil || checked != 3 {
			t.Fatalf("Verify = %d, %v, %v; want 3, nil, nil", checked, broken, err)
		}

		// Another site has its own chain, starting at 1.
		other := newSite(t, d, "other")
		record(t, d, other, audit.Change{Action: audit.ActionCreate, Entity: "site", EntityID: other})
		if es := entries(t, d, other); len(es) != 1 || es[0].Seq != 1 || es[0].PrevHash != audit.ZeroHash {
			t.Errorf("other site: %+v", es)
		}
		if n, b, err := audit.Verify(ctx, d.R(), other); n != 1 || b != nil || err != nil {
			t.Errorf("Verify(other) = %d, %v, %v", n, b, err)
		}

		// A change rolled back takes its entry with it; the chain goes on.
		boom := errors.New("boom")
		err = d.InTx(ctx, func(tx *db.Tx) error {
			if err := audit.Record(ctx, tx, siteID, audit.Change{Action: audit.ActionCreate, Entity: "plan", EntityID: 1}); err != nil {
				return err
			}
			return boom
		})
		if !errors.Is(err, boom) {
			t.Fatal(err)
		}
		record(t, d, siteID, audit.Change{Action: audit.ActionCreate, Entity: "plan", EntityID: 2, Summary: "after the rollback"})
		if n, b, err := audit.Verify(ctx, d.R(), siteID); n != 4 || b != nil || err != nil {
			t.Errorf("Verify after a rollback = %d, %v, %v; want 4", n, b, err)
		}

		// Invalid changes are refused, and append nothing.
		err = d.InTx(ctx, func(tx *db.Tx) error {
			return audit.Record(ctx, tx, siteID, audit.Change{Action: "rename", Entity: "plan", EntityID: 1})
		})
		if err == nil {
			t.Error("Record accepted an unknown action")
		}
	})
}

func TestVerifyFindsAnAlteredEntry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		siteID := newSite(t, d, "main")
		threeChanges(t, d, siteID)
		exec(t, d, `UPDATE audit_entries SET summary = 'x' WHERE seq = 2 AND site_id = ?`, siteID)
		checked, broken, err := audit.Verify(context.Background(), d.R(), siteID)
		if err != nil {
			t.Fatal(err)
		}
		if broken == nil || broken.Seq != 2 || !strings.Contains(broken.Reason, "hash mismatch") || checked != 1 {
			t.Fatalf("Verify = %d, %+v; want seq 2, hash mismatch, 1 checked", checked, broken)
		}
	})
}

func TestVerifyFindsARemovedEntry(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		siteID := newSite(t, d, "main")
		threeChanges(t, d, siteID)
		exec(t, d, `DELETE FROM audit_entries WHERE seq = 2 AND site_id = ?`, siteID)
		_, broken, err := audit.Verify(ctx, d.R(), siteID)
		if err != nil {
			t.Fatal(err)
		}
		if broken == nil || broken.Seq != 3 || !strings.Contains(broken.Reason, "sequence gap") {
			t.Fatalf("Verify after a deletion = %+v; want seq 3, sequence gap", broken)
		}
		// Renumbering to hide the gap breaks the link instead.
		exec(t, d, `UPDATE audit_entries SET seq = 2 WHERE seq = 3 AND site_id = ?`, siteID)
		_, broken, err = audit.Verify(ctx, d.R(), siteID)
		if err != nil {
			t.Fatal(err)
		}
		if broken == nil || broken.Seq != 2 || !strings.Contains(broken.Reason, "broken link") {
			t.Fatalf("Verify after renumbering = %+v; want seq 2, broken link", broken)
		}
		// So does removing the first entry.
		exec(t, d, `DELETE FROM audit_entries WHERE seq = 1 AND site_id = ?`, siteID)
		_, broken, _ = audit.Verify(ctx, d.R(), siteID)
		if broken == nil || broken.Seq != 2 {
			t.Fatalf("Verify without the first entry = %+v; want seq 2", broken)
		}
	})
}

// Appends from many transactions at once never share a seq or break the
// chain: PostgreSQL serializes them with the advisory lock, SQLite with its
// single writer.
func TestConcurrentRecords(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		siteID := newSite(t, d, "main")
		const workers, each = 8, 10
		var wg sync.WaitGroup
		errs := make(chan error, workers*each)
		for w := range workers {
			wg.Go(func() {
				for i := range each {
					errs <- d.InTx(ctx, func(tx *db.Tx) error {
						return audit.Record(ctx, tx, siteID, audit.Change{ActorID: int64(w + 1), ActorName: fmt.Sprint("worker ", w),
							Action: audit.ActionUpdate, Entity: "commitment", EntityID: int64(i + 1), Summary: fmt.Sprint(w, "/", i)})
					})
				}
			})
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		checked, broken, err := audit.Verify(ctx, d.R(), siteID)
		if err != nil || broken != nil || checked != workers*each {
			t.Fatalf("Verify = %d, %v, %v; want %d", checked, broken, err, workers*each)
		}
	})
}

func TestRecordStripsSensitiveKeys(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		siteID := newSite(t, d, "main")
		type account struct {
			Name         string `json:"name"`
			Email        string `json:"email"`
			PasswordHash string `json:"password_hash"`
			Phone        string `json:"phone"`
			Role         string `json:"role"`
		}
		record(t, d, siteID, audit.Change{ActorID: 1, ActorName: "Admin", Action: audit.ActionUpdate, Entity: "user", EntityID: 9,
			Before: account{Name: "N", Email: "n@example.org", PasswordHash: "$argon2id$x", Phone: "0600000000", Role: "citizen"},
			After: map[string]any{"role": "editor", "tokens": []any{map[string]any{"token_hash": "abc"}},
				"profile": map[string]any{"phone_number": "0611111111", "city": "Agadir"}}})
		e := entries(t, d, siteID)[0]
		if e.BeforeData != `{"name":"N","role":"citizen"}` || e.AfterData != `{"profile":{"city":"Agadir"},"role":"editor"}` {
			t.Errorf("stored %s → %s", e.BeforeData, e.AfterData)
		}
	})
}
