// Package auth knows who is making a request and what they may do: the
// signed-in user in the request context, roles and their order, permission
// checks for handlers, and password hashing. Sessions and sign-in pages live
// in the account feature, which puts the user here.
package auth

import (
	"context"
	"net/http"
	"net/url"
	"slices"

	"github.com/infitah/infitah/internal/platform/web"
)

// Role is what a person may do on a site. Each role includes the ones
// before it in Roles.
type Role string

const (
	Citizen   Role = "citizen"   // signs in, follows, comments, proposes
	Member    Role = "member"    // a verified member of an organisation
	Editor    Role = "editor"    // manages the commitments of their organisations
	Moderator Role = "moderator" // moderates contributions
	Admin     Role = "admin"     // manages the site, its plans, people and settings
)

// Roles lists the roles from the least to the most trusted.
var Roles = []Role{Citizen, Member, Editor, Moderator, Admin}

// Rank orders roles; an unknown role ranks below every known one.
func (r Role) Rank() int { return slices.Index(Roles, r) }

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return r.Rank() >= 0 }

// SessionCookie names the session cookie. A request carrying it is private:
// caches never keep its answer.
const SessionCookie = "infitah_session"

// User is the signed-in person (or the owner of an API token).
type User struct {
	ID       int64
	SiteID   int64
	Name     string
	Email    string // private: never shown publicly nor exported
	Role     Role
	Verified bool     // the email address is confirmed
	OrgIDs   []int64  // organisations the user is an active member of
	Scopes   []string // set when the request used an API token: what it may do
}

// AtLeast reports whether u holds role r or a higher one; nil holds none.
func (u *User) AtLeast(r Role) bool { return u != nil && u.Role.Rank() >= r.Rank() && r.Valid() }

// MemberOf reports whether u is an active member of the organisation.
func (u *User) MemberOf(orgID int64) bool { return u != nil && slices.Contains(u.OrgIDs, orgID) }

// HasScope reports whether a token request may use scope; a session (no
// token) may use every scope its role allows.
func (u *User) HasScope(scope string) bool {
	return u != nil && (u.Scopes == nil || slices.Contains(u.Scopes, scope))
}

type userKey struct{}

// WithUser returns ctx carrying u.
func WithUser(ctx context.Context, u *User) context.Context {
	return context.WithValue(ctx, userKey{}, u)
}

// UserFrom returns the request's user, or nil for an anonymous visitor. It
// notes that the answer being made depends on who asks, so that no page
// cache shares it (web.NoteIdentityAsked).
func UserFrom(ctx context.Context) *User {
	web.NoteIdentityAsked(ctx)
	return LayoutUser(ctx)
}

// LayoutUser returns the request's user without noting it: only for the
// layout's account navigation, which the page cache swaps for each reader.
func LayoutUser(ctx context.Context) *User {
	u, _ := ctx.Value(userKey{}).(*User)
	return u
}

// Require wraps h so that only users holding role min reach it: an anonymous
// visitor is sent to the login page (401 problem on the API), a user with a
// lower role gets 403.
func Require(min Role, errs *web.Errors, h http.HandlerFunc) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		u := UserFrom(r.Context())
		switch {
		case u == nil:
			if web.IsAPI(r) {
				errs.Unauthorized(w, r)
				return
			}
			http.Redirect(w, r, "/login?next="+url.QueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		case !u.AtLeast(min):
			errs.Forbidden(w, r)
		default:
			h(w, r)
		}
	}
}
