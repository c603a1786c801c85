package account

import (
	"net/http"
	"strconv"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// TokensPage lists a person's API tokens and the form to make one.
type TokensPage struct {
	inputs
	Tokens []APIToken
	Form   *web.Form
	Scopes []string
	New    string // the plain text of a token just made: shown this once
	Flash  string
}

func (a *Accounts) tokensPage(r *http.Request, f *web.Form) (*TokensPage, error) {
	list, err := TokensOf(r.Context(), a.DB.R(), auth.UserFrom(r.Context()).ID)
	if err != nil {
		return nil, err
	}
	if f == nil {
		f = web.NewForm(nil)
	}
	return &TokensPage{Tokens: list, Form: f, Scopes: APIScopes}, nil
}

func (a *Accounts) tokens(w http.ResponseWriter, r *http.Request) {
	page, err := a.tokensPage(r, nil)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	page.Flash = a.popFlash(r)
	a.render(w, r, http.StatusOK, "account_tokens", page)
}

func (a *Accounts) createToken(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(w, r)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	name := f.Get("name")
	f.Required("name")
	if utf8.RuneCountInString(name) > MaxTokenNameLen {
		f.Fail("name", "account.tokens.name_too_long")
	}
	scopes := ValidScopes(f.Values["scope"])
	if len(scopes) == 0 {
		f.Fail("scope", "account.tokens.no_scope")
	}
	if !f.Valid() {
		page, err := a.tokensPage(r, f)
		if err != nil {
			a.Errors.Error(w, r, err)
			return
		}
		a.render(w, r, http.StatusUnprocessableEntity, "account_tokens", page)
		return
	}
	ctx := r.Context()
	me := auth.UserFrom(ctx)
	var plain string
	err = a.DB.InTx(ctx, func(tx *db.Tx) error {
		id, p, err := createToken(ctx, tx, me.ID, name, scopes)
		if err != nil {
			return err
		}
		plain = p
		return audit.Record(ctx, tx, web.SiteOf(ctx).ID, audit.Change{ActorID: me.ID, ActorName: me.Name, Action: "create",
			Entity: "api_token", EntityID: id, Summary: "API token created",
			After: map[string]any{"name": name, "scopes": scopes}})
	})
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	page, err := a.tokensPage(r, nil)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	page.New = plain
	a.render(w, r, http.StatusOK, "account_tokens", page)
}

func (a *Accounts) revokeToken(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		a.Errors.NotFound(w, r)
		return
	}
	ctx := r.Context()
	me := auth.UserFrom(ctx)
	err = a.DB.InTx(ctx, func(tx *db.Tx) error {
		var name string
		if err := tx.QueryRowContext(ctx, `SELECT name FROM api_tokens WHERE id = ? AND user_id = ?`, id, me.ID).Scan(&name); err != nil {
			return db.NotFound(err)
		}
		if err := RevokeToken(ctx, tx, me.ID, id); err != nil {
			return err
		}
		return audit.Record(ctx, tx, web.SiteOf(ctx).ID, audit.Change{ActorID: me.ID, ActorName: me.Name, Action: "delete",
			Entity: "api_token", EntityID: id, Summary: "API token revoked", Before: map[string]any{"name": name}})
	})
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	a.flash(r, "account.tokens.revoked")
	http.Redirect(w, r, "/account/tokens", http.StatusSeeOther)
}
