package forum

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"

	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/platform/webform"
)

// Admin serves the administration of the forum at /admin/forum, for
// administrators: its name and rules, its members and its meetings; and,
// for editors, the stand-alone documents of the repository at
// /admin/documents (admin_documents.go). Every change is recorded in the
// public ledger (members without their gender).
type Admin struct {
	Public *Handler
	Files  *files.Store
}

// Routes registers the administration's routes.
func (a *Admin) Routes(mux *http.ServeMux) {
	errs := a.Public.Errors
	admin := func(h http.HandlerFunc) http.HandlerFunc { return auth.Require(auth.Admin, errs, h) }
	mux.HandleFunc("GET /admin/forum", admin(a.overview))
	mux.HandleFunc("GET /admin/forum/settings", admin(a.settings))
	mux.HandleFunc("POST /admin/forum/settings", admin(a.saveSettings))
	mux.HandleFunc("GET /admin/forum/members/new", admin(a.newMember))
	mux.HandleFunc("POST /admin/forum/members/new", admin(a.saveMember))
	mux.HandleFunc("GET /admin/forum/members/{id}/edit", admin(a.editMember))
	mux.HandleFunc("POST /admin/forum/members/{id}/edit", admin(a.saveMember))
	mux.HandleFunc("POST /admin/forum/members/{id}/delete", admin(a.deleteMember))
	mux.HandleFunc("GET /admin/forum/meetings/new", admin(a.newMeeting))
	mux.HandleFunc("POST /admin/forum/meetings/new", admin(a.saveMeeting))
	mux.HandleFunc("GET /admin/forum/meetings/{id}/edit", admin(a.editMeeting))
	mux.HandleFunc("POST /admin/forum/meetings/{id}/edit", admin(a.saveMeeting))
	a.documentRoutes(mux)
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

// AdminOverview is what /admin/forum shows.
type AdminOverview struct {
	Forum    *Forum
	Members  []Member
	Meetings []MeetingView
	Balance  Balance
	Saved    bool
}

func (a *Admin) overview(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	page := AdminOverview{Saved: r.URL.Query().Get("saved") != ""}
	f, err := Get(ctx, a.Public.DB.R(), site.ID)
	if err != nil && !errors.Is(err, db.ErrNotFound) {
		a.Public.Errors.Error(w, r, err)
		return
	}
	page.Forum = f
	if page.Members, err = Members(ctx, a.Public.DB.R(), site.ID); err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	page.Balance = Balanced(page.Members)
	ms, err := Meetings(ctx, a.Public.DB.R(), site.ID)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	for i := range ms {
		page.Meetings = append(page.Meetings, a.Public.meetingView(&ms[i], site))
	}
	news.AdminPage(a.Public.Pages, a.Public.Errors, w, r, http.StatusOK, "forumadmin_overview", page)
}

func (a *Admin) render(w http.ResponseWriter, r *http.Request, status int, v *webform.FormView) {
	news.FormKit.Summarize(v, a.Public.Errors.Catalog.Printer(web.Locale(r.Context())))
	news.AdminPage(a.Public.Pages, a.Public.Errors, w, r, status, news.FormPage, v)
}

func (a *Admin) printer(r *http.Request) *i18n.Printer {
	return a.Public.Errors.Catalog.Printer(web.Locale(r.Context()))
}

func record(ctx context.Context, tx *db.Tx, action, entity string, id int64, summary string, before, after map[string]any) error {
	return news.Record(ctx, tx, action, entity, id, summary, before, after)
}

// --- name and rules

func (a *Admin) settingsForm(r *http.Request, f *web.Form, version int, stale bool) *webform.FormView {
	p := a.printer(r)
	b := news.FormKit.Builder(p, f)
	b.Max = map[string]int{"name": MaxNameLen, "rules": MaxRulesLen}
	return &webform.FormView{Heading: p.T("forumadmin.settings"), Back: "/admin/forum", BackLabel: p.T("forumadmin.title"),
		Action: "/admin/forum/settings", Submit: p.T("newsadmin.form.save"), Version: version, Stale: stale,
		Sets: []webform.FieldSet{{Legend: p.T("forumadmin.settings"), Fields: []webform.Field{
			b.Texts("name", -1, "forumadmin.name", false, true),
			b.Texts("rules", -1, "forumadmin.rules", true, false),
		}}}}
}

func (a *Admin) settings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	vs := url.Values{}
	version := 0
	switch f, err := Get(ctx, a.Public.DB.R(), web.SiteOf(ctx).ID); {
	case err == nil:
		webform.TextValues(vs, "name", f.Name)
		webform.TextValues(vs, "rules", f.Rules)
		version = f.Version
	case !errors.Is(err, db.ErrNotFound):
		a.Public.Errors.Error(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, a.settingsForm(r, web.NewForm(vs), version, false))
}

func forumState(f *Forum) map[string]any { return map[string]any{"name": f.Name, "rules": f.Rules} }

func (a *Admin) saveSettings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	form, err := web.ParseForm(w, r)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	version, _ := strconv.Atoi(form.Get("version"))
	f := &Forum{SiteID: site.ID, Name: news.FormKit.ReadText(form, "name", -1, MaxNameLen, true),
		Rules: news.FormKit.ReadText(form, "rules", -1, MaxRulesLen, false)}
	status, stale := http.StatusUnprocessableEntity, false
	if form.Valid() {
		err = a.Public.DB.InTx(ctx, func(tx *db.Tx) error {
			cur, err := Get(ctx, tx, site.ID)
			var before map[string]any
			switch {
			case err == nil:
				f.ID, before = cur.ID, forumState(cur)
			case !errors.Is(err, db.ErrNotFound):
				return err
			}
			if err := Save(ctx, tx, f, version); err != nil {
				return err
			}
			action := "update"
			if before == nil {
				action = "create"
			}
			return record(ctx, tx, action, "forum", f.ID, "forum", before, forumState(f))
		})
		switch {
		case err == nil:
			http.Redirect(w, r, "/admin/forum?saved=1", http.StatusSeeOther)
			return
		case IsStale(err), db.IsUniqueViolation(err):
			status, stale = http.StatusConflict, true
		default:
			a.Public.Errors.Error(w, r, err)
			return
		}
	}
	a.render(w, r, status, a.settingsForm(r, form, version, stale))
}

// --- members
