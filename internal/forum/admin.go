package forum

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// Admin serves the administration of the forum at /admin/forum, for
// administrators: its name and rules, its members and its meetings. Every
// change is recorded in the public ledger (members without their gender).
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

func (a *Admin) render(w http.ResponseWriter, r *http.Request, status int, v *news.FormView) {
	v.Summarize(a.Public.Errors.Catalog.Printer(web.Locale(r.Context())))
	news.AdminPage(a.Public.Pages, a.Public.Errors, w, r, status, news.FormPage, v)
}

func (a *Admin) printer(r *http.Request) *i18n.Printer {
	return a.Public.Errors.Catalog.Printer(web.Locale(r.Context()))
}

func record(ctx context.Context, tx *db.Tx, action, entity string, id int64, summary string, before, after map[string]any) error {
	return news.Record(ctx, tx, action, entity, id, summary, before, after)
}

// --- name and rules

func (a *Admin) settingsForm(r *http.Request, f *web.Form, version int, stale bool) *news.FormView {
	p := a.printer(r)
	b := &news.FormBuilder{P: p, F: f}
	return &news.FormView{Heading: p.T("forumadmin.settings"), Back: "/admin/forum", BackLabel: p.T("forumadmin.title"),
		Action: "/admin/forum/settings", Submit: p.T("newsadmin.form.save"), Version: version, Stale: stale,
		Sets: []news.FieldSet{{Legend: p.T("forumadmin.settings"), Fields: []news.Field{
			b.Texts("name", "forumadmin.name", false, true),
			b.Texts("rules", "forumadmin.rules", true, false),
		}}}}
}

func (a *Admin) settings(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	vs := url.Values{}
	version := 0
	switch f, err := Get(ctx, a.Public.DB.R(), web.SiteOf(ctx).ID); {
	case err == nil:
		news.TextValues(vs, "name", f.Name)
		news.TextValues(vs, "rules", f.Rules)
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
	f := &Forum{SiteID: site.ID, Name: news.ReadText(form, "name", true), Rules: news.ReadText(form, "rules", false)}
	for _, l := range news.FormLocales {
		if len([]rune(f.Rules[l])) > 20000 {
			form.Fail("rules_"+string(l), "forumadmin.error.too_long")
		}
	}
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

func (a *Admin) orgChoices(ctx context.Context) ([]news.Option, map[int64]bool, error) {
	orgs, err := account.Organisations(ctx, a.Public.DB.R(), web.SiteOf(ctx).ID, 0, 10000)
	if err != nil {
		return nil, nil, err
	}
	l := web.Locale(ctx)
	opts := make([]news.Option, 0, len(orgs))
	known := map[int64]bool{}
	for _, o := range orgs {
		label := o.Name.In(l)
		if o.Acronym != "" {
			label += " (" + o.Acronym + ")"
		}
		opts = append(opts, news.Option{Value: itoa(o.ID), Label: label})
		known[o.ID] = true
	}
	return opts, known, nil
}

func (a *Admin) memberForm(r *http.Request, f *web.Form, m *Member) (*news.FormView, error) {
	p := a.printer(r)
	b := &news.FormBuilder{P: p, F: f}
	orgs, _, err := a.orgChoices(r.Context())
	if err != nil {
		return nil, err
	}
	seats := []news.Option{}
	for _, s := range Seats {
		seats = append(seats, news.Option{Value: string(s), Label: p.T("forum.seat." + string(s))})
	}
	genders := []news.Option{}
	for _, g := range Genders {
		genders = append(genders, news.Option{Value: string(g), Label: p.T("forumadmin.gender." + string(g))})
	}
	v := &news.FormView{Heading: p.T("forumadmin.new_member"), Back: "/admin/forum", BackLabel: p.T("forumadmin.title"),
		Action: "/admin/forum/members/new", Submit: p.T("newsadmin.form.save"),
		Sets: []news.FieldSet{{Legend: p.T("forumadmin.member"), Hint: p.T("forumadmin.member_hint"), Fields: []news.Field{
			b.Input("text", "name", "forumadmin.member_name", true, "forumadmin.member_name_hint"),
			b.Choice("organisation", "forumadmin.organisation", "forumadmin.no_organisation", orgs, false),
			b.Choice("seat", "forumadmin.seat", "forumadmin.choose", seats, true),
			b.Choice("gender", "forumadmin.gender_label", "forumadmin.choose", genders, true),
			b.Texts("role", "forumadmin.role", false, false),
		}}}}
	if m != nil {
		v.Heading = p.T("forumadmin.edit_member", "Name", m.Name)
		v.Action = "/admin/forum/members/" + itoa(m.ID) + "/edit"
	}
	return v, nil
}

func memberValues(m *Member) url.Values {
	vs := url.Values{"name": {m.Name}, "seat": {string(m.Seat)}, "gender": {string(m.Gender)}}
	if m.OrganisationID > 0 {
		vs.Set("organisation", itoa(m.OrganisationID))
	}
	news.TextValues(vs, "role", m.Role)
	return vs
}

// memberState is what the ledger records of a member: never the gender,
// which is published only in aggregate.
func memberState(m *Member) map[string]any {
	return map[string]any{"name": m.Name, "organisation_id": m.OrganisationID, "seat": m.Seat, "role": m.Role}
}

func (a *Admin) newMember(w http.ResponseWriter, r *http.Request) {
	v, err := a.memberForm(r, web.NewForm(nil), nil)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, v)
}

func (a *Admin) loadMember(w http.ResponseWriter, r *http.Request) (*Member, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		a.Public.Errors.NotFound(w, r)
		return nil, false
	}
	m, err := MemberByID(r.Context(), a.Public.DB.R(), web.SiteOf(r.Context()).ID, id)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return nil, false
	}
	return m, true
}

func (a *Admin) editMember(w http.ResponseWriter, r *http.Request) {
	m, ok := a.loadMember(w, r)
	if !ok {
		return
	}
	v, err := a.memberForm(r, web.NewForm(memberValues(m)), m)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	v.Version = m.Version
	a.render(w, r, http.StatusOK, v)
}

func readMember(f *web.Form, known map[int64]bool) *Member {
	m := &Member{Name: f.Get("name"), Seat: Seat(f.Get("seat")), Gender: Gender(f.Get("gender")), Role: news.ReadText(f, "role", false)}
	if v := f.Get("organisation"); v != "" {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || !known[id] {
			f.Fail("organisation", "forumadmin.error.organisation")
		}
		m.OrganisationID = id
	}
	for _, p := range CheckMember(m) {
		f.Fail(p.Field, p.Key)
	}
	return m
}

func (a *Admin) saveMember(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	var cur *Member
	if r.PathValue("id") != "" {
		var ok bool
		if cur, ok = a.loadMember(w, r); !ok {
			return
		}
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	_, known, err := a.orgChoices(ctx)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	version, _ := strconv.Atoi(f.Get("version"))
	m := readMember(f, known)
	m.SiteID = site.ID
	status, stale := http.StatusUnprocessableEntity, false
	if f.Valid() {
		err = a.Public.DB.InTx(ctx, func(tx *db.Tx) error {
			if cur == nil {
				if err := CreateMember(ctx, tx, m); err != nil {
					return err
				}
				return record(ctx, tx, "create", "forum_member", m.ID, "forum member "+m.Name, nil, memberState(m))
			}
			m.ID = cur.ID
			if err := UpdateMember(ctx, tx, m, version); err != nil {
				return err
			}
			return record(ctx, tx, "update", "forum_member", m.ID, "forum member "+m.Name, memberState(cur), memberState(m))
		})
		switch {
		case err == nil:
			http.Redirect(w, r, "/admin/forum?saved=1", http.StatusSeeOther)
			return
		case IsStale(err):
			status, stale = http.StatusConflict, true
		default:
			a.Public.Errors.Error(w, r, err)
			return
		}
	}
	v, err := a.memberForm(r, f, cur)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	v.Version, v.Stale = version, stale
	a.render(w, r, status, v)
}

func (a *Admin) deleteMember(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	m, ok := a.loadMember(w, r)
	if !ok {
		return
	}
	err := a.Public.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := DeleteMember(ctx, tx, m.SiteID, m.ID); err != nil {
			return err
		}
		return record(ctx, tx, "delete", "forum_member", m.ID, "forum member "+m.Name, nil, memberState(m))
	})
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/admin/forum?saved=1", http.StatusSeeOther)
}

// --- meetings

func (a *Admin) meetingForm(r *http.Request, f *web.Form, m *Meeting, kept news.Uploads) *news.FormView {
	p := a.printer(r)
	b := &news.FormBuilder{P: p, F: f}
	docs := b.Input("file", "documents", "forumadmin.documents", false, "forumadmin.documents_hint")
	docs.Multiple = true
	v := &news.FormView{Heading: p.T("forumadmin.new_meeting"), Back: "/admin/forum", BackLabel: p.T("forumadmin.title"),
		Action: "/admin/forum/meetings/new", Multipart: true, Submit: p.T("newsadmin.form.save"),
		Sets: []news.FieldSet{
			{Legend: p.T("forumadmin.meeting"), Fields: []news.Field{
				b.Texts("title", "forumadmin.meeting_title", false, true),
				b.Input("datetime-local", "starts_at", "forumadmin.starts_at", true, "forumadmin.starts_at_hint"),
				b.Input("text", "timezone", "forumadmin.timezone", true, "forumadmin.timezone_hint"),
				b.Texts("place", "forumadmin.place", false, false),
				b.Texts("agenda", "forumadmin.agenda", true, false),
			}},
			{Legend: p.T("forumadmin.after"), Fields: []news.Field{
				b.Input("number", "attendance_government", "forumadmin.attendance_government", false),
				b.Input("number", "attendance_civil_society", "forumadmin.attendance_civil_society", false),
				b.Texts("minutes", "forumadmin.minutes", true, false),
				b.Texts("decisions", "forumadmin.decisions", true, false),
				docs,
			}},
		},
		Kept: kept.Keep(f),
	}
	if m != nil {
		var existing []news.Option
		for _, d := range m.Documents {
			existing = append(existing, news.Option{Value: d.Hash, Label: d.Name})
		}
		if len(existing) > 0 {
			v.Sets[1].Fields = append(v.Sets[1].Fields, b.Checks("keep_file", "forumadmin.keep_files", existing))
		}
		v.Heading = p.T("forumadmin.edit_meeting", "Title", m.Title.In(web.Locale(r.Context())))
		v.Action = "/admin/forum/meetings/" + itoa(m.ID) + "/edit"
	}
	return v
}

func meetingValues(m *Meeting, site *time.Location) url.Values {
	vs := url.Values{"timezone": {m.Timezone}, "starts_at": {news.LocalValue(m.StartsAt.Time, m.Location(site))},
		"attendance_government": {strconv.Itoa(m.AttendanceGovernment)}, "attendance_civil_society": {strconv.Itoa(m.AttendanceCivilSociety)}}
	for name, t := range map[string]i18n.Text{"title": m.Title, "place": m.Place, "agenda": m.Agenda, "minutes": m.Minutes, "decisions": m.Decisions} {
		news.TextValues(vs, name, t)
	}
	for _, d := range m.Documents {
		vs.Add("keep_file", d.Hash)
	}
	return vs
}

func meetingState(m *Meeting) map[string]any {
	hashes := make([]string, len(m.Documents))
	for i, d := range m.Documents {
		hashes[i] = d.Hash
	}
	return map[string]any{"starts_at": m.StartsAt.UTC().Format(time.RFC3339), "timezone": m.Timezone, "title": m.Title,
		"place": m.Place, "agenda": m.Agenda, "minutes": m.Minutes, "decisions": m.Decisions,
		"attendance_government": m.AttendanceGovernment, "attendance_civil_society": m.AttendanceCivilSociety, "documents": hashes}
}

func (a *Admin) newMeeting(w http.ResponseWriter, r *http.Request) {
	site := web.SiteOf(r.Context())
	a.render(w, r, http.StatusOK, a.meetingForm(r, web.NewForm(url.Values{"timezone": {site.Location.String()}}), nil, nil))
}

func (a *Admin) loadMeeting(w http.ResponseWriter, r *http.Request) (*Meeting, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		a.Public.Errors.NotFound(w, r)
		return nil, false
	}
	m, err := MeetingByID(r.Context(), a.Public.DB.R(), web.SiteOf(r.Context()).ID, id)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return nil, false
	}
	return m, true
}

func (a *Admin) editMeeting(w http.ResponseWriter, r *http.Request) {
	m, ok := a.loadMeeting(w, r)
	if !ok {
		return
	}
	v := a.meetingForm(r, web.NewForm(meetingValues(m, web.SiteOf(r.Context()).Location)), m, nil)
	v.Version = m.Version
	a.render(w, r, http.StatusOK, v)
}

func readCount(f *web.Form, name string) int {
	v := f.Get(name)
	if v == "" {
		return 0
	}
	n, err := strconv.Atoi(v)
	if err != nil || n < 0 || n > 10000 {
		f.Fail(name, "forumadmin.error.attendance")
		return 0
	}
	return n
}

// readMeeting reads the posted meeting, recording a message for each bad field.
func readMeeting(f *web.Form, site *time.Location) *Meeting {
	m := &Meeting{Title: news.ReadText(f, "title", true), Place: news.ReadText(f, "place", false),
		Agenda: news.ReadText(f, "agenda", false), Minutes: news.ReadText(f, "minutes", false),
		Decisions: news.ReadText(f, "decisions", false), Timezone: f.Get("timezone")}
	loc := site
	if m.Timezone == "" {
		f.Fail("timezone", "form.required")
	} else if l, err := time.LoadLocation(m.Timezone); err == nil && m.Timezone != "Local" {
		loc = l
	}
	m.StartsAt = db.Timestamp{Time: news.ReadLocalTime(f, "starts_at", loc, true).UTC()}
	if !m.StartsAt.IsZero() && (m.StartsAt.Year() < 1990 || m.StartsAt.Year() > 2200) {
		f.Fail("starts_at", "forumadmin.error.date_range")
	}
	m.AttendanceGovernment = readCount(f, "attendance_government")
	m.AttendanceCivilSociety = readCount(f, "attendance_civil_society")
	for _, p := range CheckMeeting(m) {
		f.Fail(p.Field, p.Key)
	}
	return m
}

func (a *Admin) saveMeeting(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	var cur *Meeting
	if r.PathValue("id") != "" {
		var ok bool
		if cur, ok = a.loadMeeting(w, r); !ok {
			return
		}
	}
	f, ups, err := news.ReadUpload(w, r, a.Files, "documents")
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	version, _ := strconv.Atoi(f.Get("version"))
	m := readMeeting(f, site.Location)
	m.SiteID = site.ID
	if cur != nil {
		keep := map[string]bool{}
		for _, h := range f.Values["keep_file"] {
			keep[h] = true
		}
		for _, d := range cur.Documents {
			if keep[d.Hash] {
				m.Documents = append(m.Documents, d)
			}
		}
	}
	for _, u := range ups["documents"] {
		m.Documents = append(m.Documents, File{Hash: u.Hash, Name: u.Name, ContentType: u.ContentType, URL: u.URL()})
	}
	status, stale := http.StatusUnprocessableEntity, false
	if f.Valid() {
		err = a.Public.DB.InTx(ctx, func(tx *db.Tx) error {
			for _, u := range ups["documents"] {
				if err := files.Record(ctx, tx, site.ID, u); err != nil {
					return err
				}
			}
			summary := "forum meeting " + strings.TrimSpace(m.Title[i18n.AR])
			if cur == nil {
				if err := CreateMeeting(ctx, tx, m); err != nil {
					return err
				}
				return record(ctx, tx, "create", "forum_meeting", m.ID, summary, nil, meetingState(m))
			}
			m.ID = cur.ID
			if err := UpdateMeeting(ctx, tx, m, version); err != nil {
				return err
			}
			return record(ctx, tx, "update", "forum_meeting", m.ID, summary, meetingState(cur), meetingState(m))
		})
		switch {
		case err == nil:
			http.Redirect(w, r, "/admin/forum?saved=1", http.StatusSeeOther)
			return
		case IsStale(err):
			status, stale = http.StatusConflict, true
		default:
			a.Public.Errors.Error(w, r, err)
			return
		}
	}
	v := a.meetingForm(r, f, cur, ups)
	v.Version, v.Stale = version, stale
	a.render(w, r, status, v)
}
