package event_test

import (
	"bytes"
	"context"
	"encoding/json"
	"encoding/xml"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/emersion/go-ical"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/server/servertest"
)

// eventForm is a valid form: a forum on 20 May 2026, 10:00–13:00 in Casablanca.
func (e *env) eventForm(slug string, capacity int) url.Values {
	return url.Values{
		"kind": {"forum"}, "slug": {slug}, "timezone": {"Africa/Casablanca"},
		"title_ar": {"منتدى «جهات منفتحة وذكية»"}, "title_fr": {"Forum « Régions ouvertes et intelligentes »"}, "title_en": {"Open and Smart Regions, forum; online"},
		"description_ar": {"تقديم **المنتدى**"}, "agenda_ar": {"1. الافتتاح\n2. المداخلات"},
		"starts_at": {"2026-05-20T10:00"}, "ends_at": {"2026-05-20T13:00"}, "deadline": {"2026-05-19T18:00"},
		"place_ar": {"طنجة، مقر الجهة"}, "place_fr": {"Tanger, siège de la Région"}, "online_url": {"https://example.org/live"},
		"organisers": {strconv.FormatInt(e.council, 10)}, "partners": {strconv.FormatInt(e.assoc, 10)},
		"speakers":     {"Fatima | رئيسة المجلس | Présidente du conseil | Council president\nAli | باحث | Chercheur | Researcher"},
		"registration": {"1"}, "capacity": {strconv.Itoa(capacity)},
	}
}

func (e *env) addEvent(ed *servertest.Person, form url.Values) int64 {
	e.T.Helper()
	if a := e.Post(ed, "/admin/events/new", form, nil); a.Status != http.StatusSeeOther {
		e.T.Fatalf("create event: %d\n%s", a.Status, a.Body)
	}
	var id int64
	if err := e.DB.R().QueryRowContext(context.Background(), `SELECT id FROM events WHERE slug = ?`, form.Get("slug")).Scan(&id); err != nil {
		e.T.Fatal(err)
	}
	return id
}

// mails returns the messages sent so far.
func (e *env) mails() []mail.Message {
	e.T.Helper()
	paths, err := mail.Files(filepath.Join(e.DataDir, "mail"))
	if err != nil {
		e.T.Fatal(err)
	}
	var out []mail.Message
	for _, p := range paths {
		m, err := mail.ReadFile(p)
		if err != nil {
			e.T.Fatal(err)
		}
		out = append(out, m)
	}
	return out
}

// lastMailTo returns the last message to addr and the path and query of its link to path.
func (e *env) lastMailTo(addr, path string) (mail.Message, string) {
	e.T.Helper()
	ms := e.mails()
	for i := len(ms) - 1; i >= 0; i-- {
		if len(ms[i].To) == 1 && ms[i].To[0] == addr {
			m := regexp.MustCompile(regexp.QuoteMeta(e.TS.URL+path) + `\?token=[A-Za-z0-9_-]+`).FindString(ms[i].Text)
			return ms[i], strings.TrimPrefix(m, e.TS.URL)
		}
	}
	e.T.Fatalf("no mail to %s", addr)
	return mail.Message{}, ""
}

func TestAdminEvents(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		anon := e.Visitor(servertest.BrowserUA)
		if a := e.Get(anon, "/admin/events/new"); a.Status != http.StatusSeeOther || !strings.HasPrefix(a.Header.Get("Location"), "/login") {
			t.Errorf("anonymous: %d", a.Status)
		}
		cit := e.SignIn(auth.Citizen)
		if a := e.Get(cit, "/admin/events"); a.Status != http.StatusForbidden {
			t.Errorf("citizen: %d", a.Status)
		}
		if a := e.Post(cit, "/admin/events/new", e.eventForm("x", 0), nil); a.Status != http.StatusForbidden {
			t.Errorf("citizen POST: %d", a.Status)
		}
		ed := e.SignIn(auth.Editor)
		if a := e.Get(ed, "/admin/events/new"); a.Status != http.StatusOK || !strings.Contains(a.Body, `value="Africa/Casablanca"`) {
			t.Errorf("editor: %d", a.Status)
		}

		// Every mistake at once, with a message at its field and every value kept.
		bad := e.eventForm("forum-2026", 0)
		bad.Set("ends_at", "2026-05-20T09:00")
		bad.Set("deadline", "2026-05-21T09:00")
		bad.Set("timezone", "Africa/Atlantis")
		bad.Set("capacity", "-4")
		bad.Add("partners", strconv.FormatInt(e.council, 10))
		bad.Set("speakers", "Fatima | x\n | no name")
		a := e.Post(ed, "/admin/events/new?lang=en", bad, nil)
		if a.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad form: %d", a.Status)
		}
		servertest.Contains(t, "bad form", a.Body, "The end must come after the start.", "The registration deadline must come before the event starts.",
			"Unknown time zone.", "Enter a positive whole number.", "cannot be both an organiser and a partner", "Line 2: it must start",
			`value="Africa/Atlantis"`, `value="2026-05-21T09:00"`, "Tanger, siège de la Région", "Fatima | x", "6 fields to correct")
		noPlace := e.eventForm("forum-2026", 0)
		noPlace.Del("place_ar")
		noPlace.Del("place_fr")
		noPlace.Del("online_url")
		if a := e.Post(ed, "/admin/events/new", noPlace, nil); a.Status != http.StatusUnprocessableEntity || !strings.Contains(a.Body, "Give a place or a link") {
			t.Errorf("no place: %d", a.Status)
		}

		id := e.addEvent(ed, e.eventForm("forum-2026", 2))
		var starts db.Timestamp
		_ = d.R().QueryRowContext(context.Background(), `SELECT starts_at FROM events WHERE id = ?`, id).Scan(&starts)
		if !starts.Equal(time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC)) {
			t.Errorf("starts_at stored as %s", starts.UTC())
		}
		path := "/admin/events/" + strconv.FormatInt(id, 10) + "/edit"
		a = e.Get(ed, path)
		servertest.Contains(t, "edit form", a.Body, `value="2026-05-20T10:00"`, `value="2026-05-19T18:00"`, "Fatima | رئيسة المجلس | Présidente du conseil | Council president")
		var version int
		_ = d.R().QueryRowContext(context.Background(), `SELECT version FROM events WHERE id = ?`, id).Scan(&version)
		edit := e.eventForm("forum-2026", 3)
		edit.Set("minutes_ar", "محضر اللقاء")
		edit.Set("version", strconv.Itoa(version))
		if a := e.Post(ed, path, edit, map[string][2]string{"photos": {"photo.png", servertest.PNG()}, "documents": {"notes.pdf", "%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"}}); a.Status != http.StatusSeeOther {
			t.Fatalf("edit: %d\n%s", a.Status, a.Body)
		}
		if a := e.Post(ed, path, edit, nil); a.Status != http.StatusConflict {
			t.Errorf("stale edit: %d", a.Status)
		}
		var n int
		_ = d.R().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM audit_entries WHERE entity = 'event' AND entity_id = ?`, id).Scan(&n)
		if n != 2 {
			t.Errorf("%d ledger entries, want 2", n)
		}
		var files int
		_ = d.R().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM event_files WHERE event_id = ?`, id).Scan(&files)
		if files != 2 {
			t.Errorf("%d files, want 2", files)
		}
	})
}

func TestRegistration(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ed := e.SignIn(auth.Editor)
	id := e.addEvent(ed, e.eventForm("forum-2026", 2))
	page := "/events/" + strconv.FormatInt(id, 10)

	anon := e.Visitor(servertest.BrowserUA)
	a := e.Get(anon, page)
	servertest.Contains(t, "event page", a.Body, `<html lang="ar" dir="rtl">`, "منتدى «جهات منفتحة وذكية»", "20 ماي 2026 على الساعة 10:00", "13:00",
		"(Africa/Casablanca)", "هيئة council", "هيئة impact", "Fatima", "رئيسة المجلس", "<strong>المنتدى</strong>", "لا أحد مسجل بعد", "بقي مقعدان",
		`name="email"`, page+".ics")

	m := regexp.MustCompile(`(?s)<script type="application/ld\+json">(.*?)</script>`).FindStringSubmatch(a.Body)
	var ld map[string]any
	if m == nil || json.Unmarshal([]byte(m[1]), &ld) != nil || ld["@type"] != "Event" || ld["startDate"] != "2026-05-20T09:00:00Z" ||
		ld["eventAttendanceMode"] != "https://schema.org/MixedEventAttendanceMode" {
		t.Errorf("JSON-LD %v", ld)
	}

	// A signed-in person registers at once; twice is refused at the button.
	alice := e.SignIn(auth.Citizen)
	if a := e.PostForm(alice, page+"/register", nil); a.Status != http.StatusSeeOther || !strings.HasSuffix(a.Header.Get("Location"), "?registered=confirmed") {
		t.Fatalf("alice: %d %s", a.Status, a.Header.Get("Location"))
	}
	if a := e.PostForm(alice, page+"/register", nil); a.Status != http.StatusUnprocessableEntity || !strings.Contains(a.Body, "هذا التسجيل موجود من قبل") {
		t.Errorf("alice twice: %d", a.Status)
	}
	if m, link := e.lastMailTo(alice.Email, "/events/registrations/cancel"); link == "" || !strings.Contains(m.Subject, "تم تسجيلكم") {
		t.Errorf("alice's mail %q %q", m.Subject, link)
	}

	// A guest: bad fields first, values kept.
	a = e.PostForm(anon, page+"/register?lang=fr", url.Values{"name": {"Brahim"}, "email": {"not-an-address"}})
	if a.Status != http.StatusUnprocessableEntity || !strings.Contains(a.Body, "Saisissez une adresse électronique valide") || !strings.Contains(a.Body, `value="Brahim"`) {
		t.Errorf("guest bad email: %d", a.Status)
	}
	// Alice's address typed by someone else: answered as any address; alice is told by mail.
	if a := e.PostForm(anon, page+"/register", url.Values{"name": {"Brahim"}, "email": {alice.Email}}); a.Status != http.StatusSeeOther ||
		!strings.HasSuffix(a.Location, "?registered=pending") {
		t.Errorf("guest with alice's address: %d %s", a.Status, a.Location)
	}
	a = e.PostForm(anon, page+"/register", url.Values{"name": {"Brahim"}, "email": {"Brahim@Example.org"}})
	if a.Status != http.StatusSeeOther || !strings.HasSuffix(a.Header.Get("Location"), "?registered=pending") {
		t.Fatalf("guest: %d %s", a.Status, a.Header.Get("Location"))
	}
	_, confirm := e.lastMailTo("brahim@example.org", "/events/registrations/confirm")
	// Opening the link changes nothing: the page asks for a click.
	if a := e.Get(anon, confirm); a.Status != http.StatusOK || !strings.Contains(a.Body, `name="token"`) {
		t.Fatalf("confirm page: %d", a.Status)
	}
	token := strings.TrimPrefix(confirm, "/events/registrations/confirm?token=")
	if a := e.PostForm(anon, "/events/registrations/confirm", url.Values{"token": {token}}); a.Status != http.StatusOK || !strings.Contains(a.Body, "تم تأكيد تسجيلكم") {
		t.Fatalf("confirm: %d", a.Status)
	}
	if a := e.PostForm(anon, "/events/registrations/confirm", url.Values{"token": {token}}); a.Status != http.StatusBadRequest {
		t.Errorf("confirm twice: %d", a.Status)
	}
	_, brahimCancel := e.lastMailTo("brahim@example.org", "/events/registrations/cancel")

	// The event is full: the next people wait.
	carla := e.SignIn(auth.Citizen)
	if a := e.PostForm(carla, page+"/register", nil); !strings.HasSuffix(a.Header.Get("Location"), "?registered=waiting") {
		t.Fatalf("carla: %d %s", a.Status, a.Header.Get("Location"))
	}
	dina := e.SignIn(auth.Citizen)
	e.PostForm(dina, page+"/register", nil)
	a = e.Get(carla, page)
	servertest.Contains(t, "carla's page", a.Body, "أنتم في لائحة الانتظار", "شخصان مسجلان", "لم يبق أي مقعد", "شخصان في لائحة الانتظار")
	// Registrations are never listed: no name or address of anyone else.
	servertest.Lacks(t, "event page", e.Get(anon, page).Body, "Brahim", "brahim@example.org", alice.Email, alice.Name)

	// Brahim cancels with his link: Carla, first in line, gets the place and is told.
	ct := strings.TrimPrefix(brahimCancel, "/events/registrations/cancel?token=")
	if a := e.PostForm(anon, "/events/registrations/cancel?lang=en", url.Values{"token": {ct}}); a.Status != http.StatusOK || !strings.Contains(a.Body, "Registration cancelled") {
		t.Fatalf("cancel: %d", a.Status)
	}
	if m, link := e.lastMailTo(carla.Email, "/events/registrations/cancel"); !strings.Contains(m.Subject, "شغر مقعد") || link == "" {
		t.Errorf("carla's promotion mail %q", m.Subject)
	}
	var status string
	_ = e.DB.R().QueryRowContext(context.Background(), `SELECT status FROM event_registrations WHERE user_id = ?`, dina.ID).Scan(&status)
	if status != "waiting" {
		t.Errorf("dina is %s, want waiting", status)
	}
	// Alice cancels from the page: Dina moves up.
	if a := e.PostForm(alice, page+"/cancel", nil); a.Status != http.StatusSeeOther {
		t.Errorf("alice cancels: %d", a.Status)
	}
	_ = e.DB.R().QueryRowContext(context.Background(), `SELECT status FROM event_registrations WHERE user_id = ?`, dina.ID).Scan(&status)
	if status != "confirmed" {
		t.Errorf("dina is %s, want confirmed", status)
	}
	if a := e.PostForm(anon, "/events/registrations/cancel", url.Values{"token": {"nonsense"}}); a.Status != http.StatusBadRequest {
		t.Errorf("bad token: %d", a.Status)
	}

	// The organisers see who registered, on the administration page only.
	regs := "/admin/events/" + strconv.FormatInt(id, 10) + "/registrations"
	a = e.Get(ed, regs)
	servertest.Contains(t, "registrations", a.Body, "Brahim", "brahim@example.org", alice.Email, carla.Email, "ملغى", "مسجل")
	if a := e.Get(carla, regs); a.Status != http.StatusForbidden {
		t.Errorf("citizen sees the registrations: %d", a.Status)
	}
	if a := e.Get(anon, regs); a.Status != http.StatusSeeOther {
		t.Errorf("visitor: %d", a.Status)
	}

	// The API gives counts only.
	a = e.Get(anon, "/api/v1/events/"+strconv.FormatInt(id, 10))
	var one struct {
		Data map[string]any `json:"data"`
	}
	if err := json.Unmarshal([]byte(a.Body), &one); err != nil || one.Data["registered"] != 2.0 || one.Data["waiting"] != 0.0 || one.Data["capacity"] != 2.0 {
		t.Errorf("api: %v %s", err, a.Body)
	}
	servertest.Lacks(t, "api", a.Body, "@", "Brahim")
	if one.Data["registration_deadline"] != "2026-05-19T17:00:00Z" {
		t.Errorf("deadline %v", one.Data["registration_deadline"])
	}
}

func TestRegistrationClosed(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ed := e.SignIn(auth.Editor)
	past := e.eventForm("held", 0)
	past.Set("starts_at", "2020-11-20T10:00")
	past.Set("ends_at", "2020-11-20T13:00")
	past.Set("deadline", "")
	past.Set("minutes_ar", "تم **تقديم** تجربة الجهة.")
	id := e.addEvent(ed, past)
	page := "/events/" + strconv.FormatInt(id, 10)
	a := e.Get(e.Visitor(servertest.BrowserUA), page)
	servertest.Contains(t, "past event", a.Body, "انتهى هذا النشاط", "باب التسجيل مغلق.", "<strong>تقديم</strong>")
	servertest.Lacks(t, "past event", a.Body, `name="email"`)
	if a := e.PostForm(e.Visitor(servertest.BrowserUA), page+"/register", url.Values{"name": {"X"}, "email": {"x@example.org"}}); a.Status != http.StatusUnprocessableEntity ||
		!strings.Contains(a.Body, "باب التسجيل في هذا النشاط مغلق.") {
		t.Errorf("late registration: %d", a.Status)
	}
	list := e.Get(e.Visitor(servertest.BrowserUA), "/events")
	if i, j := strings.Index(list.Body, "الأنشطة السابقة"), strings.Index(list.Body, page+`"`); i < 0 || j < i {
		t.Error("the past event is not under past events")
	}
}

func TestICS(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ed := e.SignIn(auth.Editor)
	id := e.addEvent(ed, e.eventForm("forum-2026", 0))
	other := e.eventForm("workshop", 0)
	other.Set("kind", "workshop")
	other.Set("starts_at", "2026-06-02T15:00")
	other.Set("ends_at", "2026-06-02T17:30")
	other.Set("deadline", "")
	e.addEvent(ed, other)
	anon := e.Visitor(servertest.BrowserUA)

	parse := func(path string) (*ical.Calendar, string) {
		t.Helper()
		a := e.Get(anon, path)
		if a.Status != http.StatusOK || a.Header.Get("Content-Type") != "text/calendar; charset=utf-8" {
			t.Fatalf("%s: %d %s", path, a.Status, a.Header.Get("Content-Type"))
		}
		for _, line := range strings.Split(a.Body, "\r\n") {
			if len(line) > 75 {
				t.Errorf("%s: a line of %d octets", path, len(line))
			}
		}
		cal, err := ical.NewDecoder(strings.NewReader(a.Body)).Decode()
		if err != nil {
			t.Fatalf("%s: %v", path, err)
		}
		// The library's encoder checks the required properties.
		var buf bytes.Buffer
		if err := ical.NewEncoder(&buf).Encode(cal); err != nil {
			t.Errorf("%s: not a valid calendar: %v", path, err)
		}
		return cal, a.Body
	}
	cal, _ := parse("/events/" + strconv.FormatInt(id, 10) + ".ics?lang=en")
	evs := cal.Events()
	if len(evs) != 1 {
		t.Fatalf("%d events", len(evs))
	}
	ev := evs[0]
	start, err := ev.DateTimeStart(time.UTC)
	if err != nil || !start.Equal(time.Date(2026, 5, 20, 9, 0, 0, 0, time.UTC)) {
		t.Errorf("DTSTART %v %v", start, err)
	}
	end, _ := ev.DateTimeEnd(time.UTC)
	if !end.Equal(time.Date(2026, 5, 20, 12, 0, 0, 0, time.UTC)) {
		t.Errorf("DTEND %v", end)
	}
	uid, _ := ev.Props.Text(ical.PropUID)
	summary, _ := ev.Props.Text(ical.PropSummary)
	location, _ := ev.Props.Text(ical.PropLocation)
	if uid != "event-"+strconv.FormatInt(id, 10)+"@127.0.0.1" || summary != "Open and Smart Regions, forum; online" || location != "طنجة، مقر الجهة" {
		t.Errorf("UID %q SUMMARY %q LOCATION %q", uid, summary, location)
	}
	if ev.Props.Get(ical.PropDateTimeStamp) == nil {
		t.Error("no DTSTAMP")
	}
	feed, body := parse("/feeds/events.ics")
	if n := len(feed.Events()); n != 2 {
		t.Errorf("feed has %d events", n)
	}
	desc, _ := feed.Events()[0].Props.Text(ical.PropDescription)
	if desc != "تقديم **المنتدى**" {
		t.Errorf("DESCRIPTION %q", desc)
	}
	again := e.Get(anon, "/feeds/events.ics")
	if again.Body != body {
		t.Error("the feed changes between two reads: UID or DTSTAMP not stable")
	}

	// The sitemap lists every event page.
	var set struct {
		URLs []struct {
			Loc string `xml:"loc"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(e.Get(anon, "/sitemap.xml").Body), &set); err != nil {
		t.Fatal(err)
	}
	found := 0
	for _, u := range set.URLs {
		if strings.HasPrefix(u.Loc, e.TS.URL+"/events/") {
			found++
		}
	}
	if found != 2 {
		t.Errorf("sitemap lists %d events, want 2", found)
	}
}
