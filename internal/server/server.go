// Package server wires the features into one HTTP handler. The command, the
// tests and the load benchmark all build their server here, so what is
// tested is what runs.
package server

import (
	"context"
	"log/slog"
	"net/http"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/budget"
	"github.com/infitah/infitah/internal/comment"
	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/event"
	"github.com/infitah/infitah/internal/forum"
	"github.com/infitah/infitah/internal/inforeq"
	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/notify"
	"github.com/infitah/infitah/internal/opendata"
	"github.com/infitah/infitah/internal/participation"
	"github.com/infitah/infitah/internal/petition"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/platform/outbox"
	"github.com/infitah/infitah/internal/platform/secretkey"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/search"
	"github.com/infitah/infitah/internal/site"
)

// Server is the assembled site.
type Server struct {
	DB      *db.DB
	Log     *slog.Logger
	Catalog *i18n.Catalog
	Metrics *web.Metrics
	Sites   *site.Resolver
	// Outbox is the durable mail queue every email goes through; its worker
	// also composes notification emails and digests.
	Outbox *outbox.Outbox
	// Follows maps followable kinds to their lookup; features register theirs.
	Follows *notify.Registry
	// CommentKinds are the commentable kinds; a feature may register its own
	// or wire a kind's lookup (comment.Kinds.SetLookup).
	CommentKinds *comment.Kinds
	handler      http.Handler
}

// Options configures New.
type Options struct {
	Log     *slog.Logger
	Now     func() time.Time // the clock; time.Now when nil
	DataDir string           // where uploaded files and, without SMTP, outgoing mail are kept; a temp dir in tests
	SMTPURL string           // smtp://user:pass@host:port for outgoing mail; empty writes .eml files under DataDir/mail
	// MaxUploadBytes bounds one uploaded file (evidence); files.DefaultMaxBytes (10 MB) when 0.
	MaxUploadBytes int64
	// TrustedProxies are the reverse proxies whose X-Forwarded-For and
	// X-Forwarded-Proto headers are believed (web.TrustedProxies); none when
	// empty, and then those headers are ignored.
	TrustedProxies web.TrustedNets
	// BaseURL is the configured public URL of the default site (--base-url):
	// the origin of its absolute links when the site settings set none.
	BaseURL string
	// LocalURL is the origin of links when nothing is configured:
	// http://localhost and the port the server listens on
	// (site.DefaultLocalURL when empty). Links never come from a request.
	LocalURL string
	// Passwords bounds the concurrent password hashes; auth.Passwords, the
	// process's, when nil.
	Passwords *auth.Hasher
	// PageCacheTTL bounds how long a cached page is kept (2 s when 0): what
	// another instance's writes can leave stale. The load benchmark shortens
	// it to make cache misses meet.
	PageCacheTTL time.Duration
	// SecretKey is INFITAH_SECRET_KEY: the key that protects petition
	// signers' ID numbers. When empty, the key file in DataDir is used,
	// made on the first start (secretkey.Load); without a DataDir either,
	// a key that dies with the process.
	SecretKey string
}

// New builds the handler over an open, migrated database.
func New(ctx context.Context, d *db.DB, opt Options) (*Server, error) {
	if opt.Log == nil {
		opt.Log = slog.New(slog.DiscardHandler)
	}
	if opt.Now == nil {
		opt.Now = time.Now
	}
	if opt.PageCacheTTL <= 0 {
		opt.PageCacheTTL = 2 * time.Second
	}
	cat, err := i18n.Load()
	if err != nil {
		return nil, err
	}
	assets, err := web.NewAssets()
	if err != nil {
		return nil, err
	}
	pages, err := web.NewRenderer(cat, assets, search.Templates, plan.Templates, site.Templates, account.OrgTemplates, audit.Templates, account.AccountPages(), consult.Templates, participation.Templates, news.Templates, event.Templates, forum.Templates, opendata.Templates, web.Shared(comment.Templates),
		web.Shared(notify.Templates), inforeq.Templates, petition.Templates, budget.Templates)
	if err != nil {
		return nil, err
	}
	if err := site.EnsureDefault(ctx, d, i18n.Text{i18n.AR: cat.Printer(i18n.AR).T("site.name")}); err != nil {
		return nil, err
	}
	sites, err := site.NewResolver(ctx, d, site.Origins{Base: opt.BaseURL, Local: opt.LocalURL})
	if err != nil {
		return nil, err
	}
	errs := &web.Errors{Renderer: pages, Catalog: cat, Log: opt.Log}
	sender, err := mail.New(opt.SMTPURL, opt.DataDir, opt.Log)
	if err != nil {
		return nil, err
	}
	// Every email is queued in the database and sent by the worker (RunWorkers),
	// or right after the commit when no worker runs (tests).
	mailer := &outbox.Outbox{DB: d, Sender: sender, Log: opt.Log, Now: opt.Now, DeliverOnCommit: true}
	// A site's emails go out under the sender its settings name, if any.
	mailer.From = func(ctx context.Context) (string, string) { return sites.MailFrom(web.SiteOf(ctx).ID) }
	notifications := &notify.Service{DB: d, Outbox: mailer, Catalog: cat, Origin: sites.PublicURL, Log: opt.Log}
	mailer.Jobs = append(mailer.Jobs, notifications.Jobs()...)
	mailer.Jobs = append(mailer.Jobs, searchJobs(d)...)
	follows := &notify.Registry{}
	follows.Register(plan.FollowKind, plan.FollowTarget)
	follows.Register(consult.FollowConsultation, consult.ConsultationTarget)
	follows.Register(consult.FollowProposal, consult.ProposalTarget)
	accounts := &account.Accounts{DB: d, Pages: pages, Errors: errs, Catalog: cat, Mail: mailer, Log: opt.Log, Now: opt.Now,
		Sessions: account.NewSessions(&account.SessionStore{DB: d}, func(w http.ResponseWriter, r *http.Request, err error) { errs.Error(w, r, err) })}
	accounts.NotifyPrefs = notify.PrefsFor // the notification settings on the account page
	accounts.Passwords = opt.Passwords
	pages.UserInfo = func(ctx context.Context) *web.ViewUser {
		// The layout's account navigation is swapped by the page cache for
		// each reader, so reading the user for it does not make a page the
		// reader's own (auth.LayoutUser rather than auth.UserFrom).
		if u := auth.LayoutUser(ctx); u != nil {
			return &web.ViewUser{Name: u.Name, CanAdmin: u.AtLeast(auth.Editor)}
		}
		return nil
	}
	s := &Server{DB: d, Log: opt.Log, Catalog: cat, Metrics: web.NewMetrics(), Sites: sites, Outbox: mailer, Follows: follows}

	mux := http.NewServeMux()
	mux.Handle("GET /static/", assets)
	mux.HandleFunc("GET /healthz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		web.Send(w, r, http.StatusOK, "text/plain; charset=utf-8", []byte("ok\n"))
	})
	ready := &db.Readiness{DB: d, Now: opt.Now}
	mux.HandleFunc("GET /readyz", func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Cache-Control", "no-store")
		// The database must answer a read and accept a write; one probe a
		// second at most, bounded by 2 s, whoever asks (db.Readiness).
		if err := ready.Check(r.Context()); err != nil {
			opt.Log.Error("readiness", "err", err)
			web.Send(w, r, http.StatusServiceUnavailable, "text/plain; charset=utf-8", []byte("database unavailable\n"))
			return
		}
		web.Send(w, r, http.StatusOK, "text/plain; charset=utf-8", []byte("ready\n"))
	})
	mux.Handle("GET /metrics", s.Metrics.Handler())
	registerPoolMetrics(s.Metrics, d)
	registerMailMetrics(s.Metrics, d)

	(&site.Home{DB: d, Pages: pages, Errors: errs, Now: opt.Now}).Routes(mux)
	kinds, err := commentKinds(d)
	if err != nil {
		return nil, err
	}
	comments := &comment.Service{DB: d, Pages: pages, Errors: errs, Catalog: cat, Mail: mailer, Log: opt.Log, Kinds: kinds}
	comments.Routes(mux)
	s.CommentKinds = kinds
	(&plan.Handler{DB: d, Pages: pages, Errors: errs, Now: opt.Now, Threads: planThreads(comments)}).Routes(mux)
	(&plan.API{DB: d, Errors: errs}).Routes(mux)
	if err := proposalComments(kinds, d, opt.Now); err != nil {
		return nil, err
	}
	if err := proposalReports(comments); err != nil {
		return nil, err
	}
	consults := consult.New(d, pages, errs, opt.Now)
	consults.Thread = comments.Embed
	consults.Blocked = comments.Blocked
	consults.Routes(mux)
	(&participation.Handler{DB: d, Pages: pages, Errors: errs, Now: opt.Now}).Routes(mux)
	// Uploaded evidence lives under <data-dir>/files, by content hash.
	store := files.InDataDir(opt.DataDir, opt.MaxUploadBytes)
	(&files.Handler{DB: d, Store: store, Errors: errs}).Routes(mux)
	(&plan.Admin{DB: d, Pages: pages, Errors: errs, Files: store, Now: opt.Now}).Routes(mux)
	(&plan.Importer{DB: d, Pages: pages, Errors: errs}).Routes(mux)
	if err := newsEventComments(kinds, d, opt.Now); err != nil {
		return nil, err
	}
	(&news.Handler{DB: d, Pages: pages, Errors: errs, Now: opt.Now, Sitemap: []news.SitemapSource{event.SitemapPages, forum.SitemapPages, opendata.SitemapPages, site.SitemapPages, petition.SitemapPages}, Threads: newsThreads(comments)}).Routes(mux)
	(&news.Admin{DB: d, Pages: pages, Errors: errs, Files: store, Now: opt.Now}).Routes(mux)
	events := &event.Handler{DB: d, Pages: pages, Errors: errs, Mail: mailer, Now: opt.Now, Log: opt.Log, Thread: eventThread(comments)}
	events.Routes(mux)
	(&event.Admin{Public: events, Files: store}).Routes(mux)
	forums := &forum.Handler{DB: d, Pages: pages, Errors: errs, Now: opt.Now}
	forums.Routes(mux)
	(&forum.Admin{Public: forums, Files: store}).Routes(mux)
	(&inforeq.Handler{DB: d, Pages: pages, Errors: errs, Mail: mailer, Now: opt.Now}).Routes(mux)
	// Petitions: signers' ID numbers are protected by a key kept outside the database.
	key := secretkey.Ephemeral() // without a data directory (tests): for this process only
	if opt.SecretKey != "" || opt.DataDir != "" {
		if key, err = secretkey.Load(opt.SecretKey, opt.DataDir); err != nil {
			return nil, err
		}
	}
	cinKeys, err := petition.NewKeys(key)
	if err != nil {
		return nil, err
	}
	petitions := &petition.Handler{DB: d, Pages: pages, Errors: errs, Mail: mailer, Keys: cinKeys, Now: opt.Now, Log: opt.Log}
	petitions.Routes(mux)
	petition.Admin{Handler: petitions}.Routes(mux)
	(&plan.WriteAPI{DB: d, Errors: errs}).Routes(mux)
	(&site.API{DB: d, Errors: errs}).Routes(mux)
	(&audit.Handler{DB: d, Pages: pages, Errors: errs,
		CommitmentRefs: func(ctx context.Context, siteID int64, ids []int64) (map[int64]string, error) {
			return plan.CommitmentRefs(ctx, d.R(), siteID, ids)
		}}).Routes(mux)
	searchHandler(d, &search.Handler{DB: d, Pages: pages, Errors: errs}).Routes(mux)
	(&account.OrgAdmin{DB: d, Pages: pages, Errors: errs, Now: opt.Now}).Routes(mux)
	(&account.UserAdmin{DB: d, Pages: pages, Errors: errs}).Routes(mux)
	(&site.SettingsAdmin{DB: d, Pages: pages, Errors: errs, Sites: sites, Files: store}).Routes(mux)
	(&site.Privacy{DB: d, Pages: pages, Errors: errs}).Routes(mux)
	budgets := &budget.Handler{DB: d, Pages: pages, Errors: errs, Now: opt.Now}
	budgets.Routes(mux)
	(&budget.CitizenAdmin{Public: budgets}).Routes(mux)
	(&budget.Admin{DB: d, Pages: pages, Errors: errs}).Routes(mux)
	// The data download (/account/export.json) holds what each feature keeps about the person.
	accounts.ExportSections = []account.ExportSection{comments.ExportSection, consult.ExportSection, event.ExportSection, follows.ExportSection}
	accounts.Routes(mux)
	(&notify.Handler{DB: d, Pages: pages, Errors: errs, Targets: follows, Now: opt.Now}).Routes(mux)
	mux.HandleFunc("GET /api/v1/openapi.json", serveOpenAPI)
	// /data lists every download; /data/api is the reference read from openapi.json.
	openData, err := opendata.New(d, pages, errs, opt.Now, openAPIDoc)
	if err != nil {
		return nil, err
	}
	openData.Routes(mux)
	// Anything else is a localized 404 (problem+json under /api/).
	mux.HandleFunc("/", errs.NotFound)

	// Entries of a site stay valid until a write for that site (or one that
	// names no site) commits: the cache declares each request's site to
	// the database (db.WithSite).
	cache := &web.PageCache{Generation: d.SiteGeneration, TTL: opt.PageCacheTTL, Private: func(r *http.Request) bool {
		_, err := r.Cookie(auth.SessionCookie)
		return err == nil
	}}
	// Signed-in readers get the pages that are the same for everyone from
	// the cache, with their own account navigation.
	cache.Personal = func(r *http.Request) (visitor, mine []byte, ok bool) {
		l := web.Locale(r.Context())
		u := pages.UserInfo(r.Context())
		if u == nil {
			return nil, nil, false // a stale session cookie: rendered as it is today
		}
		mine, err := pages.AccountNav(l, u)
		if err != nil {
			return nil, nil, false
		}
		return pages.VisitorNav(l), mine, true
	}
	registerCacheMetrics(s.Metrics, cache)
	s.handler = web.Chain(web.Routed(mux),
		web.TrustedProxies(opt.TrustedProxies), // first: everything after sees the client's address
		web.RequestIDs,
		web.SecurityHeaders,
		s.Metrics.Middleware,
		web.AccessLog(opt.Log),
		web.Recover(opt.Log, errs),
		sites.Middleware(errs), // before Locales: the language cookie is Secure when the site is https
		web.Locales(errs),
		web.CheckInput(errs), // text that is not valid UTF-8, or holds control characters: 400 before any handler
		accounts.Middleware,  // the signed-in user; before the cache, which skips private requests
		cache.Middleware,
		web.Compress,
		http.NewCrossOriginProtection().Handler,
	)
	return s, nil
}

// Handler is the whole site.
func (s *Server) Handler() http.Handler { return s.handler }

// RunWorkers runs the background work — the mail worker, which also
// composes notifications and digests, and on PostgreSQL the listener for
// other instances' page changes (db.DB.ListenForPages) — until ctx ends,
// then returns nil once the message being sent, if any, is finished.
func (s *Server) RunWorkers(ctx context.Context) error {
	listened := make(chan struct{})
	go func() {
		defer close(listened)
		s.DB.ListenForPages(ctx, s.Log)
	}()
	err := s.Outbox.Run(ctx)
	<-listened
	return err
}

// DrainMail composes due notifications and digests and sends every due
// email now, returning how many were sent: tests call it to deliver
// deterministically.
func (s *Server) DrainMail(ctx context.Context) (int, error) { return s.Outbox.Drain(ctx) }
