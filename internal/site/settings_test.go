package site_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/site"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

func TestValidTimezone(t *testing.T) {
	for name, want := range map[string]bool{
		"Africa/Casablanca": true, "UTC": true, "Europe/Paris": true,
		"": false, "Local": false, "Mars/Olympus": false, "../../etc/passwd": false, "africa/casablanca": false,
	} {
		if got := site.ValidTimezone(name); got != want {
			t.Errorf("ValidTimezone(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestSettings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		srv, err := server.New(ctx, d, server.Options{DataDir: t.TempDir()})
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
		noFollow := func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		client := func(role auth.Role) *http.Client {
			u, pw := accounttest.NewUser(t, d, siteID, role)
			return &http.Client{Jar: accounttest.Login(t, ts.URL, u.Email, pw).Jar, CheckRedirect: noFollow}
		}
		do := func(c *http.Client, method, path string, form url.Values) (int, string, string) {
			t.Helper()
			var res *http.Response
			var err error
			if method == http.MethodPost {
				res, err = c.PostForm(ts.URL+path, form)
			} else {
				res, err = c.Get(ts.URL + path)
			}
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, res.Header.Get("Location"), string(b)
		}
		msg := func(l i18n.Locale, key string) string {
			return i18n.MustLoad().Printer(l).T(key)
		}

		// Lower roles are refused, anonymous visitors sent to sign in.
		anon := &http.Client{CheckRedirect: noFollow}
		if status, loc, _ := do(anon, "GET", "/admin/settings", nil); status != 303 || loc != "/login?next=%2Fadmin%2Fsettings" {
			t.Errorf("anonymous: %d %q", status, loc)
		}
		if status, loc, _ := do(anon, "POST", "/admin/settings", url.Values{"name_ar": {"x"}, "timezone": {"UTC"}}); status != 303 || !strings.HasPrefix(loc, "/login?next=") {
			t.Errorf("anonymous post: %d %q", status, loc)
		}
		for _, role := range []auth.Role{auth.Citizen, auth.Member, auth.Editor, auth.Moderator} {
			c := client(role)
			for _, m := range []string{"GET", "POST"} {
				if status, _, _ := do(c, m, "/admin/settings", url.Values{"name_ar": {"x"}, "timezone": {"UTC"}}); status != 403 {
					t.Errorf("%s %s: %d, want 403", role, m, status)
				}
			}
		}

		admin := client(auth.Admin)
		status, _, body := do(admin, "GET", "/admin/settings", nil)
		if status != 200 || !strings.Contains(body, `value="Africa/Casablanca"`) || !strings.Contains(body, `name="name_fr"`) {
			t.Fatalf("settings page: %d\n%s", status, body)
		}

		// An unknown time zone: a localized message by the field, every value kept.
		form := url.Values{"name_ar": {"جهة طنجة تطوان الحسيمة"}, "name_fr": {"Région Tanger-Tétouan-Al Hoceïma"},
			"description_ar": {"بوابة الحكومة المنفتحة"}, "timezone": {"Mars/Olympus"}}
		status, _, body = do(admin, "POST", "/admin/settings?lang=fr", form)
		if status != 422 || !strings.Contains(body, msg(i18n.FR, "siteadmin.error.timezone")) || !strings.Contains(body, `value="Mars/Olympus"`) ||
			!strings.Contains(body, `value="Région Tanger-Tétouan-Al Hoceïma"`) || !strings.Contains(body, `aria-describedby="site-timezone-hint site-timezone-error"`) {
			t.Errorf("bad time zone: %d\n%s", status, body)
		}
		form.Set("name_ar", "")
		status, _, body = do(admin, "POST", "/admin/settings?lang=ar", form)
		if status != 422 || !strings.Contains(body, msg(i18n.AR, "form.required")) || !strings.Contains(body, msg(i18n.AR, "siteadmin.error.timezone")) {
			t.Errorf("no Arabic name: %d", status)
		}

		// Saved: the very next request shows the new name (the resolver reloaded).
		form.Set("name_ar", "جهة طنجة تطوان الحسيمة")
		form.Set("timezone", "Africa/Casablanca")
		if status, loc, body := do(admin, "POST", "/admin/settings", form); status != 303 || loc != "/admin/settings?done=saved" {
			t.Fatalf("save: %d %q\n%s", status, loc, body)
		}
		for _, c := range []*http.Client{anon, admin} {
			if _, _, body := do(c, "GET", "/?lang=fr", nil); !strings.Contains(body, "Région Tanger-Tétouan-Al Hoceïma") {
				t.Errorf("home page does not show the new name")
			}
		}
		if _, _, body := do(admin, "GET", "/admin/settings?done=saved&lang=ar", nil); !strings.Contains(body, msg(i18n.AR, "siteadmin.notice.settings")) {
			t.Error("no notice after saving")
		}
		form.Set("timezone", "Europe/Paris")
		do(admin, "POST", "/admin/settings", form)
		s, err := site.ByID(ctx, d.R(), siteID)
		if err != nil || s.Timezone != "Europe/Paris" || s.Description[i18n.AR] != "بوابة الحكومة المنفتحة" {
			t.Errorf("stored: %+v %v", s, err)
		}
		if got := srvLocation(t, srv, siteID); got != "Europe/Paris" {
			t.Errorf("resolver time zone %q", got)
		}

		// Both changes are in the ledger, only the changed fields.
		var n int
		if err := d.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM audit_entries WHERE entity = 'site' AND entity_id = ?`, siteID).Scan(&n); err != nil || n != 2 {
			t.Errorf("%d site entries (%v), want 2", n, err)
		}
		var before, after string
		err = d.R().QueryRowContext(ctx, `SELECT before_data, after_data FROM audit_entries WHERE entity = 'site' ORDER BY seq DESC LIMIT 1`).Scan(&before, &after)
		if err != nil || before != `{"timezone":"Africa/Casablanca"}` || after != `{"timezone":"Europe/Paris"}` {
			t.Errorf("last entry %s → %s (%v)", before, after, err)
		}
		// The number of reports that hides a comment: 1 to 100.
		for _, bad := range []string{"0", "101", "three"} {
			bad := url.Values{"name_ar": {"x"}, "timezone": {"UTC"}, "report_threshold": {bad}}
			if status, _, body := do(admin, "POST", "/admin/settings?lang=en", bad); status != 422 || !strings.Contains(body, msg(i18n.EN, "siteadmin.error.report_threshold")) {
				t.Errorf("report threshold %v: %d", bad, status)
			}
		}
		form.Set("report_threshold", "5")
		do(admin, "POST", "/admin/settings", form)
		if n, err := site.ReportThreshold(ctx, d.R(), siteID); n != 5 || err != nil {
			t.Errorf("report threshold %d, %v; want 5", n, err)
		}
	})
}

// srvLocation is the time zone the server's resolver now gives the site.
func srvLocation(t *testing.T, srv *server.Server, siteID int64) string {
	t.Helper()
	s, err := srv.Sites.ForHost("")
	if err != nil || s.ID != siteID {
		t.Fatalf("resolver: %v %v", s, err)
	}
	return s.Timezone
}
