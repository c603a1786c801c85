package event

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/platform/webform"
)

// The event form of the administration: its controls and how it is read back.

func (a *Admin) form(r *http.Request, f *web.Form, e *Event, kept news.Uploads) (*webform.FormView, error) {
	ctx := r.Context()
	l := web.Locale(ctx)
	p := a.Public.Errors.Catalog.Printer(l)
	b := news.FormKit.Builder(p, f)
	b.Max = map[string]int{"title": MaxTitleLen, "slug": news.MaxSlug, "description": MaxTextLen, "agenda": MaxTextLen,
		"place": MaxPlaceLen, "minutes": MaxMinutesLen, "timezone": MaxTimezoneLen, "online_url": webform.MaxURLLen,
		"speakers": MaxSpeakersLen}
	orgs, _, err := a.choices(ctx)
	if err != nil {
		return nil, err
	}
	kinds := make([]webform.Option, len(Kinds))
	for i, k := range Kinds {
		kinds[i] = webform.Option{Value: string(k), Label: p.T("event.kind." + string(k))}
	}
	photos := b.Hint(b.Input("file", "photos", -1, "eventadmin.photos", false), "eventadmin.photos_hint")
	photos.Multiple, photos.Accept = true, "image/png,image/jpeg,image/webp"
	docs := b.Hint(b.Input("file", "documents", -1, "eventadmin.documents", false), "eventadmin.documents_hint")
	docs.Multiple = true
	v := &webform.FormView{
		Heading: p.T("eventadmin.new"), Back: "/admin/events", BackLabel: p.T("eventadmin.title"),
		Action: "/admin/events/new", Multipart: true, Submit: p.T("newsadmin.form.save"),
		Sets: []webform.FieldSet{
			{Legend: p.T("eventadmin.what"), Fields: []webform.Field{
				b.Choice("kind", -1, "eventadmin.kind", "", kinds, true),
				b.Texts("title", -1, "eventadmin.event_title", false, true),
				b.Hint(b.Input("text", "slug", -1, "newsadmin.post.slug", true), "eventadmin.slug_hint"),
				b.Texts("description", -1, "eventadmin.description", true, false),
				b.Texts("agenda", -1, "eventadmin.agenda", true, false),
			}},
			{Legend: p.T("eventadmin.when_where"), Fields: []webform.Field{
				b.Input("datetime-local", "starts_at", -1, "eventadmin.starts_at", true),
				b.Input("datetime-local", "ends_at", -1, "eventadmin.ends_at", true),
				b.Hint(b.Input("text", "timezone", -1, "eventadmin.timezone", true), "eventadmin.timezone_hint"),
				b.Texts("place", -1, "eventadmin.place", false, false),
				b.Input("url", "online_url", -1, "eventadmin.online_url", false),
			}},
			{Legend: p.T("eventadmin.who"), Fields: []webform.Field{
				b.Checks("organisers", "eventadmin.organisers", orgs),
				b.Checks("partners", "eventadmin.partners", orgs),
				b.Hint(b.Input("area", "speakers", -1, "eventadmin.speakers", false), "eventadmin.speakers_hint"),
			}},
			{Legend: p.T("eventadmin.registration"), Fields: []webform.Field{
				b.Checkbox("registration", "eventadmin.registration_open"),
				b.Hint(b.Input("number", "capacity", -1, "eventadmin.capacity", false), "eventadmin.capacity_hint"),
				b.Hint(b.Input("datetime-local", "deadline", -1, "eventadmin.deadline", false), "eventadmin.deadline_hint"),
			}},
			{Legend: p.T("eventadmin.after"), Fields: []webform.Field{
				b.Texts("minutes", -1, "eventadmin.minutes", true, false),
				photos, docs,
			}},
		},
		Kept: kept.Keep(f),
	}
	if e != nil {
		var existing []webform.Option
		for _, fl := range append(append([]File(nil), e.Photos...), e.Documents...) {
			existing = append(existing, webform.Option{Value: fl.Hash, Label: fl.Name})
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

func (a *Admin) render(w http.ResponseWriter, r *http.Request, status int, v *webform.FormView) {
	news.FormKit.Summarize(v, a.Public.Errors.Catalog.Printer(web.Locale(r.Context())))
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
		"starts_at": {webform.LocalValue(e.StartsAt.Time, loc)}, "ends_at": {webform.LocalValue(e.EndsAt.Time, loc)},
		"deadline": {webform.LocalValue(e.Deadline.Time, loc)}}
	if e.Registration {
		vs.Set("registration", "1")
	}
	if e.Capacity > 0 {
		vs.Set("capacity", strconv.Itoa(e.Capacity))
	}
	for name, t := range map[string]i18n.Text{"title": e.Title, "description": e.Description, "agenda": e.Agenda, "place": e.Place, "minutes": e.Minutes} {
		webform.TextValues(vs, name, t)
	}
	for _, o := range e.Organisers {
		vs.Add("organisers", itoa(o.ID))
	}
	for _, o := range e.Partners {
		vs.Add("partners", itoa(o.ID))
	}
	var lines []string
	for _, s := range e.Speakers {
		parts := []string{s.Name, s.Role[i18n.AR], s.Role[i18n.FR], s.Role[i18n.EN]}
		if s.Role[i18n.ZGH] != "" {
			parts = append(parts, s.Role[i18n.ZGH])
		}
		lines = append(lines, strings.Join(parts, " | "))
	}
	vs.Set("speakers", strings.Join(lines, "\n"))
	for _, f := range append(append([]File(nil), e.Photos...), e.Documents...) {
		vs.Add("keep_file", f.Hash)
	}
	return vs
}

// ParseSpeakers reads one speaker a line: "Name | role in Arabic | in
// French | in English | in Amazigh" (roles optional). bad is the first line without a
// name, or 0.
func ParseSpeakers(s string) (speakers []Speaker, bad int) {
	for i, line := range strings.Split(strings.ReplaceAll(s, "\r\n", "\n"), "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		parts := strings.Split(line, "|")
		sp := Speaker{Name: strings.TrimSpace(parts[0]), Role: i18n.Text{}}
		if sp.Name == "" || utf8.RuneCountInString(sp.Name) > MaxSpeakerNameLen {
			return nil, i + 1
		}
		for j, l := range i18n.Locales {
			if j+1 < len(parts) {
				if v := strings.TrimSpace(parts[j+1]); v != "" {
					if utf8.RuneCountInString(v) > MaxSpeakerRoleLen {
						return nil, i + 1
					}
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
	kit := news.FormKit
	e := &Event{Slug: f.Get("slug"), Kind: Kind(f.Get("kind")), Title: kit.ReadText(f, "title", -1, MaxTitleLen, true),
		Description: kit.ReadText(f, "description", -1, MaxTextLen, false), Agenda: kit.ReadText(f, "agenda", -1, MaxTextLen, false),
		Place: kit.ReadText(f, "place", -1, MaxPlaceLen, false), Minutes: kit.ReadText(f, "minutes", -1, MaxMinutesLen, false),
		Timezone: kit.ReadString(f, "timezone", -1, MaxTimezoneLen, false), OnlineURL: kit.ReadURL(f, "online_url", -1),
		Registration: f.Get("registration") != ""}
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
	e.StartsAt = db.Timestamp{Time: news.FormKit.ReadLocalTime(f, "starts_at", loc, true).UTC()}
	e.EndsAt = db.Timestamp{Time: news.FormKit.ReadLocalTime(f, "ends_at", loc, true).UTC()}
	e.Deadline = db.Timestamp{Time: news.FormKit.ReadLocalTime(f, "deadline", loc, false).UTC()}
	if v := f.Get("capacity"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 0 || n > 1000000 {
			f.Fail("capacity", "eventadmin.error.capacity")
		}
		e.Capacity = n
	}
	seen := map[int64]string{}
	for _, role := range []string{"organisers", "partners"} {
		if !kit.MaxChoices(f, role, MaxOrganisations) {
			continue
		}
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
	speakers, bad := ParseSpeakers(kit.ReadString(f, "speakers", -1, MaxSpeakersLen, false))
	switch {
	case bad > 0:
		f.Fail("speakers", "eventadmin.error.speaker", "Line", bad)
	case len(speakers) > MaxSpeakers:
		f.Fail("speakers", kit.TooMany, "Max", MaxSpeakers)
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
