package account_test

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"testing"

	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestLoginLanding: without a next page, editors, moderators and
// administrators land on the administration after signing in, everyone
// else on their account; a next page of this site wins for everyone, and
// one elsewhere is ignored for the landing page.
func TestLoginLanding(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newOrgEnv(t, d)
		for _, tt := range []struct {
			role auth.Role
			want string
		}{
			{auth.Citizen, "/account"}, {auth.Member, "/account"},
			{auth.Editor, "/admin"}, {auth.Moderator, "/admin"}, {auth.Admin, "/admin"},
		} {
			for _, next := range []struct{ given, want string }{
				{"", tt.want},
				{"/plans?status=delayed", "/plans?status=delayed"},
				{"//evil.example/x", tt.want},
				{"https://evil.example/", tt.want},
			} {
				u, pw := accounttest.NewUser(t, d, e.SiteID, tt.role)
				c := client(t)
				path := "/login"
				if next.given != "" {
					path += "?next=" + url.QueryEscape(next.given)
				}
				form := url.Values{"email": {u.Email}, "password": {pw}}
				if next.given != "" {
					form.Set("next", next.given)
				}
				res, err := c.PostForm(e.TS.URL+path, form)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != next.want {
					t.Errorf("%s signing in with next=%q: %d to %q, want 303 to %q", tt.role, next.given, res.StatusCode, res.Header.Get("Location"), next.want)
				}
				// Signed in, the sign-in page sends them to the same place.
				res, err = c.Get(e.TS.URL + path)
				if err != nil {
					t.Fatal(err)
				}
				res.Body.Close()
				if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != next.want {
					t.Errorf("%s on GET %s when signed in: %d to %q, want 303 to %q", tt.role, path, res.StatusCode, res.Header.Get("Location"), next.want)
				}
				if next.want == "/admin" {
					// And the administration lets them in.
					res, err := c.Get(e.TS.URL + "/admin")
					if err != nil {
						t.Fatal(err)
					}
					res.Body.Close()
					if res.StatusCode != http.StatusOK {
						t.Errorf("%s: GET /admin = %d", tt.role, res.StatusCode)
					}
				}
			}
		}
	})
}

// client keeps cookies and does not follow redirects.
func client(t *testing.T) *http.Client {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}
