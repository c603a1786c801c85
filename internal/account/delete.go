package account

import (
	"cmp"
	"context"
	"fmt"
	"net/http"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// unusableHash can never match a password: auth.Hasher.Check matches
// nothing to what is not an argon2id hash.
const unusableHash = "!deleted"

// DeleteUser anonymises an account in tx: the row stays, so contributions
// keep their author ("deleted user"), but the name is emptied, the address
// replaced by a unique placeholder, the password made unusable, and the
// person's tokens removed. Sessions are removed separately (Sessions).
func DeleteUser(ctx context.Context, tx *db.Tx, siteID, id int64) error {
	placeholder := fmt.Sprintf("deleted-%d@invalid", id)
	if err := setUser(ctx, tx, siteID, id, `name = '', email = ?, password_hash = ?, email_verified_at = NULL,
		role = 'citizen', deleted_at = ?`,
		placeholder, unusableHash, db.Timestamp{Time: tx.Now()}); err != nil {
		return err
	}
	for _, q := range []string{`DELETE FROM user_tokens WHERE user_id = ?`, `DELETE FROM api_tokens WHERE user_id = ?`} {
		if _, err := tx.ExecContext(ctx, q, id); err != nil {
			return err
		}
	}
	return nil
}

func (a *Accounts) deleteAccount(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(w, r)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	pw := f.Values.Get("password")
	f.Values.Del("password")
	ctx := r.Context()
	me := auth.UserFrom(ctx)
	siteID := web.SiteOf(ctx).ID
	u, err := UserByID(ctx, a.DB.R(), siteID, me.ID)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	status, err := a.confirmPassword(w, r, f, u, pw)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	if !f.Valid() {
		a.invalid(w, r, cmp.Or(status, http.StatusUnprocessableEntity), func(p *ProfilePage) { p.Delete = f })
		return
	}
	if err := a.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := DeleteUser(ctx, tx, siteID, me.ID); err != nil {
			return err
		}
		return a.recordOfficial(ctx, tx, me, "delete", "user", me.ID, "Account deleted", nil, nil)
	}); err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	if err := a.Sessions.DeleteUserSessions(ctx, me.ID); err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	if err := a.Sessions.SignOut(r); err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	a.notice(w, r, http.StatusOK, Notice{Title: "account.delete.done.title", Body: "account.delete.done.body",
		Link: "/", LinkText: "account.nav.home"})
}
