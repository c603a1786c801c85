package accounttest_test

import (
	"context"
	"encoding/json"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// newOrg adds an organisation to the site for membership tests.
func newOrg(t *testing.T, d *db.DB, siteID int64, slug string) int64 {
	t.Helper()
	var id int64
	err := d.InTx(context.Background(), func(tx *db.Tx) error {
		return tx.QueryRowContext(context.Background(), `INSERT INTO organisations (site_id, slug, kind, name, created_at, updated_at)
			VALUES (?, ?, 'association', ?, ?, ?) RETURNING id`, siteID, slug, `{"ar":"جمعية","fr":"Association"}`,
			db.Timestamp{Time: tx.Now()}, db.Timestamp{Time: tx.Now()}).Scan(&id)
	})
	if err != nil {
		t.Fatal(err)
	}
	return id
}

func TestExportHoldsOwnDataOnly(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		org := newOrg(t, d, e.siteID, "assoc")
		u, pw := accounttest.NewUser(t, d, e.siteID, auth.Editor, org)
		other, opw := accounttest.NewUser(t, d, e.siteID, auth.Editor, org)
		c := accounttest.Login(t, e.ts.URL, u.Email, pw)
		oc := accounttest.Login(t, e.ts.URL, other.Email, opw)
		e.post(c, "/account/tokens", url.Values{"name": {"my-sync"}, "scope": {"plans:write"}})
		e.post(oc, "/account/tokens", url.Values{"name": {"their-sync"}, "scope": {"plans:write"}})

		res, err := c.Get(e.ts.URL + "/account/export.json")
		if err != nil {
			t.Fatal(err)
		}
		p := read(t, res)
		wantStatus(t, "export", p, 200)
		if !strings.Contains(p.header.Get("Cache-Control"), "no-store") || !strings.HasPrefix(p.header.Get("Content-Type"), "application/json") {
			t.Errorf("export headers: %v", p.header)
		}
		var got account.Export
		if err := json.Unmarshal([]byte(p.body), &got); err != nil {
			t.Fatal(err)
		}
		if got.Profile.Email != u.Email || got.Profile.Name != u.Name || len(got.Memberships) != 1 ||
			got.Memberships[0].OrganisationID != org || len(got.APITokens) != 1 || got.APITokens[0].Name != "my-sync" {
			t.Errorf("export: %s", p.body)
		}
		if len(got.AuditEntries) != 1 || got.AuditEntries[0].Entity != "api_token" {
			t.Errorf("export audit entries: %+v", got.AuditEntries)
		}
		// Every feature's section is there, even for someone who did nothing there.
		for _, name := range []string{"comments", "consultations", "event_registrations", "notifications"} {
			if _, ok := got.Activity[name]; !ok {
				t.Errorf("the export has no %q section: %s", name, p.body)
			}
		}
		for _, leak := range []string{other.Email, other.Name, "their-sync", "argon2id", "ift_"} {
			if strings.Contains(p.body, leak) {
				t.Errorf("the export holds %q", leak)
			}
		}
		if p := e.get(e.client(), "/account/export.json"); p.url.Path != "/login" {
			t.Error("a visitor can download an export")
		}
	})
}

func TestSessionSurvivesRestartAndRotates(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		u, pw := accounttest.NewUser(t, d, e.siteID, auth.Citizen)
		c := e.client()
		// A token planted before sign-in (fixation) must not survive it.
		planted := "planted-token-value"
		base, _ := url.Parse(e.ts.URL)
		c.Jar.SetCookies(base, []*http.Cookie{{Name: auth.SessionCookie, Value: planted, Path: "/"}})
		res, err := c.PostForm(e.ts.URL+"/login", url.Values{"email": {u.Email}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		read(t, res)
		first := e.sessionCookie(c)
		if first == "" || first == planted {
			t.Fatalf("session id after sign-in: %q", first)
		}
		var sc *http.Cookie
		for _, raw := range res.Request.Response.Header.Values("Set-Cookie") {
			if ck, err := http.ParseSetCookie(raw); err == nil && ck.Name == auth.SessionCookie {
				sc = ck
			}
		}
		if sc == nil || !sc.HttpOnly || sc.SameSite != http.SameSiteLaxMode || sc.Secure {
			t.Errorf("session cookie flags (plain HTTP): %+v", sc)
		}
		// Signing in again gives a new id.
		res, err = c.PostForm(e.ts.URL+"/login", url.Values{"email": {u.Email}, "password": {pw}})
		if err != nil {
			t.Fatal(err)
		}
		read(t, res)
		if second := e.sessionCookie(c); second == first || second == "" {
			t.Error("the session id did not change at sign-in")
		}
		var n int
		_ = d.R().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM sessions WHERE token = ?`, first).Scan(&n)
		if n != 0 {
			t.Error("the old session is still stored")
		}

		// A second server on the same database knows the session.
		second := e.serve()
		jar := c.Jar
		b2, _ := url.Parse(second.URL)
		jar.SetCookies(b2, []*http.Cookie{{Name: auth.SessionCookie, Value: e.sessionCookie(c), Path: "/"}})
		res, err = c.Get(second.URL + "/account")
		if err != nil {
			t.Fatal(err)
		}
		p := read(t, res)
		if p.status != 200 || p.url.Path != "/account" || !strings.Contains(p.body, u.Email) {
			t.Errorf("the other server does not know the session: %d %s", p.status, p.url)
		}
	})
}

func TestSecureCookieOverTLS(t *testing.T) {
	d := dbtest.SQLite(t)
	e := newEnv(t, d)
	u, pw := accounttest.NewUser(t, d, e.siteID, auth.Citizen)
	ts := httptest.NewTLSServer(e.ts.Config.Handler)
	defer ts.Close()
	c := ts.Client()
	c.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	res, err := c.PostForm(ts.URL+"/login", url.Values{"email": {u.Email}, "password": {pw}})
	if err != nil {
		t.Fatal(err)
	}
	read(t, res)
	ok := false
	for _, ck := range res.Cookies() {
		if ck.Name == auth.SessionCookie {
			ok = ck.Secure && ck.HttpOnly
		}
	}
	if res.StatusCode != http.StatusSeeOther || !ok {
		t.Errorf("over TLS: status %d, cookies %v", res.StatusCode, res.Header.Values("Set-Cookie"))
	}
}

func TestPersonalAccessTokens(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		citizen, cpw := accounttest.NewUser(t, d, e.siteID, auth.Citizen)
		if p := e.get(accounttest.Login(t, e.ts.URL, citizen.Email, cpw), "/account/tokens"); p.status != 403 {
			t.Errorf("a citizen reached the tokens page: %d", p.status)
		}
		u, pw := accounttest.NewUser(t, d, e.siteID, auth.Editor)
		c := accounttest.Login(t, e.ts.URL, u.Email, pw)
		p := e.post(c, "/account/tokens", url.Values{"name": {""}})
		wantStatus(t, "token without name", p, 422)
		p = e.post(c, "/account/tokens", url.Values{"name": {"sync"}, "scope": {"plans:write", "bogus"}})
		wantStatus(t, "create token", p, 200)
		i := strings.Index(p.body, "ift_")
		if i < 0 {
			t.Fatal("the new token is not shown")
		}
		token := p.body[i : i+strings.IndexByte(p.body[i:], '<')]
		if p := e.get(c, "/account/tokens"); strings.Contains(p.body, token) {
			t.Error("the token is shown a second time")
		}
		list, err := account.TokensOf(context.Background(), d.R(), u.ID)
		if err != nil || len(list) != 1 || strings.Join(list[0].Scopes, ",") != "plans:write" {
			t.Fatalf("tokens: %+v %v", list, err)
		}

		// A protected API route sees the token's owner and scopes.
		api := protectedAPI(t, d, e.siteID)
		call := func(base, path, tok string) (int, string) {
			req, _ := http.NewRequest(http.MethodGet, base+path, nil)
			if tok != "" {
				req.Header.Set("Authorization", "Bearer "+tok)
			}
			res, err := http.DefaultClient.Do(req)
			if err != nil {
				t.Fatal(err)
			}
			p := read(t, res)
			return p.status, p.header.Get("Content-Type") + " " + p.body
		}
		if st, body := call(api.URL, "/api/v1/test/write", token); st != 200 || !strings.Contains(body, u.Name) {
			t.Errorf("valid token: %d %s", st, body)
		}
		if st, _ := call(api.URL, "/api/v1/test/write", ""); st != 401 {
			t.Errorf("no token: %d", st)
		}
		if st, _ := call(e.ts.URL, "/api/v1/plans", token); st != 200 {
			t.Errorf("valid token on the public API: %d", st)
		}
		var used db.Timestamp
		_ = d.R().QueryRowContext(context.Background(), `SELECT last_used_at FROM api_tokens WHERE id = ?`, list[0].ID).Scan(&used)
		if used.IsZero() {
			t.Error("last_used_at not set")
		}

		p = e.post(c, "/account/tokens/"+itoa(list[0].ID)+"/revoke", nil)
		wantStatus(t, "revoke", p, 200)
		for _, base := range []string{api.URL, e.ts.URL} {
			st, body := call(base, "/api/v1/plans", token)
			if st != 401 || !strings.HasPrefix(body, "application/problem+json") {
				t.Errorf("revoked token at %s: %d %s", base, st, body)
			}
		}
		if st, _ := call(e.ts.URL, "/api/v1/plans", "ift_made-up"); st != 401 {
			t.Errorf("made-up token: %d", st)
		}
		// Both changes are in the public ledger.
		rows, err := d.R().QueryContext(context.Background(), `SELECT action, actor_name, before_data, after_data FROM audit_entries
			WHERE site_id = ? AND entity = 'api_token' ORDER BY seq`, e.siteID)
		if err != nil {
			t.Fatal(err)
		}
		defer rows.Close()
		var actions []string
		for rows.Next() {
			var action, actor, before, after string
			if err := rows.Scan(&action, &actor, &before, &after); err != nil {
				t.Fatal(err)
			}
			if actor != u.Name || strings.Contains(before+after, "ift_") {
				t.Errorf("audit entry: %s %s %s %s", action, actor, before, after)
			}
			actions = append(actions, action)
		}
		if strings.Join(actions, ",") != "create,delete" {
			t.Errorf("audit actions %v", actions)
		}
		if _, broken, err := audit.Verify(context.Background(), d.R(), e.siteID); err != nil || broken != nil {
			t.Errorf("ledger: %v %+v", err, broken)
		}
	})
}

// protectedAPI serves a test-only write route behind the accounts
// middleware: editors with the plans:write scope only.
func protectedAPI(t *testing.T, d *db.DB, siteID int64) *httptest.Server {
	t.Helper()
	cat := i18n.MustLoad()
	errs := &web.Errors{Catalog: cat, Log: slog.New(slog.DiscardHandler)}
	acc := &account.Accounts{DB: d, Errors: errs, Catalog: cat, Sessions: account.NewSessions(&account.SessionStore{DB: d}, nil)}
	mux := http.NewServeMux()
	mux.HandleFunc("GET /api/v1/test/write", auth.Require(auth.Editor, errs, func(w http.ResponseWriter, r *http.Request) {
		u := auth.UserFrom(r.Context())
		if !u.HasScope("plans:write") {
			errs.Forbidden(w, r)
			return
		}
		_ = web.JSON(w, r, 200, map[string]any{"name": u.Name, "scopes": u.Scopes})
	}))
	mux.HandleFunc("GET /api/v1/plans", func(w http.ResponseWriter, r *http.Request) { _ = web.JSON(w, r, 200, map[string]any{}) })
	h := acc.Middleware(mux)
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		h.ServeHTTP(w, r.WithContext(web.WithSite(r.Context(), web.SiteInfo{ID: siteID})))
	}))
	t.Cleanup(ts.Close)
	return ts
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

func TestFormsKeepValuesAndExplain(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		c := e.client()
		p := e.post(c, "/signup?lang=fr", url.Values{"name": {""}, "email": {"amina@example.ma"}, "password": {"short"}})
		wantStatus(t, "bad sign-up", p, 422)
		for _, want := range []string{`value="amina@example.ma"`, `id="signup-name-error"`, `id="signup-password-error"`,
			`aria-describedby="signup-password-hint signup-password-error"`, "12 caractères", `aria-invalid="true"`} {
			if !strings.Contains(p.body, want) {
				t.Errorf("the sign-up form lacks %s", want)
			}
		}
		if strings.Contains(p.body, `value="short"`) {
			t.Error("the password was sent back")
		}
		p = e.post(c, "/login", url.Values{"email": {"someone@example.ma"}, "password": {"wrong"}})
		wantStatus(t, "bad login", p, 422)
		if !strings.Contains(p.body, `value="someone@example.ma"`) || !strings.Contains(p.body, `id="login-password-error"`) {
			t.Errorf("the login form lost the email or the message:\n%s", p.main())
		}
	})
}
