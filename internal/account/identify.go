package account

import (
	"errors"
	"net/http"
	"strings"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// Middleware loads the session and puts the signed-in person into the
// request's context (auth.WithUser). API requests may instead carry
// "Authorization: Bearer <personal access token>"; a token that is unknown
// or revoked is answered 401 at once, so an integration never silently acts
// as an anonymous visitor. It must run inside the site middleware and
// outside the page cache.
func (a *Accounts) Middleware(next http.Handler) http.Handler {
	return a.Sessions.Middleware(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if h := r.Header.Get("Authorization"); h != "" && web.IsAPI(r) {
			a.bearer(w, r, h, next)
			return
		}
		if id := a.Sessions.UserID(r); id != 0 {
			u, err := a.sessionUser(r, id)
			if err != nil {
				a.Errors.Error(w, r, err)
				return
			}
			if u != nil {
				r = r.WithContext(auth.WithUser(r.Context(), u))
			}
		}
		next.ServeHTTP(w, r)
	}))
}

// sessionUser loads the user a session names; nil (anonymous) when the
// account is gone or deleted.
func (a *Accounts) sessionUser(r *http.Request, id int64) (*auth.User, error) {
	ctx := r.Context()
	u, err := UserByID(ctx, a.DB.R(), web.SiteOf(ctx).ID, id)
	if errors.Is(err, db.ErrNotFound) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	if u.Deleted() {
		return nil, nil
	}
	orgs, err := ActiveOrgIDs(ctx, a.DB.R(), u.ID)
	if err != nil {
		return nil, err
	}
	return u.AuthUser(orgs), nil
}

func (a *Accounts) bearer(w http.ResponseWriter, r *http.Request, header string, next http.Handler) {
	scheme, token, ok := strings.Cut(header, " ")
	if !ok || !strings.EqualFold(scheme, "Bearer") {
		w.Header().Set("WWW-Authenticate", `Bearer realm="api"`)
		a.Errors.Unauthorized(w, r)
		return
	}
	u, err := UserForToken(r.Context(), a.DB, web.SiteOf(r.Context()).ID, strings.TrimSpace(token), a.now())
	if errors.Is(err, db.ErrNotFound) {
		w.Header().Set("WWW-Authenticate", `Bearer realm="api", error="invalid_token"`)
		a.Errors.Unauthorized(w, r)
		return
	}
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	next.ServeHTTP(w, r.WithContext(auth.WithUser(r.Context(), u)))
}
