package notify_test

import (
	"context"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/notify"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestUnsubscribeLinkActsOnlyOnPost: opening the unsubscribe link (as a
// mail scanner does, however often, in any language) changes nothing; its
// page explains the button and is neither cached nor sent as a Referer.
// The one-click POST (RFC 8058) turns notifications off without a session,
// and may come again; another site's page cannot post it from a browser.
func TestUnsubscribeLinkActsOnlyOnPost(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		e := newEnv(t, d)
		follower := e.signIn(auth.Citizen)
		editor := e.signIn(auth.Editor, e.lead)
		e.do(follower, "POST", "/follow", url.Values{"target": {e.target()}})
		e.postUpdate(editor, "تحديث")
		e.deliver()
		ms := e.mails(follower.Email)
		if len(ms) != 1 {
			t.Fatalf("%d emails", len(ms))
		}
		u, err := url.Parse(strings.Trim(ms[0].Headers["List-Unsubscribe"], "<>"))
		if err != nil || !strings.HasPrefix(u.Path, "/unsubscribe/") {
			t.Fatalf("List-Unsubscribe %q", ms[0].Headers["List-Unsubscribe"])
		}
		frequency := func() notify.Frequency {
			t.Helper()
			f, err := notify.FrequencyOf(ctx, d.R(), follower.ID)
			if err != nil {
				t.Fatal(err)
			}
			return f
		}
		send := func(method, path string, form url.Values, header map[string]string) (int, http.Header, string) {
			t.Helper()
			var body io.Reader
			if form != nil {
				body = strings.NewReader(form.Encode())
			}
			req, _ := http.NewRequest(method, e.ts.URL+path, body)
			if form != nil {
				req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			}
			for k, v := range header {
				req.Header.Set(k, v)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, res.Header, string(b)
		}
		headers := func(what string, h http.Header) {
			t.Helper()
			if cc := h.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
				t.Errorf("%s: Cache-Control %q", what, cc)
			}
			if rp := h.Get("Referrer-Policy"); rp != "no-referrer" {
				t.Errorf("%s: Referrer-Policy %q", what, rp)
			}
		}

		for _, c := range []struct{ lang, want string }{{"ar", "إيقاف"}, {"fr", "Arrêter les courriels de notification"}, {"en", "Stop notification emails"}} {
			status, h, body := send("GET", u.Path+"?lang="+c.lang, nil, map[string]string{"User-Agent": "Mail-Scanner/1.0"})
			if status != http.StatusOK || !strings.Contains(body, `<form method="post" action="`+u.Path+`"`) || !strings.Contains(body, c.want) {
				t.Errorf("GET (%s): %d\n%s", c.lang, status, body)
			}
			headers("link page", h)
		}
		if f := frequency(); f != notify.Instant {
			t.Fatalf("opening the link set the frequency to %s", f)
		}
		status, h, _ := send("GET", "/unsubscribe/u_nonsense?lang=en", nil, nil)
		if status != http.StatusNotFound {
			t.Errorf("unknown token: %d", status)
		}
		headers("unknown token", h)

		if status, _, _ := send("POST", u.Path, url.Values{"List-Unsubscribe": {"One-Click"}},
			map[string]string{"Origin": "https://evil.example", "Sec-Fetch-Site": "cross-site"}); status != http.StatusForbidden || frequency() != notify.Instant {
			t.Errorf("cross-site POST: %d, frequency %s", status, frequency())
		}
		for range 2 { // a mail provider may post twice
			if status, h, _ := send("POST", u.Path, url.Values{"List-Unsubscribe": {"One-Click"}}, nil); status != http.StatusOK {
				t.Fatalf("one-click POST: %d", status)
			} else {
				headers("unsubscribed", h)
			}
		}
		if f := frequency(); f != notify.Never {
			t.Errorf("after the POST the frequency is %s", f)
		}
	})
}
