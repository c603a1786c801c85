package server_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/server"
)

// privacyNewsEvents stores what people with known addresses leave on the
// news and events: guests' comments on news posts (confirmed through the
// emailed link, so they are published, and one left pending), a signed-in
// person's comment on an event, and registrations for an event by guests
// (one confirmed, one pending) and by a signed-in person. It returns the
// guests' addresses and the pages, feeds and documents of the news and
// events to fetch besides the crawl.
func privacyNewsEvents(t *testing.T, d *db.DB, srv *server.Server, base, dataDir string, siteID int64, now time.Time,
	signedIn *http.Client) (emails, seeds []string) {
	t.Helper()
	ctx := context.Background()
	rows, err := d.R().QueryContext(ctx, `SELECT id, slug FROM news_posts WHERE site_id = ? AND published_at IS NOT NULL
		AND published_at <= ? ORDER BY id`, siteID, db.Timestamp{Time: now})
	if err != nil {
		t.Fatal(err)
	}
	var posts []int64
	for rows.Next() {
		var id int64
		var slug string
		if err := rows.Scan(&id, &slug); err != nil {
			t.Fatal(err)
		}
		posts = append(posts, id)
		seeds = append(seeds, "/news/"+slug, "/news/posts/"+itoa(id), "/threads/news/"+itoa(id), "/api/v1/news/"+itoa(id),
			"/api/v1/comments?target=news:"+itoa(id))
	}
	rows.Close()
	tags, err := d.R().QueryContext(ctx, `SELECT DISTINCT t.tag FROM news_post_tags t JOIN news_posts p ON p.id = t.post_id
		WHERE p.site_id = ?`, siteID)
	if err != nil {
		t.Fatal(err)
	}
	for tags.Next() {
		var tag string
		if err := tags.Scan(&tag); err != nil {
			t.Fatal(err)
		}
		seeds = append(seeds, "/feeds/tags/"+url.PathEscape(tag)+".atom", "/news?tag="+url.QueryEscape(tag))
	}
	tags.Close()
	rows, err = d.R().QueryContext(ctx, `SELECT id FROM events WHERE site_id = ? ORDER BY id`, siteID)
	if err != nil {
		t.Fatal(err)
	}
	var events []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		events = append(events, id)
		e := "/events/" + itoa(id)
		seeds = append(seeds, e, e+".ics", "/threads/event/"+itoa(id), "/api/v1/events/"+itoa(id),
			"/api/v1/comments?target=event:"+itoa(id))
	}
	rows.Close()
	if len(posts) < 2 || len(events) == 0 {
		t.Fatalf("the demo has %d public posts and %d events", len(posts), len(events))
	}
	seeds = append(seeds, "/news", "/events", "/feeds/news.atom", "/feeds/events.ics", "/sitemap.xml")
	rows, err = d.R().QueryContext(ctx, `SELECT id FROM consultations WHERE site_id = ? ORDER BY id`, siteID)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			t.Fatal(err)
		}
		c := "/consultations/" + itoa(id)
		seeds = append(seeds, c+"/report", c+"/report.csv", c+"/report.json")
	}
	rows.Close()

	anon := &http.Client{CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
	post := func(c *http.Client, path string, form url.Values) int {
		t.Helper()
		res, err := c.PostForm(base+path, form)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode
	}
	mailed := func(to string, link *regexp.Regexp) string {
		t.Helper()
		if _, err := srv.DrainMail(ctx); err != nil {
			t.Fatal(err)
		}
		files, err := mail.Files(filepath.Join(dataDir, "mail"))
		if err != nil {
			t.Fatal(err)
		}
		for _, f := range files {
			m, err := mail.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if len(m.To) == 1 && strings.EqualFold(m.To[0], to) {
				if l := link.FindString(m.Text); l != "" {
					u, err := url.Parse(l)
					if err != nil {
						t.Fatal(err)
					}
					return u.RequestURI()
				}
			}
		}
		t.Fatalf("no link was mailed to %s", to)
		return ""
	}

	// Guests comment on news posts; two confirm through the link.
	confirmed := []string{"news.reader.one@example.ma", "news.reader.two@example.ma"}
	pending := "news.reader.pending@example.ma"
	emails = append(emails, confirmed...)
	emails = append(emails, pending)
	for i, e := range append(append([]string(nil), confirmed...), pending) {
		status := post(anon, "/comments", url.Values{"target": {"news:" + itoa(posts[i%2])}, "name": {"Reader " + itoa(int64(i))},
			"email": {e}, "body": {"A reader's word, number " + itoa(int64(i))}})
		if status != http.StatusOK {
			t.Fatalf("guest comment by %s: %d", e, status)
		}
	}
	for _, e := range confirmed {
		if status := post(anon, "/comments/confirm", url.Values{"token": {tokenOf(t, mailed(e, confirmRE))}}); status != http.StatusOK {
			t.Fatalf("confirming the comment of %s: %d", e, status)
		}
	}
	var shown int
	if err := d.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM comments WHERE target_kind = 'news' AND status = 'visible'
		AND guest_email <> ''`).Scan(&shown); err != nil || shown != len(confirmed) {
		t.Fatalf("%d guest comments published on the news (%v)", shown, err)
	}

	res, err := anon.Get(base + "/news/posts/" + itoa(posts[0]))
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if page, _ := fetchBody(t, base+res.Header.Get("Location")); !strings.Contains(page, "Reader 0") {
		t.Fatal("the confirmed guest comment is not on its article")
	}

	// A signed-in person comments on and registers for the open event.
	var open int64
	if err := d.R().QueryRowContext(ctx, `SELECT id FROM events WHERE site_id = ? AND registration = ? AND starts_at > ?
		ORDER BY id LIMIT 1`, siteID, true, db.Timestamp{Time: now}).Scan(&open); err != nil {
		t.Fatalf("no event open for registration: %v", err)
	}
	if status := post(signedIn, "/comments", url.Values{"target": {"event:" + itoa(open)}, "body": {"See you at the forum"}}); status != http.StatusOK {
		t.Fatalf("comment on the event: %d", status)
	}
	if status := post(signedIn, "/events/"+itoa(open)+"/register", url.Values{}); status != http.StatusOK {
		t.Fatalf("registration of a signed-in person: %d", status)
	}
	// Guests register; one confirms.
	regConfirmed, regPending := "forum.guest@example.ma", "forum.guest.pending@example.ma"
	emails = append(emails, regConfirmed, regPending)
	for _, e := range []string{regConfirmed, regPending} {
		if status := post(anon, "/events/"+itoa(open)+"/register", url.Values{"name": {"Forum Guest"}, "email": {e}}); status != http.StatusSeeOther {
			t.Fatalf("guest registration of %s: %d", e, status)
		}
	}
	link, err := url.Parse(mailed(regConfirmed, regexp.MustCompile(`https?://\S+/events/registrations/confirm\?token=\S+`)))
	if err != nil {
		t.Fatal(err)
	}
	if status := post(anon, "/events/registrations/confirm", url.Values{"token": {link.Query().Get("token")}}); status != http.StatusOK {
		t.Fatalf("confirming the registration: %d", status)
	}
	var regs int
	if err := d.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM event_registrations WHERE event_id = ? AND status = 'confirmed'`,
		open).Scan(&regs); err != nil || regs < 2 {
		t.Fatalf("%d confirmed registrations (%v)", regs, err)
	}
	return emails, seeds
}

// fetchBody GETs url as a visitor and returns the body and status.
func fetchBody(t *testing.T, url string) (string, int) {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	return string(b), res.StatusCode
}
