package site_test

import (
	"context"
	"html/template"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
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

func TestParsePublicURL(t *testing.T) {
	ok := map[string]string{
		"":                                "",
		"https://region.example.ma":       "https://region.example.ma",
		"https://Region.Example.MA/":      "https://region.example.ma",
		" http://localhost:8080 ":         "http://localhost:8080",
		"http://127.0.0.1:18080":          "http://127.0.0.1:18080",
		"https://[2001:db8::1]:8443":      "https://[2001:db8::1]:8443",
		"https://xn--mgbh0fb.example.ma/": "https://xn--mgbh0fb.example.ma",
	}
	for in, want := range ok {
		if got, err := site.ParsePublicURL(in); err != nil || got != want {
			t.Errorf("ParsePublicURL(%q) = %q, %v; want %q", in, got, err, want)
		}
	}
	for _, bad := range []string{
		"region.example.ma", "//region.example.ma", "ftp://region.example.ma", "javascript:alert(1)",
		"https://", "https:///path", "https://user:pw@region.example.ma", "https://region.example.ma/portal",
		"https://region.example.ma?x=1", "https://region.example.ma/#top", "https://region.example.ma#", "https://region.example.ma?",
		"https://region example.ma", "https://region.example.ma\\evil", "https://evil.example\r\nX: y", "https://region.example.ma:",
		"https://region.example.ma:0", "https://region.example.ma:123456", "https://.example.ma", "https://region..example.ma",
		"https://région.example.ma", "https://" + strings.Repeat("a", 250) + ".ma",
	} {
		if got, err := site.ParsePublicURL(bad); err == nil {
			t.Errorf("ParsePublicURL(%q) = %q, want an error", bad, got)
		}
	}
}

// TestPublicURL checks where each site's links point: its own public URL,
// else the base URL for the default site, else its host name over https,
// else the local fallback.
func TestPublicURL(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		for _, s := range []*site.Site{{Slug: "first"}, {Slug: "hosted", Host: "Commune.Example.ma"},
			{Slug: "own", Host: "province.example.ma", PublicURL: "http://province.example.ma:8081"}, {Slug: "bare"}} {
			if err := d.InTx(ctx, func(tx *db.Tx) error { return site.Upsert(ctx, tx, s) }); err != nil {
				t.Fatal(err)
			}
		}
		sites, err := site.All(ctx, d.R())
		if err != nil || len(sites) != 4 {
			t.Fatalf("sites %v, %v", sites, err)
		}
		for _, c := range []struct {
			origins site.Origins
			want    [4]string
			set     bool
		}{
			{site.Origins{Base: "https://region.example.ma", Local: "http://localhost:9000"},
				[4]string{"https://region.example.ma", "https://commune.example.ma", "http://province.example.ma:8081", "http://localhost:9000"}, true},
			{site.Origins{Local: "http://localhost:9000"},
				[4]string{"http://localhost:9000", "https://commune.example.ma", "http://province.example.ma:8081", "http://localhost:9000"}, false},
			{site.Origins{},
				[4]string{site.DefaultLocalURL, "https://commune.example.ma", "http://province.example.ma:8081", site.DefaultLocalURL}, false},
		} {
			r, err := site.NewResolver(ctx, d, c.origins)
			if err != nil {
				t.Fatal(err)
			}
			for i, s := range sites {
				if got := r.PublicURL(s.ID); got != c.want[i] {
					t.Errorf("%+v: site %s links to %q, want %q", c.origins, s.Slug, got, c.want[i])
				}
			}
			if got := r.PublicURL(-1); got != c.want[3] {
				t.Errorf("an unknown site links to %q, want %q", got, c.want[3])
			}
			if r.Configured() != c.set {
				t.Errorf("%+v: Configured() = %v", c.origins, !c.set)
			}
		}
	})
}

// TestSettingsPublicURL sets the site's public URL in the settings form: a
// bad one is refused with the form kept, a good one is normalized, recorded
// in the ledger and used at once for the links of the site.
func TestSettingsPublicURL(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		srv, err := server.New(ctx, d, server.Options{DataDir: t.TempDir(), BaseURL: "https://base.example.ma"})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		t.Cleanup(ts.Close)
		sites, err := site.All(ctx, d.R())
		if err != nil {
			t.Fatal(err)
		}
		u, pw := accounttest.NewUser(t, d, sites[0].ID, auth.Admin)
		admin := accounttest.Login(t, ts.URL, u.Email, pw)
		admin.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
		post := func(v url.Values) (int, string) {
			t.Helper()
			res, err := admin.PostForm(ts.URL+"/admin/settings?lang=fr", v)
			if err != nil {
				t.Fatal(err)
			}
			defer res.Body.Close()
			b, _ := io.ReadAll(res.Body)
			return res.StatusCode, string(b)
		}
		form := url.Values{"name_ar": {"الجهة"}, "timezone": {"Africa/Casablanca"}, "public_url": {"https://evil.example/phish?x"}}
		status, body := post(form)
		if status != http.StatusUnprocessableEntity || !strings.Contains(body, template.HTMLEscapeString(i18n.MustLoad().Printer(i18n.FR).T("siteadmin.error.public_url"))) ||
			!strings.Contains(body, `value="https://evil.example/phish?x"`) {
			t.Fatalf("a bad public URL: %d", status)
		}
		if got := srv.Sites.PublicURL(sites[0].ID); got != "https://base.example.ma" {
			t.Fatalf("before saving, the links go to %q", got)
		}
		form.Set("public_url", "HTTPS://Region.Example.MA/")
		if status, _ := post(form); status != http.StatusSeeOther {
			t.Fatalf("saving the public URL: %d", status)
		}
		s, err := site.ByID(ctx, d.R(), sites[0].ID)
		if err != nil || s.PublicURL != "https://region.example.ma" {
			t.Fatalf("stored public URL %q, %v", s.PublicURL, err)
		}
		if got := srv.Sites.PublicURL(sites[0].ID); got != "https://region.example.ma" {
			t.Errorf("after saving, the links go to %q", got)
		}
		var after string
		if err := d.R().QueryRowContext(ctx, `SELECT after_data FROM audit_entries WHERE entity = 'site' ORDER BY seq DESC LIMIT 1`).Scan(&after); err != nil ||
			!strings.Contains(after, `"public_url":"https://region.example.ma"`) {
			t.Errorf("ledger entry %s (%v)", after, err)
		}
	})
}
