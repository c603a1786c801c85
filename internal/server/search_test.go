package server_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/site"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server"
)

type searchAnswer struct {
	Data []struct {
		Kind    string `json:"kind"`
		ID      int64  `json:"id"`
		Title   string `json:"title"`
		URL     string `json:"url"`
		Snippet []struct {
			Text string `json:"text"`
			Mark bool   `json:"mark"`
		} `json:"snippet"`
	} `json:"data"`
	Total  int            `json:"total"`
	ByType map[string]int `json:"by_type"`
	Next   *string        `json:"next"`
}

func searchAPI(t *testing.T, r response) searchAnswer {
	t.Helper()
	var a searchAnswer
	if r.status != http.StatusOK {
		t.Fatalf("status %d: %s", r.status, snippet(r.body))
	}
	if err := json.Unmarshal([]byte(r.body), &a); err != nil {
		t.Fatal(err)
	}
	return a
}

func keys(a searchAnswer) []string {
	var out []string
	for _, h := range a.Data {
		out = append(out, h.Kind+":"+itoa(h.ID))
	}
	slices.Sort(out)
	return out
}

// TestSearch searches the demo site through the page and the API, on both
// databases: the forms of one Arabic word find the same things, filters
// and bad queries get clear answers, never a 500.
func TestSearch(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ts := demoServer(t, d)
		q := func(s string) string { return url.QueryEscape(s) }

		base := searchAPI(t, get(t, ts, "/api/v1/search?limit=100&q="+q("الشفافية")))
		if base.Total == 0 || len(base.Data) == 0 {
			t.Fatal("the demo has transparency commitments, nothing found")
		}
		for _, form := range []string{"والشفافية", "للشفافية", "الشَّفافيّة", "شفافية", "بالشفافية"} {
			a := searchAPI(t, get(t, ts, "/api/v1/search?limit=100&q="+q(form)))
			if !slices.Equal(keys(a), keys(base)) {
				t.Errorf("%s found %v, الشفافية found %v", form, keys(a), keys(base))
			}
		}
		marked := false
		for _, h := range base.Data {
			if h.URL == "" || h.Title == "" {
				t.Errorf("hit without title or url: %+v", h)
			}
			for _, f := range h.Snippet {
				marked = marked || f.Mark && strings.Contains(f.Text, "شفافي")
			}
		}
		if !marked {
			t.Error("no snippet marks the word found")
		}

		// The type filter, and the counts by type before it.
		only := searchAPI(t, get(t, ts, "/api/v1/search?type=commitment&q="+q("الشفافية")))
		if only.Total != base.ByType["commitment"] || only.Total == 0 {
			t.Errorf("type=commitment: total %d, by_type said %d", only.Total, base.ByType["commitment"])
		}
		for _, h := range only.Data {
			if h.Kind != "commitment" {
				t.Errorf("type=commitment gave a %s", h.Kind)
			}
		}
		// Latin and French.
		if a := searchAPI(t, get(t, ts, "/api/v1/search?q="+q("TRANSPARENCE"))); a.Total == 0 {
			t.Error("French, in capitals, finds nothing")
		}
		// Proposals are found in their author's language, with the
		// government's response.
		if a := searchAPI(t, get(t, ts, "/api/v1/search?type=proposal&q="+q("stationnement"))); a.Total != 1 || !strings.HasPrefix(a.Data[0].URL, "/proposals/") {
			t.Errorf("a French proposal: %+v", a)
		}
		if a := searchAPI(t, get(t, ts, "/api/v1/search?type=consultation&q="+q("مقترحات"))); a.Total == 0 {
			t.Error("no consultation found")
		}
		// Documents: those of a consultation, found with it.
		if a := searchAPI(t, get(t, ts, "/api/v1/search?type=document&q="+q("الجدول الزمني للإعداد المشترك"))); a.Total == 0 {
			t.Error("a consultation's document is not found")
		}
		if a := searchAPI(t, get(t, ts, "/api/v1/search?type=meeting&q="+q("Mid-term self-assessment"))); a.Total == 0 {
			t.Error("the forum meeting is not found")
		}
		// News and events, in French too.
		if a := searchAPI(t, get(t, ts, "/api/v1/search?type=event&q="+q("«جهات منفتحة وذكية»"))); a.Total == 0 {
			t.Error("the forum event is not found")
		}
		if a := searchAPI(t, get(t, ts, "/api/v1/search?type=news&q="+q("Partenariat gouvernement ouvert"))); a.Total == 0 {
			t.Error("the news post is not found in French")
		}
		// Pagination: pages of one do not repeat and reach the total.
		seen := map[string]bool{}
		next := "/api/v1/search?limit=1&q=" + q("الشفافية")
		for range base.Total + 1 {
			a := searchAPI(t, get(t, ts, next))
			for _, k := range keys(a) {
				if seen[k] {
					t.Errorf("%s twice", k)
				}
				seen[k] = true
			}
			if a.Next == nil {
				break
			}
			next = "/api/v1/search?limit=1&q=" + q("الشفافية") + "&cursor=" + *a.Next
		}
		if len(seen) != base.Total {
			t.Errorf("paged through %d of %d", len(seen), base.Total)
		}

		// The page.
		r := get(t, ts, "/search?q="+q("الشفافية"))
		if r.status != http.StatusOK || !strings.Contains(r.body, "<mark>") || !strings.Contains(r.body, `value="الشفافية"`) {
			t.Errorf("search page: %d %s", r.status, snippet(r.body))
		}
		if r := get(t, ts, "/search"); r.status != http.StatusOK || strings.Contains(r.body, `role="alert"`) {
			t.Errorf("the empty search page: %d", r.status)
		}
		if r := get(t, ts, "/search?q="+q("كلمةلاوجودلها")); r.status != http.StatusOK || !strings.Contains(r.body, `class="notice nothing-found"`) {
			t.Errorf("nothing found: %d %s", r.status, snippet(r.body))
		}

		// Bad queries: a clear message, the text kept, never a 500.
		long := strings.Repeat("ب", 501)
		for _, c := range []struct {
			raw    string
			status int
			key    string
		}{
			{"", 422, "اكتبوا كلمة"},
			{"   ", 422, "اكتبوا كلمة"},
			{"!!! ؟؟", 422, "اكتبوا كلمة"},
			{"في من على", 422, "شائعة جداً"},
			{"-الشفافية", 422, "استبعاده"},
			{long, 422, "طويل جداً"},
			{`"الحكومة المنفتحة`, 200, ""},
			{"الشفافية\x00\x01\x7f", 400, "رموز غير مقبولة"}, // control characters: refused before the search reads them
			{`" " ' ; -- DROP TABLE search_docs; *`, 200, ""},
			{"NEAR(a b) OR c:d ^e", 200, ""},
		} {
			r := get(t, ts, "/search?q="+q(c.raw))
			if r.status != c.status || c.key != "" && !strings.Contains(r.body, c.key) {
				t.Errorf("q=%q: status %d, want %d with %q: %s", c.raw, r.status, c.status, c.key, snippet(r.body))
			}
			if c.raw != "" && c.status == 422 && !strings.Contains(r.body, `value="`+html(c.raw)+`"`) {
				t.Errorf("q=%q: the query typed is not kept in the box", c.raw)
			}
			api := get(t, ts, "/api/v1/search?q="+q(c.raw))
			want := http.StatusOK
			if c.status != 200 {
				want = http.StatusBadRequest
			}
			if api.status != want || want != 200 && api.header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("API q=%q: %d %s %s", c.raw, api.status, api.header.Get("Content-Type"), snippet(api.body))
			}
		}
		// Rebuilding the index gives what the writes gave.
		if _, err := server.Reindex(t.Context(), d); err != nil {
			t.Fatal(err)
		}
		if again := searchAPI(t, get(t, ts, "/api/v1/search?limit=100&q="+q("الشفافية"))); !slices.Equal(keys(again), keys(base)) {
			t.Errorf("after reindex %v, before %v", keys(again), keys(base))
		}
		// And the ranking statistics are those of the rebuilt index.
		var docs, terms, statDocs, statTerms int64
		if err := d.R().QueryRowContext(t.Context(), `SELECT COUNT(*), COALESCE(SUM(length), 0),
			(SELECT COALESCE(SUM(docs), 0) FROM search_stats), (SELECT COALESCE(SUM(terms), 0) FROM search_stats)
			FROM search_docs`).Scan(&docs, &terms, &statDocs, &statTerms); err != nil {
			t.Fatal(err)
		}
		if docs == 0 || terms == 0 || statDocs != docs || statTerms != terms {
			t.Errorf("after reindex: statistics %d documents %d terms, index %d and %d", statDocs, statTerms, docs, terms)
		}
		for _, bad := range []string{"type=nope", "plan=x", "organisation=-1", "from=2020-13-01", "from=2022-01-01&to=2021-01-01", "page=0"} {
			if r := get(t, ts, "/search?q=x&"+bad); r.status != http.StatusBadRequest || !strings.Contains(r.body, `role="alert"`) {
				t.Errorf("%s: %d", bad, r.status)
			}
			if r := get(t, ts, "/api/v1/search?q=x&"+bad); r.status != http.StatusBadRequest {
				t.Errorf("API %s: %d", bad, r.status)
			}
		}
	})
}

func html(s string) string {
	r := strings.NewReplacer("&", "&amp;", "<", "&lt;", ">", "&gt;", `"`, "&#34;", "'", "&#39;")
	return r.Replace(s)
}

// TestSearchFindsOnlyWhatIsPublic: a draft consultation and a post
// scheduled for later are not found; once published they are.
func TestSearchFindsOnlyWhatIsPublic(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ts := demoServer(t, d)
		ctx := t.Context()
		s, err := site.BySlug(ctx, d.R(), demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		count := func(word string) int {
			t.Helper()
			return searchAPI(t, get(t, ts, "/api/v1/search?q="+url.QueryEscape(word))).Total
		}
		now := time.Now().UTC()
		c := &consult.Consultation{SiteID: s.ID, Title: i18n.Text{i18n.AR: "استشارة سرية حول القنطرة"},
			Description: i18n.Text{i18n.AR: "مسودة لم تنشر بعد"}, Kinds: []consult.Kind{consult.General},
			OpensAt: db.Timestamp{Time: now}, ClosesAt: db.Timestamp{Time: now.AddDate(0, 1, 0)}}
		p := &news.Post{SiteID: s.ID, Slug: "later", Title: i18n.Text{i18n.AR: "خبر مبرمج عن الزربية"},
			Body: i18n.Text{i18n.AR: "نص الخبر"}, PublishedAt: db.Timestamp{Time: now.Add(time.Hour)}}
		err = d.InTx(ctx, func(tx *db.Tx) error {
			if err := consult.CreateConsultation(ctx, tx, c); err != nil {
				return err
			}
			return news.Create(ctx, tx, p)
		})
		if err != nil {
			t.Fatal(err)
		}
		if n := count("القنطرة"); n != 0 {
			t.Errorf("a draft consultation is found (%d)", n)
		}
		if n := count("الزربية"); n != 0 {
			t.Errorf("a post scheduled for later is found (%d)", n)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return consult.SetPublished(ctx, tx, s.ID, c.ID, now) }); err != nil {
			t.Fatal(err)
		}
		if err := news.IndexDue(ctx, d, now.Add(2*time.Hour)); err != nil {
			t.Fatal(err)
		}
		if n := count("القنطرة"); n != 1 {
			t.Errorf("the published consultation: found %d", n)
		}
		if n := count("الزربية"); n != 1 {
			t.Errorf("the post whose time has come: found %d", n)
		}
	})
}
