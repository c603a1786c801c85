package event

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// Admin serves the administration of events at /admin/events, for editors
// and administrators. Every change is recorded in the public ledger. When
// an edit adds places, the waiting list gets them and is told by email.
type Admin struct {
	Public *Handler // for the emails to people given a place
	Files  *files.Store
}

// Routes registers the administration's routes.
func (a *Admin) Routes(mux *http.ServeMux) {
	errs := a.Public.Errors
	mux.HandleFunc("GET /admin/events", news.Staff(errs, a.list))
	mux.HandleFunc("GET /admin/events/new", news.Staff(errs, a.newEvent))
	mux.HandleFunc("POST /admin/events/new", news.Staff(errs, a.create))
	mux.HandleFunc("GET /admin/events/{id}/edit", news.Staff(errs, a.edit))
	mux.HandleFunc("POST /admin/events/{id}/edit", news.Staff(errs, a.update))
	mux.HandleFunc("GET /admin/events/{id}/registrations", news.Staff(errs, a.registrations))
}

// RegistrationsPage is what the organisers see of an event's registrations:
// names, addresses and states, on this administration page only.
type RegistrationsPage struct {
	Event         View
	Registrations []Registration
}

func (a *Admin) registrations(w http.ResponseWriter, r *http.Request) {
	e, ok := a.Public.load(w, r, r.PathValue("id"))
	if !ok {
		return
	}
	regs, err := Registrations(r.Context(), a.Public.DB.R(), e.ID)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	news.AdminPage(a.Public.Pages, a.Public.Errors, w, r, http.StatusOK, "eventadmin_registrations",
		RegistrationsPage{Event: a.Public.view(e, web.SiteOf(r.Context())), Registrations: regs})
}

// AdminList is what /admin/events shows.
type AdminList struct {
	Events []View
	Saved  bool
}

func (a *Admin) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	events, err := List(ctx, a.Public.DB.R(), site.ID, Filter{Limit: 1000})
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	page := AdminList{Saved: r.URL.Query().Get("saved") != ""}
	for i := len(events) - 1; i >= 0; i-- {
		page.Events = append(page.Events, a.Public.view(&events[i], site))
	}
	news.AdminPage(a.Public.Pages, a.Public.Errors, w, r, http.StatusOK, "eventadmin_list", page)
}

// choices returns the site's organisations as options and their ids.
func (a *Admin) choices(ctx context.Context) ([]news.Option, map[int64]bool, error) {
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

func (a *Admin) form(r *http.Request, f *web.Form, e *Event, kept news.Uploads) (*news.FormView, error) {
	ctx := r.Context()
	l := web.Locale(ctx)
	p := a.Public.Errors.Catalog.Printer(l)
	b := &news.FormBuilder{P: p, F: f}
	orgs, _, err := a.choices(ctx)
	if err != nil {
		return nil, err
	}
	kinds := make([]news.Option, len(Kinds))
	for i, k := range Kinds {
		kinds[i] = news.Option{Value: string(k), Label: p.T("event.kind." + string(k))}
	}
	photos := b.Input("file", "photos", "eventadmin.photos", false, "eventadmin.photos_hint")
	photos.Multiple, photos.Accept = true, "image/png,image/jpeg,image/webp"
	docs := b.Input("file", "documents", "eventadmin.documents", false, "eventadmin.documents_hint")
	docs.Multiple = true
	v := &news.FormView{
		Heading: p.T("eventadmin.new"), Back: "/admin/events", BackLabel: p.T("eventadmin.title"),
		Action: "/admin/events/new", Multipart: true, Submit: p.T("newsadmin.form.save"),
		Sets: []news.FieldSet{
			{Legend: p.T("eventadmin.what"), Fields: []news.Field{
				b.Choice("kind", "eventadmin.kind", "", kinds, true),
				b.Texts("title", "eventadmin.event_title", false, true),
				b.Input("text", "slug", "newsadmin.post.slug", true, "eventadmin.slug_hint"),
				b.Texts("description", "eventadmin.description", true, false),
				b.Texts("agenda", "eventadmin.agenda", true, false),
			}},
			{Legend: p.T("eventadmin.when_where"), Fields: []news.Field{
				b.Input("datetime-local", "starts_at", "eventadmin.starts_at", true),
				b.Input("datetime-local", "ends_at", "eventadmin.ends_at", true),
				b.Input("text", "timezone", "eventadmin.timezone", true, "eventadmin.timezone_hint"),
				b.Texts("place", "eventadmin.place", false, false),
				b.Input("url", "online_url", "eventadmin.online_url", false),
			}},
			{Legend: p.T("eventadmin.who"), Fields: []news.Field{
				b.Checks("organisers", "eventadmin.organisers", orgs),
				b.Checks("partners", "eventadmin.partners", orgs),
				b.Input("area", "speakers", "eventadmin.speakers", false, "eventadmin.speakers_hint"),
			}},
			{Legend: p.T("eventadmin.registration"), Fields: []news.Field{
				b.Checkbox("registration", "eventadmin.registration_open"),
				b.Input("number", "capacity", "eventadmin.capacity", false, "eventadmin.capacity_hint"),
				b.Input("datetime-local", "deadline", "eventadmin.deadline", false, "eventadmin.deadline_hint"),
			}},
			{Legend: p.T("eventadmin.after"), Fields: []news.Field{
				b.Texts("minutes", "eventadmin.minutes", true, false),
				photos, docs,
			}},
		},
		Kept: kept.Keep(f),
	}
	if e != nil {
		var existing []news.Option
		for _, fl := range append(append([]File(nil), e.Photos...), e.Documents...) {
			existing = append(existing, news.Option{Value: fl.Hash, Label: fl.Name})
		}
		if len(existing) > 0 {
			last := len(v.Sets) - 1
			v.Sets[last].Fields = append(v.Sets[last].Fields, b.Checks("keep_file", "eventadmin.keep_files", existing))
		}
		v.Heading = p.T("eventadmin.edit", "Title", e.Title.In(l))
		v.Action = "/admin/events/" + itoa(e.ID) + "/edit"
	}
	return v, nil
}

func (a *Admin) render(w http.ResponseWriter, r *http.Request, status int, v *news.FormView) {
	v.Summarize(a.Public.Errors.Catalog.Printer(web.Locale(r.Context())))
	news.AdminPage(a.Public.Pages, a.Public.Errors, w, r, status, news.FormPage, v)
}

func (a *Admin) newEvent(w http.ResponseWriter, r *http.Request) {
	site := web.SiteOf(r.Context())
	v, err := a.form(r, web.NewForm(url.Values{"kind": {string(Forum)}, "timezone": {site.Location.String()}}), nil, nil)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	a.render(w, r, http.StatusOK, v)
}

// eventValues fills the form from a stored event.
func eventValues(e *Event, site *time.Location) url.Values {
	loc := e.Location(site)
	vs := url.Values{"slug": {e.Slug}, "kind": {string(e.Kind)}, "timezone": {e.Timezone}, "online_url": {e.OnlineURL},
		"starts_at": {news.LocalValue(e.StartsAt.Time, loc)}, "ends_at": {news.LocalValue(e.EndsAt.Time, loc)},
		"deadline": {news.LocalValue(e.Deadline.Time, loc)}}
	if e.Registration {
		vs.Set("registration", "1")
	}
	if e.Capacity > 0 {
		vs.Set("capacity", strconv.Itoa(e.Capacity))
	}
	for name, t := range map[string]i18n.Text{"title": e.Title, "description": e.Description, "agenda": e.Agenda, "place": e.Place, "minutes": e.Minutes} {
		news.TextValues(vs, name, t)
	}
	for _, o := range e.Organisers {
		vs.Add("organisers", itoa(o.ID))
	}
	for _, o := range e.Partners {
		vs.Add("partners", itoa(o.ID))
	}
	var lines []string
	for _, s := range e.Speakers {
		lines = append(lines, strings.Join([]string{s.Name, s.Role[i18n.AR], s.Role[i18n.FR], s.Role[i18n.EN]}, " | "))
	}
	vs.Set("speakers", strings.Join(lines, "\n"))
	for _, f := range append(append([]File(nil), e.Photos...), e.Documents...) {
		vs.Add("keep_file", f.Hash)
	}
	return vs
}

// ParseSpeakers reads one speaker a line: "Name | role in Arabic | in
// French | in English" (roles optional). bad is the first line without a
// name, or 0.
func ParseSpeakers(s string) (speakers []Speaker, bad int) {
	for i, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.Split(line, "|")
		sp := Speaker{Name: strings.TrimSpace(parts[0]), Role: i18n.Text{}}
		if sp.Name == "" || len(sp.Name) > 200 {
			return nil, i + 1
		}
		for j, l := range []i18n.Locale{i18n.AR, i18n.FR, i18n.EN} {
			if j+1 < len(parts) {
				if v := strings.TrimSpace(parts[j+1]); v != "" {
					sp.Role[l] = v
				}
			}
		}
		speakers = append(speakers, sp)
	}
	return speakers, 0
}

// readEvent reads the posted event, recording a message for each bad field.
func readEvent(f *web.Form, site *time.Location, known map[int64]bool) *Event {
	e := &Event{Slug: f.Get("slug"), Kind: Kind(f.Get("kind")), Title: news.ReadText(f, "title", true),
		Description: news.ReadText(f, "description", false), Agenda: news.ReadText(f, "agenda", false),
		Place: news.ReadText(f, "place", false), Minutes: news.ReadText(f, "minutes", false),
		Timezone: f.Get("timezone"), OnlineURL: news.ReadURL(f, "online_url"), Registration: f.Get("registration") != ""}
	switch {
	case e.Slug == "":
		f.Fail("slug", "form.required")
	case !news.ValidSlug(e.Slug):
		f.Fail("slug", "newsadmin.error.slug")
	}
	if !e.Kind.Valid() {
		f.Fail("kind", "eventadmin.error.kind")
	}
	loc := site
	if e.Timezone == "" {
		f.Fail("timezone", "form.required")
	} else if l, err := time.LoadLocation(e.Timezone); err == nil && e.Timezone != "Local" {
		loc = l
	}
	e.StartsAt = db.Timestamp{Time: news.ReadLocalTime(f, "starts_at", loc, true).UTC()}
	e.EndsAt = db.Timestamp{Time: news.ReadLocalTime(f, "ends_at", loc, true).UTC()}
	e.Deadline = db.Timestamp{Time: news.ReadLocalTime(f, "deadline", loc, false).UTC()}
	if v := f.Get("capacity"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 1000000 {
			f.Fail("capacity", "eventadmin.error.capacity")
		}
		e.Capacity = n
	}
	seen := map[int64]string{}
	for _, role := range []string{"organisers", "partners"} {
		for _, v := range f.Values[role] {
			id, err := strconv.ParseInt(v, 10, 64)
			if err != nil || !known[id] {
				f.Fail(role, "eventadmin.error.organisation")
				continue
			}
			if seen[id] != "" && seen[id] != role {
				f.Fail("partners", "eventadmin.error.both_roles")
				continue
			}
			seen[id] = role
			if role == "organisers" {
				e.Organisers = append(e.Organisers, OrgRef{ID: id})
			} else {
				e.Partners = append(e.Partners, OrgRef{ID: id})
			}
		}
	}
	speakers, bad := ParseSpeakers(f.Get("speakers"))
	if bad > 0 {
		f.Fail("speakers", "eventadmin.error.speaker", "Line", bad)
	}
	e.Speakers = speakers
	for _, p := range Check(e) {
		f.Fail(p.Field, p.Key)
	}
	return e
}

// readFiles applies the uploads: photos must be images.
func readFiles(f *web.Form, ups news.Uploads, e *Event) {
	var photos []files.Upload
	for _, u := range ups["photos"] {
		if strings.HasPrefix(u.ContentType, "image/") {
			photos = append(photos, u)
			e.Photos = append(e.Photos, File{Hash: u.Hash, Name: u.Name, ContentType: u.ContentType})
		} else {
			f.Fail("photos", "eventadmin.error.photo_type", "Name", u.Name)
		}
	}
	ups["photos"] = photos
	for _, u := range ups["documents"] {
		e.Documents = append(e.Documents, File{Hash: u.Hash, Name: u.Name, ContentType: u.ContentType})
	}
}

func recordFiles(ctx context.Context, tx *db.Tx, siteID int64, ups news.Uploads) error {
	for _, list := range ups {
		for _, u := range list {
			if err := files.Record(ctx, tx, siteID, u); err != nil {
				return err
			}
		}
	}
	return nil
}

func (a *Admin) create(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	f, ups, err := news.ReadUpload(w, r, a.Files, "photos", "documents")
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	_, known, err := a.choices(ctx)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	e := readEvent(f, site.Location, known)
	e.SiteID = site.ID
	readFiles(f, ups, e)
	if f.Valid() {
		err = a.Public.DB.InTx(ctx, func(tx *db.Tx) error {
			if err := recordFiles(ctx, tx, site.ID, ups); err != nil {
				return err
			}
			if err := Create(ctx, tx, e); err != nil {
				return err
			}
			return news.Record(ctx, tx, "create", "event", e.ID, "event "+e.Slug, nil, eventState(e))
		})
		switch {
		case err == nil:
			http.Redirect(w, r, "/admin/events?saved=1", http.StatusSeeOther)
			return
		case db.IsUniqueViolation(err):
			f.Fail("slug", "newsadmin.error.slug_taken")
		default:
			a.Public.Errors.Error(w, r, err)
			return
		}
	}
	v, err := a.form(r, f, nil, ups)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	a.render(w, r, http.StatusUnprocessableEntity, v)
}

func (a *Admin) edit(w http.ResponseWriter, r *http.Request) {
	e, ok := a.Public.load(w, r, r.PathValue("id"))
	if !ok {
		return
	}
	v, err := a.form(r, web.NewForm(eventValues(e, web.SiteOf(r.Context()).Location)), e, nil)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	v.Version = e.Version
	a.render(w, r, http.StatusOK, v)
}

func (a *Admin) update(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	cur, ok := a.Public.load(w, r, r.PathValue("id"))
	if !ok {
		return
	}
	f, ups, err := news.ReadUpload(w, r, a.Files, "photos", "documents")
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	_, known, err := a.choices(ctx)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	version, _ := strconv.Atoi(f.Get("version"))
	e := readEvent(f, site.Location, known)
	e.ID, e.SiteID = cur.ID, site.ID
	keep := map[string]bool{}
	for _, h := range f.Values["keep_file"] {
		keep[h] = true
	}
	for _, p := range cur.Photos {
		if keep[p.Hash] {
			e.Photos = append(e.Photos, p)
		}
	}
	for _, d := range cur.Documents {
		if keep[d.Hash] {
			e.Documents = append(e.Documents, d)
		}
	}
	readFiles(f, ups, e)
	status := http.StatusUnprocessableEntity
	stale := false
	if f.Valid() {
		err = a.Public.DB.InTx(ctx, func(tx *db.Tx) error {
			if err := recordFiles(ctx, tx, site.ID, ups); err != nil {
				return err
			}
			before, err := ByID(ctx, tx, site.ID, e.ID)
			if err != nil {
				return err
			}
			if err := Update(ctx, tx, e, version); err != nil {
				return err
			}
			after, err := ByID(ctx, tx, site.ID, e.ID)
			if err != nil {
				return err
			}
			if err := news.Record(ctx, tx, "update", "event", e.ID, "event "+e.Slug, eventState(before), eventState(after)); err != nil {
				return err
			}
			// More places (or none any more): the waiting list moves up.
			promoted, err := promote(ctx, tx, after)
			if err != nil {
				return err
			}
			return a.Public.mailPromoted(ctx, tx, r, after, promoted)
		})
		switch {
		case err == nil:
			http.Redirect(w, r, "/admin/events?saved=1", http.StatusSeeOther)
			return
		case IsStale(err):
			status, stale = http.StatusConflict, true
		case db.IsUniqueViolation(err):
			f.Fail("slug", "newsadmin.error.slug_taken")
		default:
			a.Public.Errors.Error(w, r, err)
			return
		}
	}
	v, err := a.form(r, f, cur, ups)
	if err != nil {
		a.Public.Errors.Error(w, r, err)
		return
	}
	v.Version, v.Stale = version, stale
	a.render(w, r, status, v)
}

// eventState is what the public ledger records of an event (never a
// registration: they are private).
func eventState(e *Event) map[string]any {
	ids := func(os []OrgRef) []int64 {
		out := make([]int64, len(os))
		for i, o := range os {
			out[i] = o.ID
		}
		return out
	}
	hashes := func(fs []File) []string {
		out := make([]string, len(fs))
		for i, f := range fs {
			out[i] = f.Hash
		}
		return out
	}
	ts := func(t db.Timestamp) any {
		if t.IsZero() {
			return nil
		}
		return t.UTC().Format(time.RFC3339)
	}
	return map[string]any{"slug": e.Slug, "kind": e.Kind, "title": e.Title, "description": e.Description,
		"starts_at": ts(e.StartsAt), "ends_at": ts(e.EndsAt), "timezone": e.Timezone, "online_url": e.OnlineURL,
		"place": e.Place, "agenda": e.Agenda, "minutes": e.Minutes, "registration": e.Registration, "capacity": e.Capacity,
		"registration_deadline": ts(e.Deadline), "organiser_ids": ids(e.Organisers), "partner_ids": ids(e.Partners),
		"speakers": e.Speakers, "photos": hashes(e.Photos), "documents": hashes(e.Documents)}
}
