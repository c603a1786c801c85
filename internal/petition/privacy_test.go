package petition_test

import (
	"net/http"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server/servertest"
)

var hrefRE = regexp.MustCompile(`(?:href|action|src)="(/[^"#]*)"`)

// TestPrivacy stores signatures with known CINs, emails and names
// (confirmed, pending, refused as a duplicate), then fetches every public
// page it can reach from the home page and the petitions' pages, feeds
// and API answers in each language, the ledger's download among them, and
// fails if one holds a CIN (as typed or normalized), an email or a
// signer's name. A search for a number echoes only what was typed, so the
// searches here use part of one.
func TestPrivacy(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		id := e.published("عريضة حول المساحات الخضراء")
		page := "/petitions/" + strconv.FormatInt(id, 10)
		e.signAndConfirm(id, "Zineb Secretname", "zx 778899", "zineb.secret@example.org", 0)
		e.signAndConfirm(id, "Omar Hiddenname", "Q4455667", "omar.hidden@example.net", 2)
		v := e.Visitor(servertest.BrowserUA)
		if a := e.PostForm(v, page+"/sign", e.signForm("Pending Unconfirmed", "PX123123", "pending.person@example.com", 1)); a.Status != http.StatusSeeOther {
			t.Fatalf("pending: %d", a.Status)
		}
		e.PostForm(v, page+"/sign", e.signForm("Dup Attempt", "ZX778899", "dup.attempt@example.com", 1))
		// A verifier's export: the ledger then has its entry.
		if a := e.PostForm(e.SignIn(auth.Admin), "/admin/petitions/"+strconv.FormatInt(id, 10)+"/export", nil); a.Status != http.StatusOK {
			t.Fatalf("export: %d", a.Status)
		}
		secrets := []string{"zx 778899", "ZX778899", "zx778899", "Q4455667", "PX123123", "zineb.secret", "omar.hidden", "pending.person",
			"dup.attempt", "Secretname", "Hiddenname", "Pending Unconfirmed", "Dup Attempt"}

		seeds := []string{"/", "/petitions", page, "/api/v1/petitions", "/api/v1/petitions/" + strconv.FormatInt(id, 10),
			"/feeds/petitions.atom", "/sitemap.xml", "/audit", "/audit/download", "/api/v1/audit", "/data",
			"/search?q=Zineb", "/search?q=778899", "/api/v1/search?q=Zineb", "/api/v1/search?q=778899", "/api/v1/openapi.json"}
		seen := map[string]bool{}
		people := []*servertest.Person{v, e.SignIn(auth.Citizen)} // a visitor, and a signed-in citizen who signed nothing
		fetched := 0
		for _, lang := range []string{"ar", "fr", "en"} {
			queue := append([]string(nil), seeds...)
			for len(queue) > 0 && fetched < 600 {
				path := queue[0]
				queue = queue[1:]
				sep := "?"
				if strings.Contains(path, "?") {
					sep = "&"
				}
				full := path + sep + "lang=" + lang
				if seen[full] || strings.HasPrefix(path, "/static/") || strings.HasPrefix(path, "/logout") {
					continue
				}
				seen[full] = true
				for _, p := range people {
					a := e.Get(p, full)
					fetched++
					for _, s := range secrets {
						if strings.Contains(strings.ToLower(a.Body), strings.ToLower(s)) {
							t.Errorf("GET %s shows %q", full, s)
						}
					}
					for _, m := range hrefRE.FindAllStringSubmatch(a.Body, -1) {
						link := strings.ReplaceAll(m[1], "&amp;", "&")
						if i := strings.Index(link, "lang="); i > 0 {
							link = strings.TrimRight(link[:i-1], "?&")
						}
						if link != "" && !seen[link] {
							queue = append(queue, link)
						}
					}
				}
			}
		}
		if fetched < 60 {
			t.Errorf("only %d answers fetched: the crawl proves little", fetched)
		}
	})
}
