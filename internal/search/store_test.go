package search_test

import (
	"fmt"
	"math/rand/v2"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/search"
	"github.com/infitah/infitah/internal/site"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

func newSite(t *testing.T, d *db.DB, slug string) int64 {
	t.Helper()
	s := &site.Site{Slug: slug, Host: slug + ".example", Name: i18n.Text{i18n.AR: slug}}
	if err := d.InTx(t.Context(), func(tx *db.Tx) error { return site.Upsert(t.Context(), tx, s) }); err != nil {
		t.Fatal(err)
	}
	return s.ID
}

func index(t *testing.T, d *db.DB, docs ...search.Doc) {
	t.Helper()
	err := d.InTx(t.Context(), func(tx *db.Tx) error {
		for _, doc := range docs {
			if err := search.Index(t.Context(), tx, doc); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
}

func find(t *testing.T, d *db.DB, siteID int64, raw string, f search.Filter) []string {
	t.Helper()
	q, problem := search.ParseQuery(raw)
	if problem != "" {
		t.Fatalf("query %q: %s", raw, problem)
	}
	res, err := search.Search(t.Context(), d, siteID, q, f, i18n.AR, 0, 1000)
	if err != nil {
		t.Fatalf("query %q: %v", raw, err)
	}
	var ids []string
	for _, h := range res.Hits {
		ids = append(ids, fmt.Sprintf("%s:%d", h.Kind, h.ID))
	}
	if len(ids) != res.Total {
		t.Errorf("query %q: %d hits but a total of %d", raw, len(ids), res.Total)
	}
	slices.Sort(ids)
	return ids
}

func TestIndexFindRemove(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		siteID := newSite(t, d, "tta")
		other := newSite(t, d, "other")
		index(t, d,
			search.Doc{SiteID: siteID, Kind: "commitment", RefID: 1, URL: "/commitments/1",
				Title: i18n.Text{i18n.AR: "بوابة الشفافية الجهوية", i18n.FR: "Portail régional de la transparence"},
				Body:  i18n.Text{i18n.AR: "نشر المعلومات المتعلقة بالميزانية والصفقات العمومية"}},
			search.Doc{SiteID: siteID, Kind: "news", RefID: 7, URL: "/news/forum",
				Title: i18n.Text{i18n.AR: "منتدى الجهات المنفتحة والذكية"},
				Body:  i18n.Text{i18n.AR: "ناقش المنتدى الشَّفافيّة والمشاركة المواطنة"}},
			search.Doc{SiteID: other, Kind: "commitment", RefID: 1, URL: "/commitments/1",
				Title: i18n.Text{i18n.AR: "الشفافية في جهة أخرى"}},
		)
		if got := find(t, d, siteID, "والشفافية", search.Filter{}); !slices.Equal(got, []string{"commitment:1", "news:7"}) {
			t.Errorf("الشفافية: %v", got)
		}
		// A title match comes before a newer body match.
		q0, _ := search.ParseQuery("الشفافية")
		if res, err := search.Search(t.Context(), d, siteID, q0, search.Filter{}, i18n.AR, 0, 10); err != nil || len(res.Hits) != 2 || res.Hits[0].Kind != "commitment" {
			t.Errorf("order: %v %+v", err, res)
		}
		if got := find(t, d, siteID, "transparence", search.Filter{}); !slices.Equal(got, []string{"commitment:1"}) {
			t.Errorf("a French title is found: %v", got)
		}
		if got := find(t, d, siteID, "الشفافية -الميزانية", search.Filter{}); !slices.Equal(got, []string{"news:7"}) {
			t.Errorf("exclusion: %v", got)
		}
		if got := find(t, d, siteID, `"المشاركة المواطنة"`, search.Filter{}); !slices.Equal(got, []string{"news:7"}) {
			t.Errorf("phrase: %v", got)
		}
		if got := find(t, d, siteID, `"المواطنة المشاركة"`, search.Filter{}); len(got) != 0 {
			t.Errorf("a phrase in the wrong order: %v", got)
		}
		if got := find(t, d, siteID, "الشفافية", search.Filter{Kinds: []string{"news"}}); !slices.Equal(got, []string{"news:7"}) {
			t.Errorf("kind filter: %v", got)
		}

		// The snippet is cut from the text as written, with the match marked.
		q, _ := search.ParseQuery("الشفافية")
		res, err := search.Search(t.Context(), d, siteID, q, search.Filter{Kinds: []string{"news"}}, i18n.AR, 0, 10)
		if err != nil || len(res.Hits) != 1 {
			t.Fatalf("%v %+v", err, res)
		}
		if res.ByKind["commitment"] != 1 || res.ByKind["news"] != 1 || res.Total != 1 {
			t.Errorf("counts %+v total %d", res.ByKind, res.Total)
		}
		var marked []string
		for _, f := range res.Hits[0].Snippet {
			if f.Mark {
				marked = append(marked, f.Text)
			}
		}
		if !slices.Equal(marked, []string{"الشَّفافيّة"}) {
			t.Errorf("snippet %+v", res.Hits[0].Snippet)
		}

		// Re-indexing replaces; removing removes; a rolled-back change
		// leaves the index as it was.
		index(t, d, search.Doc{SiteID: siteID, Kind: "news", RefID: 7, URL: "/news/forum", Title: i18n.Text{i18n.AR: "منتدى الميزانية"}})
		if got := find(t, d, siteID, "الشفافية", search.Filter{}); !slices.Equal(got, []string{"commitment:1"}) {
			t.Errorf("after re-indexing: %v", got)
		}
		err = d.InTx(t.Context(), func(tx *db.Tx) error {
			if err := search.Remove(t.Context(), tx, siteID, "commitment", 1); err != nil {
				return err
			}
			return fmt.Errorf("changed my mind")
		})
		if err == nil {
			t.Fatal("the transaction committed")
		}
		if got := find(t, d, siteID, "الشفافية", search.Filter{}); !slices.Equal(got, []string{"commitment:1"}) {
			t.Errorf("after a rollback: %v", got)
		}
		if err := d.InTx(t.Context(), func(tx *db.Tx) error { return search.Remove(t.Context(), tx, siteID, "commitment", 1) }); err != nil {
			t.Fatal(err)
		}
		if got := find(t, d, siteID, "الشفافية", search.Filter{}); len(got) != 0 {
			t.Errorf("after removal: %v", got)
		}
		if got := find(t, d, other, "الشفافية", search.Filter{}); !slices.Equal(got, []string{"commitment:1"}) {
			t.Errorf("the other site: %v", got)
		}

		// Documents go with what they belong to.
		parent := "consultation:9"
		index(t, d,
			search.Doc{SiteID: siteID, Kind: "document", RefID: search.DocumentID(parent, "/files/a"), Parent: parent,
				URL: "/files/a", Title: i18n.Text{i18n.AR: "محضر الاجتماع"}},
			search.Doc{SiteID: siteID, Kind: "document", RefID: search.DocumentID(parent, "/files/b"), Parent: parent,
				URL: "/files/b", Title: i18n.Text{i18n.AR: "محضر اللجنة"}})
		if got := find(t, d, siteID, "محضر", search.Filter{Kinds: []string{"document"}}); len(got) != 2 {
			t.Errorf("documents: %v", got)
		}
		if err := d.InTx(t.Context(), func(tx *db.Tx) error { return search.RemoveChildren(t.Context(), tx, siteID, parent) }); err != nil {
			t.Fatal(err)
		}
		if got := find(t, d, siteID, "محضر", search.Filter{}); len(got) != 0 {
			t.Errorf("documents left after their parent's removal: %v", got)
		}
	})
}

// corpus writes n documents from a small vocabulary, in the forms people
// write: with the article, with particles, vowelled, in two languages.
func corpus(siteID int64, n int) []search.Doc {
	r := rand.New(rand.NewPCG(1, 2))
	ar := []string{"الشفافية", "والشفافية", "للشفافية", "الشَّفافيّة", "الميزانية", "الميزانيات", "المواطنين", "المواطنون",
		"الجمعيات", "جمعية", "المعلومات", "والمعلومات", "الحكومة", "المنفتحة", "المشاركة", "المواطنة", "الصفقات", "العمومية",
		"البوابة", "الرقمية", "التكوين", "الشباب", "النساء", "طنجة", "تطوان", "الحسيمة", "٢٠٢١", "٢٠٢٢", "المجلس", "الجهوي"}
	fr := []string{"transparence", "budget", "budgets", "citoyens", "citoyennes", "associations", "accès", "information",
		"gouvernement", "ouvert", "participation", "marchés", "publics", "portail", "numérique", "formation", "jeunes", "femmes",
		"région", "conseil", "2021", "2022"}
	kinds := []string{"commitment", "milestone", "update", "proposal", "comment", "news", "event", "organisation"}
	words := func(vocab []string, k int) string {
		out := make([]string, k)
		for i := range out {
			out[i] = vocab[r.IntN(len(vocab))]
		}
		return strings.Join(out, " ")
	}
	docs := make([]search.Doc, n)
	for i := range docs {
		docs[i] = search.Doc{
			SiteID: siteID, Kind: kinds[i%len(kinds)], RefID: int64(i + 1), URL: fmt.Sprintf("/x/%d", i+1),
			Title:  i18n.Text{i18n.AR: words(ar, 3), i18n.FR: words(fr, 3)},
			Body:   i18n.Text{i18n.AR: words(ar, 4+r.IntN(30)), i18n.FR: words(fr, r.IntN(20))},
			Date:   time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC).AddDate(0, 0, r.IntN(1000)),
			PlanID: int64(1 + r.IntN(3)),
			OrgID:  int64(r.IntN(4)),
		}
	}
	return docs
}

// The same queries find the same things on SQLite and PostgreSQL.
func TestSameResultsOnBothDatabases(t *testing.T) {
	lite, pg := dbtest.SQLite(t), dbtest.Postgres(t)
	liteSite, pgSite := newSite(t, lite, "tta"), newSite(t, pg, "tta")
	index(t, lite, corpus(liteSite, 400)...)
	index(t, pg, corpus(pgSite, 400)...)
	y2021 := time.Date(2021, 1, 1, 0, 0, 0, 0, time.UTC)
	y2022 := time.Date(2022, 1, 1, 0, 0, 0, 0, time.UTC)
	queries := []struct {
		q string
		f search.Filter
	}{
		{"الشفافية", search.Filter{}},
		{"شفافية", search.Filter{}},
		{"للشفافية الميزانية", search.Filter{}},
		{"المواطن", search.Filter{}},
		{"جمعيات", search.Filter{}},
		{"المعلومات الحكومة", search.Filter{}},
		{`"الحكومة المنفتحة"`, search.Filter{}},
		{`"المشاركة المواطنة"`, search.Filter{}},
		{`"الصفقات العمومية" -الشباب`, search.Filter{}},
		{"الشفافية -الميزانية", search.Filter{}},
		{"2021", search.Filter{}},
		{"٢٠٢٢ طنجة", search.Filter{}},
		{"تطوان الحسيمة", search.Filter{}},
		{"الرقمية البوابة", search.Filter{}},
		{"transparence", search.Filter{}},
		{"Transparence budget", search.Filter{}},
		{"budgets", search.Filter{}},
		{"acces information", search.Filter{}},
		{`"gouvernement ouvert"`, search.Filter{}},
		{"citoyennes -femmes", search.Filter{}},
		{"marches publics", search.Filter{}},
		{"région conseil", search.Filter{}},
		{"الشفافية transparence", search.Filter{}},
		{"الميزانية", search.Filter{Kinds: []string{"news", "event"}}},
		{"الجمعيات", search.Filter{PlanID: 2}},
		{"المجلس", search.Filter{OrgID: 3}},
		{"التكوين", search.Filter{From: y2021, To: y2022}},
		{"النساء الشباب", search.Filter{Kinds: []string{"proposal"}, PlanID: 1}},
		{"formation jeunes", search.Filter{From: y2022}},
		{"nothingmatches", search.Filter{}},
	}
	if len(queries) < 30 {
		t.Fatalf("only %d queries", len(queries))
	}
	found := 0
	for _, c := range queries {
		l, p := find(t, lite, liteSite, c.q, c.f), find(t, pg, pgSite, c.q, c.f)
		if !slices.Equal(l, p) {
			t.Errorf("%q %+v: SQLite found %d, PostgreSQL %d\n  SQLite only: %v\n  PostgreSQL only: %v",
				c.q, c.f, len(l), len(p), minus(l, p), minus(p, l))
		}
		// The order too: the same BM25 scores from the same statistics.
		if lo, po := firstPage(t, lite, liteSite, c.q, c.f), firstPage(t, pg, pgSite, c.q, c.f); !slices.Equal(lo, po) {
			t.Errorf("%q: first page in another order\n  SQLite:     %v\n  PostgreSQL: %v", c.q, lo, po)
		}
		t.Logf("%q: %d", c.q, len(l))
		if len(l) > 0 {
			found++
		}
	}
	if found < 25 {
		t.Errorf("only %d of %d queries found anything: the corpus does not exercise them", found, len(queries))
	}
}

func firstPage(t *testing.T, d *db.DB, siteID int64, raw string, f search.Filter) []string {
	t.Helper()
	q, _ := search.ParseQuery(raw)
	res, err := search.Search(t.Context(), d, siteID, q, f, i18n.AR, 1, 7)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, fmt.Sprintf("%s:%d", h.Kind, h.ID))
	}
	return out
}

func minus(a, b []string) []string {
	var out []string
	for _, s := range a {
		if !slices.Contains(b, s) {
			out = append(out, s)
		}
	}
	return out
}

// The order is BM25's: a title match first, then the shorter of two texts
// that say the word once, and among equals the newest.
func TestRankedByBM25(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		siteID := newSite(t, d, "tta")
		long := strings.Repeat("نقاش مفتوح حول المشاريع الجهوية والتنمية ", 20)
		doc := func(id int64, title, body string) search.Doc {
			return search.Doc{SiteID: siteID, Kind: "news", RefID: id, URL: fmt.Sprintf("/news/%d", id),
				Title: i18n.Text{i18n.AR: title}, Body: i18n.Text{i18n.AR: body}}
		}
		index(t, d,
			doc(1, "الميزانية التشاركية للجهة", long),
			doc(2, "لقاء تواصلي", "عرض الميزانية"),
			doc(3, "لقاء تواصلي", "عرض الميزانية"),
			doc(4, "لقاء تواصلي", long+" وعرض الميزانية"),
			doc(5, "لقاء تواصلي", long),
		)
		q, _ := search.ParseQuery("الميزانية")
		res, err := search.Search(t.Context(), d, siteID, q, search.Filter{}, i18n.AR, 0, 10)
		if err != nil {
			t.Fatal(err)
		}
		var got []int64
		for _, h := range res.Hits {
			got = append(got, h.ID)
		}
		if want := []int64{1, 3, 2, 4}; !slices.Equal(got, want) {
			t.Errorf("order %v, want %v", got, want)
		}
	})
}

// The statistics BM25 reads stay those of what the index holds, through
// additions, replacements and removals.
func TestStatisticsFollowTheIndex(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		siteID, other := newSite(t, d, "tta"), newSite(t, d, "other")
		// perSite reads rows of (site, documents, terms).
		perSite := func(query string) string {
			t.Helper()
			rows, err := d.R().QueryContext(t.Context(), query)
			if err != nil {
				t.Fatal(err)
			}
			defer rows.Close()
			out := map[int64][2]int64{}
			for rows.Next() {
				var id, n, sum int64
				if err := rows.Scan(&id, &n, &sum); err != nil {
					t.Fatal(err)
				}
				out[id] = [2]int64{n, sum}
			}
			return fmt.Sprint(out)
		}
		check := func(step string) {
			t.Helper()
			want := perSite(`SELECT site_id, COUNT(*), SUM(length) FROM search_docs GROUP BY site_id`)
			got := perSite(`SELECT site_id, docs, terms FROM search_stats WHERE docs <> 0 OR terms <> 0`)
			if got != want {
				t.Errorf("%s: statistics %v, index %v", step, got, want)
			}
		}
		docs := corpus(siteID, 30)
		index(t, d, docs...)
		index(t, d, corpus(other, 5)...)
		check("added")
		docs[3].Body = i18n.Text{i18n.AR: "نص أطول بكثير من السابق عن الشفافية والمشاركة والميزانية"}
		docs[4].Body = nil
		index(t, d, docs[3], docs[4])
		check("replaced")
		if err := d.InTx(t.Context(), func(tx *db.Tx) error {
			if err := search.Remove(t.Context(), tx, siteID, docs[5].Kind, docs[5].RefID); err != nil {
				return err
			}
			return search.Remove(t.Context(), tx, siteID, "news", 999) // not there
		}); err != nil {
			t.Fatal(err)
		}
		check("removed")
		parent := "event:3"
		index(t, d, search.Doc{SiteID: siteID, Kind: "document", RefID: search.DocumentID(parent, "/a"), Parent: parent,
			URL: "/a", Title: i18n.Text{i18n.AR: "محضر الاجتماع"}})
		if err := d.InTx(t.Context(), func(tx *db.Tx) error { return search.RemoveChildren(t.Context(), tx, siteID, parent) }); err != nil {
			t.Fatal(err)
		}
		check("documents removed")
		if err := d.InTx(t.Context(), func(tx *db.Tx) error { return search.RemoveSite(t.Context(), tx, other) }); err != nil {
			t.Fatal(err)
		}
		check("site emptied")
	})
}
