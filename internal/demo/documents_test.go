package demo_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"io"
	"maps"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/forum"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/site"
)

// fileTables are the rows the demo's documents add.
var fileTables = []string{"files", "file_sites", "evidence", "consultation_documents", "event_files", "forum_meeting_files"}

func fileCounts(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	out := counts(t, d)
	for _, table := range fileTables {
		var n int
		if err := d.R().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

// demoDocuments lists the demo site's document repository.
func demoDocuments(t *testing.T, d *db.DB) (int64, []forum.Document) {
	t.Helper()
	ctx := context.Background()
	s, err := site.BySlug(ctx, d.R(), demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	docs, err := forum.Documents(ctx, d.R(), s.ID, forum.DocFilter{}, time.Now(), time.UTC)
	if err != nil {
		t.Fatal(err)
	}
	return s.ID, docs
}

func byType(docs []forum.Document) map[forum.DocType]int {
	out := map[forum.DocType]int{}
	for _, doc := range docs {
		out[doc.Type]++
	}
	return out
}

func TestDocuments(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		dataDir := t.TempDir()
		store := files.InDataDir(dataDir, 0)
		if loaded, err := demo.LoadWithFiles(ctx, d, store); err != nil || !loaded {
			t.Fatalf("LoadWithFiles = %v, %v; want true", loaded, err)
		}
		first := fileCounts(t, d)
		if loaded, err := demo.LoadWithFiles(ctx, d, store); err != nil || loaded {
			t.Fatalf("LoadWithFiles again = %v, %v; want false", loaded, err)
		}
		if again := fileCounts(t, d); !maps.Equal(first, again) {
			t.Fatalf("a second load changed the counts: %v, then %v", first, again)
		}

		siteID, docs := demoDocuments(t, d)
		want := map[forum.DocType]int{forum.DocEvidence: 3, forum.DocConsultation: 1, forum.DocEventDocument: 1, forum.DocForum: 5}
		if got := byType(docs); !maps.Equal(got, want) {
			t.Fatalf("documents by type %v, want %v", got, want)
		}
		if first["files"] != len(docs) {
			t.Errorf("%d files for %d documents: each document is its own file", first["files"], len(docs))
		}
		for _, doc := range docs {
			// The stored file is the content its address names, a PDF by
			// its content as an upload must be.
			f, err := store.Open(doc.SHA256)
			if err != nil {
				t.Fatalf("%s: %v", doc.Name, err)
			}
			b, err := io.ReadAll(f)
			f.Close()
			if err != nil {
				t.Fatal(err)
			}
			sum := sha256.Sum256(b)
			if hex.EncodeToString(sum[:]) != doc.SHA256 || int64(len(b)) != doc.Size {
				t.Errorf("%s: content of %d bytes has another checksum than %s (%d bytes)", doc.Name, len(b), doc.SHA256, doc.Size)
			}
			if doc.ContentType != files.PDF || files.Detect(strings.NewReader(string(b)), int64(len(b))) != files.PDF {
				t.Errorf("%s: recorded as %s, detected as %q", doc.Name, doc.ContentType, files.Detect(strings.NewReader(string(b)), int64(len(b))))
			}
			if !strings.HasSuffix(doc.Name, ".pdf") || len(b) > 4<<10 {
				t.Errorf("%s: %d bytes", doc.Name, len(b))
			}
			if doc.Type != forum.DocForum {
				for _, l := range []i18n.Locale{i18n.AR, i18n.FR, i18n.EN} {
					if !doc.Title.Has(l) {
						t.Errorf("%s: title has no %s text", doc.Name, l)
					}
				}
			}
		}

		// Stored the way uploads are, the documents make the plan meet the
		// repository requirement: one at least every six months of 2021–2023.
		_, facts, err := forum.Gather(ctx, d.R(), siteID, "plan-2021-2023", time.Date(2026, 5, 1, 0, 0, 0, 0, time.UTC), time.UTC)
		if err != nil {
			t.Fatal(err)
		}
		repository := false
		for _, r := range forum.Evaluate(facts) {
			if r.Code == forum.ReqRepository {
				repository = true
				if !r.Met || len(r.Evidence) < 6 {
					t.Errorf("repository: met %v with %d documents in the plan's period, gaps %+v", r.Met, len(r.Evidence), r.Gaps)
				}
			}
		}
		if !repository {
			t.Error("no repository requirement")
		}

		// The site serves them: listed on /documents, downloadable by hash.
		srv, err := server.New(ctx, d, server.Options{DataDir: dataDir})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()
		page := fetch(t, ts, "/documents?lang=fr")
		for _, doc := range docs {
			if !strings.Contains(page, `href="/files/`+doc.SHA256+`"`) {
				t.Errorf("/documents lacks %s", doc.Name)
			}
		}
		for _, title := range []string{"Budget citoyen 2021", "plan-action-gouvernement-ouvert-2021-2023.pdf", "Note de présentation du projet de plan d’action 2021–2023"} {
			if !strings.Contains(page, title) {
				t.Errorf("/documents lacks %q", title)
			}
		}
		res, err := ts.Client().Get(ts.URL + docs[0].URL)
		if err != nil {
			t.Fatal(err)
		}
		body, _ := io.ReadAll(res.Body)
		res.Body.Close()
		if sum := sha256.Sum256(body); res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != files.PDF ||
			hex.EncodeToString(sum[:]) != docs[0].SHA256 {
			t.Errorf("GET %s: %d %s, %d bytes", docs[0].URL, res.StatusCode, res.Header.Get("Content-Type"), len(body))
		}
		page = fetch(t, ts, "/plans/plan-2021-2023/requirements?lang=en")
		if _, line, ok := strings.Cut(page, `id="req-repository"`); !ok || !strings.Contains(strings.SplitN(line, `id="req-`, 2)[0], "✓ Met") {
			t.Errorf("the requirements page does not show the repository as met")
		}

		// A file removed from the folder is put back by the next load,
		// which attaches nothing new.
		if err := os.Remove(dataDir + "/files/" + docs[0].SHA256[:2] + "/" + docs[0].SHA256); err != nil {
			t.Fatal(err)
		}
		if loaded, err := demo.LoadWithFiles(ctx, d, store); err != nil || loaded {
			t.Fatalf("LoadWithFiles after a removal = %v, %v; want false", loaded, err)
		}
		if f, err := store.Open(docs[0].SHA256); err != nil {
			t.Errorf("removed file not put back: %v", err)
		} else {
			f.Close()
		}
	})
}

// A demo loaded without files (or by an earlier version) gets the documents
// of its events, forum meetings and consultation on its next load with a
// store, once; its published progress updates keep their links.
func TestDocumentsOnAnOlderDemo(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, d); err != nil {
			t.Fatal(err)
		}
		if _, docs := demoDocuments(t, d); len(docs) != 0 {
			t.Fatalf("%d documents without a file store", len(docs))
		}
		store := files.InDataDir(t.TempDir(), 0)
		if loaded, err := demo.LoadWithFiles(ctx, d, store); err != nil || !loaded {
			t.Fatalf("LoadWithFiles on an older demo = %v, %v; want true", loaded, err)
		}
		first := fileCounts(t, d)
		if loaded, err := demo.LoadWithFiles(ctx, d, store); err != nil || loaded {
			t.Fatalf("LoadWithFiles again = %v, %v; want false", loaded, err)
		}
		if again := fileCounts(t, d); !maps.Equal(first, again) {
			t.Fatalf("a second load changed the counts: %v, then %v", first, again)
		}
		_, docs := demoDocuments(t, d)
		want := map[forum.DocType]int{forum.DocConsultation: 1, forum.DocEventDocument: 1, forum.DocForum: 5}
		if got := byType(docs); !maps.Equal(got, want) {
			t.Errorf("documents by type %v, want %v", got, want)
		}
	})
}

func fetch(t *testing.T, ts *httptest.Server, path string) string {
	t.Helper()
	res, err := ts.Client().Get(ts.URL + path)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", path, res.StatusCode, err)
	}
	return string(b)
}
