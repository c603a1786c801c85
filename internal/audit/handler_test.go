package audit_test

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/server"
)

// ledgerFixture serves a site with four entries and another site with one.
type ledgerFixture struct {
	ts              *httptest.Server
	d               *db.DB
	siteID, otherID int64
	entries         []audit.Entry // the main site's, oldest first
}

func newLedgerFixture(t *testing.T, d *db.DB) *ledgerFixture {
	t.Helper()
	fx := &ledgerFixture{d: d, siteID: newSite(t, d, "main")}
	fx.otherID = newSite(t, d, "other")
	org := int64(5)
	b, a := audit.Diff(map[string]any{"status": "in_progress", "progress": 40, "ref": "C1"},
		map[string]any{"status": "completed", "progress": 100, "ref": "C1"})
	for _, c := range []audit.Change{
		{ActorID: 1, ActorName: "أمينة الإدريسي", Action: audit.ActionCreate, Entity: "commitment", EntityID: 10,
			Summary: "إنشاء الالتزام C1", After: map[string]any{"ref": "C1", "title": i18n.Text{i18n.AR: "التزام"}}},
		{ActorID: 1, ActorName: "أمينة الإدريسي", Action: audit.ActionUpdate, Entity: "commitment", EntityID: 10,
			Summary: "C1 <completed>", Before: b, After: a},
		{ActorID: 3, Action: audit.ActionUpdate, Entity: "organisation", EntityID: org, Summary: "organisation verified",
			Before: map[string]any{"verified": false}, After: map[string]any{"verified": true}},
		{Action: audit.ActionCreate, Entity: "milestone", EntityID: 30, CommitmentID: &[]int64{10}[0], Summary: "imported milestone"},
	} {
		record(t, d, fx.siteID, c)
	}
	record(t, d, fx.otherID, audit.Change{ActorName: "Other", Action: audit.ActionCreate, Entity: "plan", EntityID: 99,
		Summary: "other site's entry"})
	fx.entries = entries(t, d, fx.siteID)
	srv, err := server.New(context.Background(), d, server.Options{DataDir: t.TempDir()})
	if err != nil {
		t.Fatal(err)
	}
	fx.ts = httptest.NewServer(srv.Handler())
	t.Cleanup(fx.ts.Close)
	return fx
}

type answer struct {
	status int
	header http.Header
	body   string
}

func (fx *ledgerFixture) get(t *testing.T, path string, header ...string) answer {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, fx.ts.URL+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	for i := 0; i+1 < len(header); i += 2 {
		if header[i] == "Host" {
			req.Host = header[i+1]
		} else {
			req.Header.Set(header[i], header[i+1])
		}
	}
	res, err := fx.ts.Client().Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return answer{status: res.StatusCode, header: res.Header, body: string(body)}
}

func TestLedgerPage(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		fx := newLedgerFixture(t, d)
		es := fx.entries
		cat := i18n.MustLoad()
		loc, err := time.LoadLocation("Africa/Casablanca")
		if err != nil {
			t.Fatal(err)
		}

		t.Run("ar", func(t *testing.T) {
			r := fx.get(t, "/audit")
			if r.status != 200 || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
				t.Fatalf("GET /audit: %d %s", r.status, r.header.Get("Content-Type"))
			}
			for _, want := range []string{
				`<html lang="ar" dir="rtl">`, "سجل التغييرات العمومي", "أمينة الإدريسي", "إنشاء الالتزام C1",
				"C1 &lt;completed&gt;", // escaped
				"مستخدم محذوف",         // actor 3 has no name any more
				"النظام",               // no actor at all
				`href="/commitments/10"`, `href="/organisations/5"`, `href="/audit/download"`,
				"<details>", "<summary>", "في طور الإنجاز", "منجز", "تفاصيل التغيير: حقلان",
				// The sentence of each entry, field names and values for people.
				"تعديل الالتزام \u2068#10\u2069", "إنشاء الالتزام \u2068C1\u2069", "تعديل هيئة رقم 5", "<caption>نسبة التقدم</caption>",
				"<caption>الحالة</caption>", ">40%<", ">100%<",
				es[1].Hash, es[1].PrevHash, `title="` + es[1].Hash + `"`, es[1].Hash[:12] + "…",
				cat.Printer(i18n.AR).DateTime(es[0].At.In(loc)),
				`datetime="` + es[0].At.UTC().Format(time.RFC3339) + `"`,
				"التزام رقم 10", "إنشاء", "تعديل",
			} {
				if !strings.Contains(r.body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
			// Newest first; nothing from the other site; no inline style or script.
			order := []int{}
			for _, e := range es {
				order = append(order, strings.Index(r.body, `id="entry-`+strconv.FormatInt(e.Seq, 10)+`"`))
			}
			if !(order[3] >= 0 && order[3] < order[2] && order[2] < order[1] && order[1] < order[0]) {
				t.Errorf("entries not newest first: positions %v", order)
			}
			for _, bad := range []string{"other site's entry", "style=", "<script"} {
				if strings.Contains(r.body, bad) {
					t.Errorf("page has %q", bad)
				}
			}
		})

		t.Run("fr", func(t *testing.T) {
			r := fx.get(t, "/audit?lang=fr")
			for _, want := range []string{`<html lang="fr" dir="ltr">`, "Registre public des modifications",
				"utilisateur supprimé", "le système", "engagement n°\u00a010", "Modification", "Détail de la modification : 2 champs",
				cat.Printer(i18n.FR).DateTime(es[0].At.In(loc))} {
				if !strings.Contains(r.body, want) {
					t.Errorf("page lacks %q", want)
				}
			}
		})

		t.Run("filters", func(t *testing.T) {
			for _, c := range []struct {
				query string
				seqs  []int64
			}{
				{"?commitment=10", []int64{1, 2, 4}},
				{"?organisation=5", []int64{3}},
				{"?commitment=10&organisation=5", nil},
				{"?commitment=999999", nil},
				{"?commitment=&organisation=", []int64{1, 2, 3, 4}}, // the empty form
			} {
				r := fx.get(t, "/audit"+c.query)
				if r.status != 200 {
					t.Errorf("%s: %d", c.query, r.status)
					continue
				}
				var got []int64
				for _, m := range regexp.MustCompile(`id="entry-(\d+)"`).FindAllStringSubmatch(r.body, -1) {
					n, _ := strconv.ParseInt(m[1], 10, 64)
					got = append(got, n)
				}
				slices.Sort(got)
				if !slices.Equal(got, c.seqs) {
					t.Errorf("%s: entries %v, want %v", c.query, got, c.seqs)
				}
				if c.seqs == nil && !strings.Contains(r.body, "لا توجد أي قيود في السجل.") {
					t.Errorf("%s: no empty-ledger message", c.query)
				}
			}
			r := fx.get(t, "/audit?commitment=10")
			if !strings.Contains(r.body, `value="10"`) || !strings.Contains(r.body, "تُعرض فقط القيود المتعلقة بالالتزام رقم 10.") {
				t.Error("the commitment filter is not shown")
			}
		})

		t.Run("bad filters", func(t *testing.T) {
			for _, q := range []string{"?commitment=abc", "?commitment=0", "?commitment=-1", "?commitment=1.5",
				"?commitment=1&commitment=2", "?organisation=x", "?organisation=99999999999999999999",
				"?cursor=%21%21", "?limit=0"} {
				r := fx.get(t, "/audit"+q)
				if r.status != http.StatusBadRequest || !strings.HasPrefix(r.header.Get("Content-Type"), "text/html") {
					t.Errorf("%s: %d %s, want 400 html", q, r.status, r.header.Get("Content-Type"))
				}
			}
			r := fx.get(t, "/audit?commitment=abc")
			if !strings.Contains(r.body, "رقم الالتزام المستعمل في التصفية غير صالح") {
				t.Error("ar: no localized message")
			}
			r = fx.get(t, "/audit?organisation=x&lang=fr")
			if !strings.Contains(r.body, "Le numéro d’organisation du filtre n’est pas valide") {
				t.Error("fr: no localized message")
			}
		})

		t.Run("pages", func(t *testing.T) {
			var seen []string
			next := "/audit?limit=3&commitment=10"
			for range 5 {
				r := fx.get(t, next)
				for _, m := range regexp.MustCompile(`id="entry-(\d+)"`).FindAllStringSubmatch(r.body, -1) {
					seen = append(seen, m[1])
				}
				m := regexp.MustCompile(`rel="next" href="([^"]+)"`).FindStringSubmatch(r.body)
				if m == nil {
					next = ""
					break
				}
				next = strings.ReplaceAll(m[1], "&amp;", "&")
				if !strings.Contains(next, "commitment=10") {
					t.Errorf("next link %q drops the filter", next)
				}
			}
			if next != "" || !slices.Equal(seen, []string{"4", "2", "1"}) {
				t.Errorf("pages gave %v (next %q), want [4 2 1]", seen, next)
			}
			r := fx.get(t, "/audit?limit=3&commitment=10&cursor="+web.EncodeCursor(4))
			if !strings.Contains(r.body, `href="/audit?commitment=10&amp;limit=3"`) {
				t.Error("a later page has no link back to the newest entries")
			}
		})

		t.Run("site scoping", func(t *testing.T) {
			r := fx.get(t, "/audit", "Host", "other.test")
			if !strings.Contains(r.body, "other site&#39;s entry") || strings.Contains(r.body, "أمينة") {
				t.Error("the other site's ledger is not its own")
			}
		})
	})
}

func TestLedgerAPI(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		fx := newLedgerFixture(t, d)
		type list struct {
			Data []map[string]any `json:"data"`
			Next *string          `json:"next"`
		}
		decode := func(t *testing.T, r answer, v any) {
			t.Helper()
			if r.status != 200 || r.header.Get("Content-Type") != "application/json" {
				t.Fatalf("%d %s: %s", r.status, r.header.Get("Content-Type"), r.body)
			}
			if err := json.Unmarshal([]byte(r.body), v); err != nil {
				t.Fatal(err)
			}
		}

		var seqs []float64
		next := "/api/v1/audit?limit=3"
		for pages := 0; next != ""; pages++ {
			if pages > 3 {
				t.Fatal("pagination does not end")
			}
			var l list
			decode(t, fx.get(t, next), &l)
			for _, e := range l.Data {
				seqs = append(seqs, e["seq"].(float64))
			}
			next = ""
			if l.Next != nil {
				next = "/api/v1/audit?limit=3&cursor=" + *l.Next
			}
		}
		if !slices.Equal(seqs, []float64{4, 3, 2, 1}) {
			t.Errorf("pages gave seqs %v, want [4 3 2 1]", seqs)
		}

		var l list
		decode(t, fx.get(t, "/api/v1/audit?commitment=10&limit=2"), &l)
		if len(l.Data) != 2 || l.Next == nil || l.Data[0]["seq"].(float64) != 4 {
			t.Errorf("?commitment=10&limit=2: %v next %v", l.Data, l.Next)
		}
		decode(t, fx.get(t, "/api/v1/audit?organisation=5"), &l)
		if len(l.Data) != 1 || l.Next != nil {
			t.Fatalf("?organisation=5: %v next %v", l.Data, l.Next)
		}
		e := l.Data[0]
		if e["entity"] != "organisation" || e["actor_name"] != "" || e["actor_id"] != 3.0 || e["organisation_id"] != 5.0 ||
			e["commitment_id"] != nil || e["hash"] != fx.entries[2].Hash || e["prev_hash"] != fx.entries[1].Hash ||
			e["at"] != fx.entries[2].At.UTC().Format(audit.TimeLayout) {
			t.Errorf("entry: %v", e)
		}
		if b, ok := e["before"].(map[string]any); !ok || b["verified"] != false {
			t.Errorf("before: %v", e["before"])
		}

		var one struct {
			Data map[string]any `json:"data"`
		}
		id := strconv.FormatInt(fx.entries[1].ID, 10)
		decode(t, fx.get(t, "/api/v1/audit/"+id), &one)
		if one.Data["seq"] != 2.0 || one.Data["summary"] != "C1 <completed>" || one.Data["after"].(map[string]any)["status"] != "completed" {
			t.Errorf("GET /api/v1/audit/%s: %v", id, one.Data)
		}

		for _, u := range []string{"/api/v1/audit/999999", "/api/v1/audit/abc", "/api/v1/audit/0", "/api/v1/audit/" + id + "/x"} {
			if r := fx.get(t, u); r.status != 404 || r.header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s: %d %s", u, r.status, r.header.Get("Content-Type"))
			}
		}
		// Another site's entry is not found here.
		if r := fx.get(t, "/api/v1/audit/"+id, "Host", "other.test"); r.status != 404 {
			t.Errorf("other site: %d", r.status)
		}
		for _, u := range []string{"/api/v1/audit?commitment=x", "/api/v1/audit?organisation=0", "/api/v1/audit?cursor=!!",
			"/api/v1/audit?limit=101"} {
			if r := fx.get(t, u); r.status != 400 || r.header.Get("Content-Type") != "application/problem+json" {
				t.Errorf("%s: %d %s", u, r.status, r.header.Get("Content-Type"))
			}
		}
	})
}

func TestLedgerDownload(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		fx := newLedgerFixture(t, d)
		r := fx.get(t, "/audit/download", "Accept-Encoding", "identity")
		if r.status != 200 || r.header.Get("Content-Type") != "application/x-ndjson" ||
			!strings.HasPrefix(r.header.Get("Content-Disposition"), "attachment") {
			t.Fatalf("%d %s %s", r.status, r.header.Get("Content-Type"), r.header.Get("Content-Disposition"))
		}
		sc := bufio.NewScanner(bytes.NewReader([]byte(r.body)))
		prev, n := audit.ZeroHash, int64(0)
		for sc.Scan() {
			n++
			dec := json.NewDecoder(bytes.NewReader(sc.Bytes()))
			dec.DisallowUnknownFields()
			var l audit.DownloadLine
			if err := dec.Decode(&l); err != nil {
				t.Fatalf("line %d: %v: %s", n, err, sc.Text())
			}
			e, err := l.Entry()
			if err != nil {
				t.Fatal(err)
			}
			if l.Seq != n || l.SiteID != fx.siteID || l.PrevHash != prev || e.ComputeHash() != l.Hash {
				t.Errorf("line %d: seq %d site %d prev %s hash %s, recomputed %s", n, l.Seq, l.SiteID, l.PrevHash, l.Hash, e.ComputeHash())
			}
			prev = l.Hash
		}
		if n != 4 {
			t.Errorf("%d lines, want 4", n)
		}
		// Every line carries every hashed field, nulls included.
		var first map[string]any
		if err := json.Unmarshal([]byte(strings.SplitN(r.body, "\n", 2)[0]), &first); err != nil {
			t.Fatal(err)
		}
		for _, k := range []string{"id", "site_id", "seq", "at", "actor_id", "actor_name", "action", "entity", "entity_id",
			"commitment_id", "organisation_id", "summary", "before_data", "after_data", "prev_hash", "hash"} {
			if _, ok := first[k]; !ok {
				t.Errorf("line 1 has no %q", k)
			}
		}

		// An altered row shows in the download too.
		exec(t, d, `UPDATE audit_entries SET summary = 'x' WHERE seq = 2 AND site_id = ?`, fx.siteID)
		// (A new URL: the page cache cannot know of a write made behind the
		// server's back.)
		r = fx.get(t, "/audit/download?again")
		var l audit.DownloadLine
		if err := json.Unmarshal([]byte(strings.Split(r.body, "\n")[1]), &l); err != nil {
			t.Fatal(err)
		}
		if e, _ := l.Entry(); e.ComputeHash() == l.Hash {
			t.Error("the altered entry still verifies")
		}
	})
}
