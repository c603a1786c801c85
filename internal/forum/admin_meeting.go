package forum

import (
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/platform/webform"
)

// The administration of the forum's meetings.

func (a *Admin) meetingForm(r *http.Request, f *web.Form, m *Meeting, kept news.Uploads) *webform.FormView {
	p := a.printer(r)
	b := news.FormKit.Builder(p, f)
	b.Max = map[string]int{"title": MaxTitleLen, "place": MaxPlaceLen, "agenda": MaxTextLen, "minutes": MaxTextLen,
		"decisions": MaxTextLen, "timezone": MaxTimezoneLen}
	docs := b.Hint(b.Input("file", "documents", -1, "forumadmin.documents", false), "forumadmin.documents_hint")
	docs.Multiple = true
	v := &webform.FormView{Heading: p.T("forumadmin.new_meeting"), Back: "/admin/forum", BackLabel: p.T("forumadmin.title"),
		Action: "/admin/forum/meetings/new", Multipart: true, Submit: p.T("newsadmin.form.save"),
		Sets: []webform.FieldSet{
			{Legend: p.T("forumadmin.meeting"), Fields: []webform.Field{
				b.Texts("title", -1, "forumadmin.meeting_title", false, true),
				b.Hint(b.Input("datetime-local", "starts_at", -1, "forumadmin.starts_at", true), "forumadmin.starts_at_hint"),
				b.Hint(b.Input("text", "timezone", -1, "forumadmin.timezone", true), "forumadmin.timezone_hint"),
				b.Texts("place", -1, "forumadmin.place", false, false),
				b.Texts("agenda", -1, "forumadmin.agenda", true, false),
			}},
			{Legend: p.T("forumadmin.after"), Fields: []webform.Field{
				b.Input("number", "attendance_government", -1, "forumadmin.attendance_government", false),
				b.Input("number", "attendance_civil_society", -1, "forumadmin.attendance_civil_society", false),
				b.Texts("minutes", -1, "forumadmin.minutes", true, false),
				b.Texts("decisions", -1, "forumadmin.decisions", true, false),
				docs,
			}},
		},
		Kept: kept.Keep(f),
	}
	if m != nil {
		var existing []webform.Option
		for _, d := range m.Documents {
			existing = append(existing, webform.Option{Value: d.Hash, Label: d.Name})
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
	vs := url.Values{"timezone": {m.Timezone}, "starts_at": {webform.LocalValue(m.StartsAt.Time, m.Location(site))},
		"attendance_government": {strconv.Itoa(m.AttendanceGovernment)}, "attendance_civil_society": {strconv.Itoa(m.AttendanceCivilSociety)}}
	for name, t := range map[string]i18n.Text{"title": m.Title, "place": m.Place, "agenda": m.Agenda, "minutes": m.Minutes, "decisions": m.Decisions} {
		webform.TextValues(vs, name, t)
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
	if err != nil || n < 0 || n > MaxAttendance {
		f.Fail(name, "forumadmin.error.attendance")
		return 0
	}
	return n
}

// readMeeting reads the posted meeting, recording a message for each bad field.
func readMeeting(f *web.Form, site *time.Location) *Meeting {
	kit := news.FormKit
	m := &Meeting{Title: kit.ReadText(f, "title", -1, MaxTitleLen, true), Place: kit.ReadText(f, "place", -1, MaxPlaceLen, false),
		Agenda: kit.ReadText(f, "agenda", -1, MaxTextLen, false), Minutes: kit.ReadText(f, "minutes", -1, MaxTextLen, false),
		Decisions: kit.ReadText(f, "decisions", -1, MaxTextLen, false), Timezone: kit.ReadString(f, "timezone", -1, MaxTimezoneLen, false)}
	loc := site
	if m.Timezone == "" {
		f.Fail("timezone", "form.required")
	} else if l, err := time.LoadLocation(m.Timezone); err == nil && m.Timezone != "Local" {
		loc = l
	}
	m.StartsAt = db.Timestamp{Time: news.FormKit.ReadLocalTime(f, "starts_at", loc, true).UTC()}
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
