// Package accounttest makes people and signs them in, for the tests of any
// feature that needs a signed-in user.
package accounttest

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"io"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// NewUser creates a verified user of the site with the role, directly in the database, and returns it with its password.
// orgIDs become active memberships.
func NewUser(t testing.TB, d *db.DB, siteID int64, role auth.Role, orgIDs ...int64) (*auth.User, string) {
	t.Helper()
	ctx := context.Background()
	pw := "pw-" + randomHex(8) // 19 characters
	hash, err := auth.HashPassword(pw)
	if err != nil {
		t.Fatalf("accounttest: hash: %v", err)
	}
	suffix := randomHex(4)
	u := &account.UserRecord{SiteID: siteID, Email: "user-" + suffix + "@example.org", Name: "Test " + string(role) + " " + suffix,
		PasswordHash: hash, Role: role, Locale: i18n.Default}
	err = d.InTx(ctx, func(tx *db.Tx) error {
		u.VerifiedAt = db.Timestamp{Time: tx.Now()}
		if err := account.CreateUser(ctx, tx, u); err != nil {
			return err
		}
		for _, org := range orgIDs {
			if _, err := tx.ExecContext(ctx, `INSERT INTO memberships (user_id, organisation_id, status, created_at, decided_at)
				VALUES (?, ?, 'active', ?, ?)`, u.ID, org, db.Timestamp{Time: tx.Now()}, db.Timestamp{Time: tx.Now()}); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("accounttest: create %s user: %v", role, err)
	}
	return u.AuthUser(append([]int64(nil), orgIDs...)), pw
}

// Login signs the user in over HTTP (GET /login then POST /login with email and password, following the redirect) and
// returns a client with a cookie jar holding the session; it fails the test if sign-in fails.
func Login(t testing.TB, baseURL, email, password string) *http.Client {
	t.Helper()
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	c := &http.Client{Jar: jar}
	res, err := c.Get(baseURL + "/login")
	if err != nil {
		t.Fatalf("accounttest: GET /login: %v", err)
	}
	drain(res)
	if res.StatusCode != http.StatusOK {
		t.Fatalf("accounttest: GET /login: status %d", res.StatusCode)
	}
	res, err = c.PostForm(baseURL+"/login", url.Values{"email": {email}, "password": {password}})
	if err != nil {
		t.Fatalf("accounttest: POST /login: %v", err)
	}
	body := drain(res)
	if res.StatusCode != http.StatusOK || res.Request.URL.Path == "/login" {
		t.Fatalf("accounttest: sign-in of %s failed: status %d at %s\n%s", email, res.StatusCode, res.Request.URL, excerpt(body))
	}
	u, _ := url.Parse(baseURL)
	for _, ck := range jar.Cookies(u) {
		if ck.Name == auth.SessionCookie {
			return c
		}
	}
	t.Fatalf("accounttest: sign-in of %s left no session cookie", email)
	return nil
}

func drain(res *http.Response) string {
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return string(b)
}

func excerpt(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if len(s) > 2000 {
		s = s[:2000]
	}
	return s
}

func randomHex(n int) string {
	b := make([]byte, n)
	_, _ = rand.Read(b)
	return hex.EncodeToString(b)
}
