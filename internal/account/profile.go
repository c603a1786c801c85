package account

import (
	"cmp"
	"context"
	"net/http"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// ProfilePage is the account page: profile, change of email, deletion.
type ProfilePage struct {
	inputs
	User     *UserRecord
	Profile  *web.Form
	Email    *web.Form
	Delete   *web.Form
	Flash    string // a message key from the previous action
	Locales  []i18n.Locale
	CanToken bool // may use personal access tokens
	Notify   any  // the notification settings, for the "notify_prefs" partial; nil to hide them
}

func (a *Accounts) profilePage(r *http.Request) (*ProfilePage, error) {
	ctx := r.Context()
	me := auth.UserFrom(ctx)
	u, err := UserByID(ctx, a.DB.R(), web.SiteOf(ctx).ID, me.ID)
	if err != nil {
		return nil, err
	}
	profile := web.NewForm(nil)
	profile.Values.Set("name", u.Name)
	profile.Values.Set("locale", string(u.Locale))
	page := &ProfilePage{User: u, Profile: profile, Email: web.NewForm(nil), Delete: web.NewForm(nil),
		Locales: i18n.Locales, CanToken: me.AtLeast(auth.Editor)}
	if a.NotifyPrefs != nil {
		if page.Notify, err = a.NotifyPrefs(ctx, a.DB.R(), me.ID); err != nil {
			return nil, err
		}
	}
	return page, nil
}

func (a *Accounts) profile(w http.ResponseWriter, r *http.Request) {
	page, err := a.profilePage(r)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	page.Flash = a.popFlash(r)
	a.render(w, r, http.StatusOK, "account_profile", page)
}

// invalid re-renders the account page with one of its forms failed.
func (a *Accounts) invalid(w http.ResponseWriter, r *http.Request, status int, set func(*ProfilePage)) {
	page, err := a.profilePage(r)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	set(page)
	a.render(w, r, status, "account_profile", page)
}

func (a *Accounts) saveProfile(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(w, r)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	name := f.Get("name")
	f.Required("name")
	if utf8.RuneCountInString(name) > MaxPersonNameLen {
		f.Fail("name", "account.name.too_long")
	}
	locale, ok := i18n.Parse(f.Get("locale"))
	if !ok || !slices.Contains(i18n.Locales, locale) {
		f.Fail("locale", "account.profile.bad_locale")
	}
	if !f.Valid() {
		a.invalid(w, r, http.StatusUnprocessableEntity, func(p *ProfilePage) { p.Profile = f })
		return
	}
	ctx := r.Context()
	me := auth.UserFrom(ctx)
	siteID := web.SiteOf(ctx).ID
	err = a.DB.InTx(ctx, func(tx *db.Tx) error {
		before, err := UserByID(ctx, tx, siteID, me.ID)
		if err != nil {
			return err
		}
		if err := SetProfile(ctx, tx, siteID, me.ID, name, locale); err != nil {
			return err
		}
		if before.Name == name {
			return nil
		}
		return a.recordOfficial(ctx, tx, me, "update", "user", me.ID, "Profile updated",
			map[string]string{"name": before.Name}, map[string]string{"name": name})
	})
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	a.flash(r, "account.profile.saved")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// recordOfficial writes an audit entry for a change an official (editor and
// above) made to their own account; other people's accounts are not public
// business. Before and after never hold an email, hash or token.
func (a *Accounts) recordOfficial(ctx context.Context, tx *db.Tx, me *auth.User, action, entity string, id int64,
	summary string, before, after any) error {
	if !me.AtLeast(auth.Editor) {
		return nil
	}
	return audit.Record(ctx, tx, web.SiteOf(ctx).ID, audit.Change{ActorID: me.ID, ActorName: me.Name, Action: action,
		Entity: entity, EntityID: id, Summary: summary, Before: before, After: after})
}

func (a *Accounts) changeEmail(w http.ResponseWriter, r *http.Request) {
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
	email := NormalizeEmail(f.Get("email"))
	f.Required("email")
	switch {
	case email != "" && !ValidEmail(email):
		f.Fail("email", "account.email.invalid")
	case email == u.Email:
		f.Fail("email", "account.email.same")
	}
	status, err := a.confirmPassword(w, r, f, u, pw)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	if !f.Valid() {
		a.invalid(w, r, cmp.Or(status, http.StatusUnprocessableEntity), func(p *ProfilePage) { p.Email = f })
		return
	}
	if err := a.DB.InTx(ctx, func(tx *db.Tx) error {
		token, err := IssueUserToken(ctx, tx, u.ID, PurposeEmail, email, a.now())
		if err != nil {
			return err
		}
		// The link goes to the new address; the old one is told, so that a
		// stolen session cannot quietly take the account over.
		if err := a.sendIn(ctx, tx, email, u.Locale, "account.mail.email_change", "Name", u.Name,
			"Link", a.siteURL(r, "/email/confirm", "token", token)); err != nil {
			return err
		}
		return a.sendIn(ctx, tx, u.Email, u.Locale, "account.mail.email_notice", "Name", u.Name, "New", maskEmail(email),
			"Reset", a.siteURL(r, "/password/reset"))
	}); err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	a.flash(r, "account.email.sent")
	http.Redirect(w, r, "/account", http.StatusSeeOther)
}

// maskEmail shows enough of an address for its owner to recognise it.
func maskEmail(e string) string {
	local, domain, ok := strings.Cut(e, "@")
	if !ok || local == "" {
		return "***"
	}
	r, _ := utf8.DecodeRuneInString(local)
	return string(r) + "***@" + domain
}

// emailConfirmForm: GET /email/confirm?token=, the link sent to the new
// address. It checks the token without using it and shows the button that
// makes the change.
func (a *Accounts) emailConfirmForm(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	t, err := CheckUserToken(r.Context(), a.DB.R(), web.SiteOf(r.Context()).ID, token, PurposeEmail, a.now())
	if err != nil {
		a.tokenOutcome(w, r, err, Notice{})
		return
	}
	a.linkPage(w, r, LinkPage{Title: "account.email.confirm.title", Body: "account.email.confirm.body",
		Button: "account.email.confirm.button", Email: t.NewEmail, Action: "/email/confirm", Token: token})
}

// emailConfirm: POST /email/confirm, the button of the link's page.
func (a *Accounts) emailConfirm(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(w, r)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	err = a.DB.InTx(ctx, func(tx *db.Tx) error {
		t, err := UseUserToken(ctx, tx, siteID, f.Values.Get("token"), PurposeEmail, a.now())
		if err != nil {
			return err
		}
		return SetEmail(ctx, tx, siteID, t.UserID, t.NewEmail)
	})
	if db.IsUniqueViolation(err) {
		linkHeaders(w)
		a.notice(w, r, http.StatusConflict, Notice{Title: "account.email.taken.title", Body: "account.email.taken.body",
			Alert: true, Link: "/account", LinkText: "account.nav.account"})
		return
	}
	a.tokenOutcome(w, r, err, Notice{Title: "account.email.done.title", Body: "account.email.done.body",
		Link: "/account", LinkText: "account.nav.account"})
}
