package server_test

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/comment"
	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/site"
)

// privacyExtraURLs are fetched besides the crawl, the API and the exports. A
// feature whose public pages are not linked from the home page or a
// commitment page, or that shows people's contributions, adds them here.
var privacyExtraURLs = []string{
	"/audit",
	"/audit/download",
	"/threads/guestbook/1",
	"/api/v1/comments",
	"/organisations",
}

// maxPrivacyPages bounds the crawl.
const maxPrivacyPages = 1500

// TestNoEmailIsPublished stores comments by guests and registered people
// with known addresses (on commitments, news posts and events), event
// registrations by guests and registered people, has a moderator act (so the
// ledger names people), then fetches every public page reachable from / and
// from every commitment, article and event page, the news and event lists,
// the Atom and iCalendar feeds, the sitemap, every GET endpoint of the API
// document, the CSV exports, the consultation reports and the ledger
// download, as a visitor, and fails if any of those addresses appears.
func TestNoEmailIsPublished(t *testing.T) {
	d := dbtest.SQLite(t)
	ctx := context.Background()
	if _, err := demo.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	dataDir, now := t.TempDir(), time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC)
	srv, err := server.New(ctx, d, server.Options{DataDir: dataDir, Now: func() time.Time { return now }})
	if err != nil {
		t.Fatal(err)
	}
	// A kind open to guests, as news will be.
	err = srv.CommentKinds.Register(comment.Kind{Name: "guestbook", Guests: true, URL: func(int64) string { return "/threads/guestbook/1" },
		Lookup: func(ctx context.Context, siteID, id int64) (*comment.Subject, error) {
			if id != 1 {
				return nil, db.ErrNotFound
			}
			return &comment.Subject{Title: i18n.Text{i18n.AR: "خبر"}}, nil
		}})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	sites, err := site.All(ctx, d.R())
	if err != nil {
		t.Fatal(err)
	}
	siteID := sites[0].ID
	var commitments []int64
	rows, err := d.R().QueryContext(ctx, `SELECT id FROM commitments WHERE site_id = ? ORDER BY id`, siteID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		commitments = append(commitments, id)
	}
	rows.Close()
	var milestone int64
	if err := d.R().QueryRowContext(ctx, `SELECT id FROM milestones ORDER BY id LIMIT 1`).Scan(&milestone); err != nil {
		t.Fatal(err)
	}

	// Registered people comment, reply and vote; a moderator hides a comment
	// and blocks its author; guests comment (one confirmed, one pending).
	var emails []string
	person := func(role auth.Role) (*auth.User, *http.Client) {
		u, pw := accounttest.NewUser(t, d, siteID, role)
		emails = append(emails, u.Email)
		return u, accounttest.Login(t, ts.URL, u.Email, pw)
	}
	post := func(c *http.Client, path string, form url.Values) *http.Response {
		t.Helper()
		res, err := c.PostForm(ts.URL+path, form)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res
	}
	alice, ac := person(auth.Citizen)
	_, bc := person(auth.Citizen)
	_, mc := person(auth.Moderator)
	target := "commitment:" + itoa(commitments[0])
	post(ac, "/comments", url.Values{"target": {target}, "body": {"A citizen's view, reach me at " + alice.Email}})
	post(bc, "/comments", url.Values{"target": {target}, "body": {"Another view"}})
	post(bc, "/comments", url.Values{"target": {"milestone:" + itoa(milestone)}, "body": {"On a milestone"}})
	var first int64
	if err := d.R().QueryRowContext(ctx, `SELECT MIN(id) FROM comments`).Scan(&first); err != nil {
		t.Fatal(err)
	}
	post(bc, "/comments", url.Values{"target": {target}, "parent": {itoa(first)}, "body": {"A reply"}})
	post(bc, "/comments/"+itoa(first)+"/vote", url.Values{"value": {"up"}})
	post(mc, "/admin/moderation/comments/"+itoa(first), url.Values{"action": {"hide"}})
	post(mc, "/admin/moderation/users/"+itoa(alice.ID), url.Values{"action": {"block"}})
	guests := []string{"guest.one@example.ma", "guest.two@example.ma", "guest.three@example.ma"}
	emails = append(emails, guests...)
	anon := &http.Client{}
	post(anon, "/comments", url.Values{"target": {"guestbook:1"}, "body": {"A guest's word"}, "name": {"Guest One"}, "email": {guests[0]}})
	post(anon, "/comments", url.Values{"target": {"guestbook:1"}, "body": {"Pending"}, "name": {"Guest Two"}, "email": {guests[1]}})
	// Confirmed guest comments, on the guestbook and on a commitment.
	err = d.InTx(ctx, func(tx *db.Tx) error {
		if _, err := tx.ExecContext(ctx, `UPDATE comments SET status = 'visible' WHERE guest_email = ?`, guests[0]); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO comments (site_id, target_kind, target_id, guest_name, guest_email, body, body_html, created_at)
			VALUES (?, 'commitment', ?, 'Guest Three', ?, 'Hello', '<p>Hello</p>', ?)`, siteID, commitments[0], guests[2], db.Timestamp{Time: tx.Now()})
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	// Guests comment on news posts and register for an event; a signed-in
	// person comments on and registers for it (privacy_newsevents_test.go).
	newsEmails, newsSeeds := privacyNewsEvents(t, d, srv, ts.URL, dataDir, siteID, now, bc)
	emails = append(emails, newsEmails...)
	var n int
	if err := d.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM comments`).Scan(&n); err != nil || n < 7 {
		t.Fatalf("%d comments stored (%v): the set-up failed", n, err)
	}

	// What to fetch: the crawl's seeds, the API's GET paths, the exports.
	seeds := []string{"/"}
	for _, id := range commitments {
		seeds = append(seeds, "/commitments/"+itoa(id))
	}
	seeds = append(seeds, privacyExtraURLs...)
	seeds = append(seeds, newsSeeds...)
	seeds = append(seeds, apiPaths(t, map[string]string{
		"/api/v1/commitments/": itoa(commitments[0]),
		"/plans/":              "plan-2021-2023",
	})...)
	seeds = append(seeds, "/api/v1/comments?target="+target, "/api/v1/comments?target=guestbook:1",
		"/plans/plan-2021-2023/commitments.csv", "/plans/plan-2021-2023/milestones.csv")

	client := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	seen := map[string]bool{}
	queue := append([]string(nil), seeds...)
	fetched := 0
	for len(queue) > 0 && fetched < maxPrivacyPages {
		path := queue[0]
		queue = queue[1:]
		if seen[path] {
			continue
		}
		seen[path] = true
		res, err := client.Get(ts.URL + path)
		if err != nil {
			t.Fatalf("GET %s: %v", path, err)
		}
		b, _ := io.ReadAll(res.Body)
		res.Body.Close()
		fetched++
		body := strings.ToLower(string(b))
		for _, e := range emails {
			if strings.Contains(body, strings.ToLower(e)) {
				t.Errorf("GET %s (%d) shows the address %s", path, res.StatusCode, e)
			}
		}
		if strings.Contains(body, "guest_email") {
			t.Errorf("GET %s names the guest_email column", path)
		}
		if !strings.HasPrefix(res.Header.Get("Content-Type"), "text/html") {
			continue
		}
		for _, link := range crawlLinks(string(b)) {
			if !seen[link] {
				queue = append(queue, link)
			}
		}
	}
	if fetched < 30 {
		t.Errorf("only %d pages fetched: the crawl is broken", fetched)
	}
	t.Logf("%d pages and documents fetched, %d addresses checked", fetched, len(emails))
}

var hrefRE = regexp.MustCompile(`href="([^"#]*)`)

// crawlLinks returns the page's links to public pages of the site: same
// origin, not the static assets, the administration, sign-in or sign-out,
// nor the same page in another language.
func crawlLinks(page string) []string {
	var out []string
	for _, m := range hrefRE.FindAllStringSubmatch(page, -1) {
		raw := strings.ReplaceAll(m[1], "&amp;", "&")
		u, err := url.Parse(raw)
		if err != nil || u.Scheme != "" || u.Host != "" || !strings.HasPrefix(u.Path, "/") || strings.HasPrefix(u.Path, "//") {
			continue
		}
		p := u.Path
		if strings.HasPrefix(p, "/static/") || strings.HasPrefix(p, "/admin") || strings.HasPrefix(p, "/login") ||
			strings.HasPrefix(p, "/logout") || strings.HasPrefix(p, "/files/") || u.Query().Has("lang") {
			continue
		}
		if u.RawQuery != "" {
			p += "?" + u.RawQuery
		}
		out = append(out, p)
	}
	return out
}

// apiPaths lists the GET paths of the API document, path parameters filled
// from samples by prefix ("1" when none fits).
func apiPaths(t *testing.T, samples map[string]string) []string {
	t.Helper()
	raw, err := os.ReadFile("openapi.json")
	if err != nil {
		t.Fatal(err)
	}
	var doc struct {
		Paths map[string]map[string]any `json:"paths"`
	}
	if err := json.Unmarshal(raw, &doc); err != nil {
		t.Fatal(err)
	}
	param := regexp.MustCompile(`\{\w+\}`)
	var out []string
	for p, item := range doc.Paths {
		if _, ok := item["get"]; !ok {
			continue
		}
		out = append(out, param.ReplaceAllStringFunc(p, func(string) string {
			for prefix, v := range samples {
				if strings.HasPrefix(p, prefix) {
					return v
				}
			}
			return "1"
		}))
	}
	if len(out) < 5 {
		t.Fatalf("only %d GET paths in openapi.json", len(out))
	}
	return out
}
