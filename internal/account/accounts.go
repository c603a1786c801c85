package account

import (
	"context"
	"io/fs"
	"log/slog"
	"net/http"
	"sync"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/platform/web"
)

// Accounts serves sign-up, sign-in and out, email verification, password
// reset, the account page (profile, change of email, deletion, data
// download) and personal access tokens, and identifies the person behind
// each request (Middleware).
type Accounts struct {
	DB       *db.DB
	Pages    *web.Renderer
	Errors   *web.Errors
	Catalog  *i18n.Catalog
	Mail     mail.Sender
	Sessions *Sessions
	Log      *slog.Logger
	Now      func() time.Time // the clock of tokens and sign-in throttling; time.Now when nil
	// Passwords hashes and checks passwords within its bound on
	// concurrent hashes; auth.Passwords, the process's, when nil.
	Passwords *auth.Hasher
	// NotifyPrefs, when set, returns the data of the "notify_prefs" partial
	// shown on the account page (the notification settings).
	NotifyPrefs func(ctx context.Context, q db.Querier, userID int64) (any, error)
	// ExportSections add each feature's rows about the person to the data
	// download (/account/export.json); the server wires them.
	ExportSections []ExportSection

	limitsOnce sync.Once
	lim        *limits
}

// Routes registers the feature's pages.
func (a *Accounts) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /signup", a.signupForm)
	mux.HandleFunc("POST /signup", a.signup)
	mux.HandleFunc("GET /login", a.loginForm)
	mux.HandleFunc("POST /login", a.login)
	mux.HandleFunc("GET /logout", a.logoutForm)
	mux.HandleFunc("POST /logout", a.logout)
	// Emailed links: the GET shows a button, the POST acts.
	mux.HandleFunc("GET /verify", a.verifyForm)
	mux.HandleFunc("POST /verify", a.verify)
	mux.HandleFunc("GET /password/reset", a.resetForm)
	mux.HandleFunc("POST /password/reset", a.reset)
	mux.HandleFunc("GET /password/reset/confirm", a.resetConfirmForm)
	mux.HandleFunc("POST /password/reset/confirm", a.resetConfirm)
	mux.HandleFunc("GET /email/confirm", a.emailConfirmForm)
	mux.HandleFunc("POST /email/confirm", a.emailConfirm)
	mux.HandleFunc("GET /account", auth.Require(auth.Citizen, a.Errors, a.profile))
	mux.HandleFunc("POST /account/profile", auth.Require(auth.Citizen, a.Errors, a.saveProfile))
	mux.HandleFunc("POST /account/email", auth.Require(auth.Citizen, a.Errors, a.changeEmail))
	mux.HandleFunc("POST /account/delete", auth.Require(auth.Citizen, a.Errors, a.deleteAccount))
	mux.HandleFunc("GET /account/export.json", auth.Require(auth.Citizen, a.Errors, a.export))
	mux.HandleFunc("GET /account/tokens", auth.Require(auth.Editor, a.Errors, a.tokens))
	mux.HandleFunc("POST /account/tokens", auth.Require(auth.Editor, a.Errors, a.createToken))
	mux.HandleFunc("POST /account/tokens/{id}/revoke", auth.Require(auth.Editor, a.Errors, a.revokeToken))
}

// AccountPages holds the feature's pages (account_*.html) for
// web.NewRenderer. They live in their own folder so that the organisation
// pages of this package can embed theirs separately.
func AccountPages() fs.FS {
	sub, err := fs.Sub(pagesFS, "pages")
	if err != nil {
		panic(err) // the embed pattern guarantees the folder
	}
	return sub
}

func (a *Accounts) now() time.Time {
	if a.Now != nil {
		return a.Now().UTC()
	}
	return time.Now().UTC()
}

func (a *Accounts) passwords() *auth.Hasher {
	if a.Passwords != nil {
		return a.Passwords
	}
	return auth.Passwords
}

func (a *Accounts) limits() *limits {
	a.limitsOnce.Do(func() { a.lim = newLimits() })
	return a.lim
}

func (a *Accounts) log() *slog.Logger {
	if a.Log != nil {
		return a.Log
	}
	return slog.New(slog.DiscardHandler)
}

// render sends a private page: never cached, by us or anyone on the way.
func (a *Accounts) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	w.Header().Set("Cache-Control", "private, no-store")
	if err := a.Pages.Page(w, r, status, name, "account", data); err != nil {
		a.Errors.Error(w, r, err)
	}
}

// busy re-renders a form with data that says the server is busy (its
// password hasher had no room in time): 503 with Retry-After.
func (a *Accounts) busy(w http.ResponseWriter, r *http.Request, name string, data any) {
	web.SetRetryAfter(w, web.RetryBusy)
	a.render(w, r, http.StatusServiceUnavailable, name, data)
}

// Notice is the data of the page that tells the outcome of an action.
type Notice struct {
	Title    string // message keys
	Body     string
	Alert    bool   // a failure rather than a success
	Link     string // where to go next, with LinkText its key
	LinkText string
}

func (a *Accounts) notice(w http.ResponseWriter, r *http.Request, status int, n Notice) {
	a.render(w, r, status, "account_notice", n)
}

// flash keeps a message key for the next page of this session.
func (a *Accounts) flash(r *http.Request, key string) {
	a.Sessions.For(r).Put(r.Context(), "flash", key)
}

func (a *Accounts) popFlash(r *http.Request) string {
	return a.Sessions.For(r).PopString(r.Context(), "flash")
}

// siteURL is the absolute URL of path on the request's site for emailed
// links, built from the site's configured public URL: never from the
// request's Host header, which a client chooses (a forged Host must not
// send a victim a reset link to another site).
func (a *Accounts) siteURL(r *http.Request, path string, query ...string) string {
	return web.SiteOf(r.Context()).URL(path, query...)
}

// message writes an email from catalogue keys in locale: subject key and
// body key with args.
func (a *Accounts) message(ctx context.Context, to string, locale i18n.Locale, key string, args ...any) mail.Message {
	p := a.Catalog.Printer(locale)
	site := web.SiteOf(ctx)
	siteName := site.Name.In(locale)
	if siteName == "" {
		siteName = p.T("site.name")
	}
	args = append(args, "Site", siteName)
	return mail.Message{To: []string{to}, Subject: p.T(key+".subject", args...), Text: p.T(key+".body", args...)}
}

// send emails a message written from catalogue keys (see message). A
// failure is logged, not shown: the answers must not depend on whether an
// address exists.
func (a *Accounts) send(ctx context.Context, to string, locale i18n.Locale, key string, args ...any) {
	if err := a.Mail.Send(ctx, a.message(ctx, to, locale, key, args...)); err != nil {
		a.log().Error("send mail", "id", web.RequestID(ctx), "err", err)
	}
}

// enqueuer is a Sender that queues mail inside a transaction (the outbox).
type enqueuer interface {
	Enqueue(ctx context.Context, tx *db.Tx, m mail.Message) error
}

// sendIn queues the message in tx, with the change that causes it: it goes
// out if and only if tx commits. A Sender without a queue sends after the
// commit.
func (a *Accounts) sendIn(ctx context.Context, tx *db.Tx, to string, locale i18n.Locale, key string, args ...any) error {
	m := a.message(ctx, to, locale, key, args...)
	if q, ok := a.Mail.(enqueuer); ok {
		return q.Enqueue(ctx, tx, m)
	}
	tx.AfterCommit(func() {
		if err := a.Mail.Send(ctx, m); err != nil {
			a.log().Error("send mail", "id", web.RequestID(ctx), "err", err)
		}
	})
	return nil
}
