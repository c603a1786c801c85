package event_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/server/servertest"
)

// buttonRE finds the form of an emailed link's page and the token it posts.
var buttonRE = regexp.MustCompile(`(?s)<form method="post" action="([^"]+)"[^>]*>.*?<input type="hidden" name="token" value="([^"]*)">`)

// press opens an emailed link (path and query) as p, as a browser without
// JavaScript does, and presses the button of its page.
func (e *env) press(p *servertest.Person, link string) servertest.Answer {
	e.T.Helper()
	a := e.Get(p, link)
	m := buttonRE.FindStringSubmatch(a.Body)
	if a.Status != http.StatusOK || m == nil {
		e.T.Fatalf("GET %s: %d, no button\n%s", link, a.Status, servertest.Excerpt(a.Body))
	}
	return e.PostForm(p, html.UnescapeString(m[1]), url.Values{"token": {html.UnescapeString(m[2])}})
}

// tokenOf returns the token of a link's path and query.
func tokenOf(t *testing.T, link string) string {
	t.Helper()
	u, err := url.Parse(link)
	if err != nil || u.Query().Get("token") == "" {
		t.Fatalf("no token in %q", link)
	}
	return u.Query().Get("token")
}

// mainOf is the page's <main> element: what a visitor reads.
func mainOf(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if i := strings.Index(s, "</main>"); i >= 0 {
		s = s[:i]
	}
	return s
}

// regStatus returns the state and stored name of the event's registration
// made by userID, or else by the guest address email.
func (e *env) regStatus(eventID, userID int64, email string) (status, name string) {
	e.T.Helper()
	err := e.DB.R().QueryRowContext(context.Background(), `SELECT status, name FROM event_registrations WHERE event_id = ?
		AND (user_id = ? OR user_id IS NULL AND email = ?)`, eventID, userID, email).Scan(&status, &name)
	if err != nil {
		e.T.Fatalf("registration of %d/%s: %v", userID, email, err)
	}
	return status, name
}

// TestGuestRegistrationAnswersAlike: a guest registering with an address
// that is already registered (an account's, a confirmed guest's, an
// unconfirmed guest's) gets exactly the answer of an unknown address, and
// the page after it is the same; only the mail to the address differs,
// which the visitor does not read. Nothing registered changes.
func TestGuestRegistrationAnswersAlike(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		id := e.addEvent(e.SignIn(auth.Editor), e.eventForm("forum-2026", 2))
		page := "/events/" + strconv.FormatInt(id, 10)

		alice := e.SignIn(auth.Citizen)
		if a := e.PostForm(alice, page+"/register", nil); a.Status != http.StatusSeeOther {
			t.Fatalf("alice: %d", a.Status)
		}
		const known, pending, unknown = "known.guest@example.org", "pending.guest@example.org", "nobody@example.org"
		guest := e.Visitor(servertest.BrowserUA)
		e.PostForm(guest, page+"/register", url.Values{"name": {"Known Guest"}, "email": {known}})
		_, link := e.lastMailTo(known, "/events/registrations/confirm")
		if a := e.press(guest, link); a.Status != http.StatusOK {
			t.Fatalf("known guest confirms: %d", a.Status)
		}
		e.PostForm(e.Visitor(servertest.BrowserUA), page+"/register", url.Values{"name": {"Pending Guest"}, "email": {pending}})
		mailsBefore := len(e.mails())

		type seen struct {
			status         int
			location, body string
			after          string
		}
		try := func(addr string) seen {
			t.Helper()
			v := e.Visitor(servertest.BrowserUA)
			a := e.PostForm(v, page+"/register", url.Values{"name": {"Stranger"}, "email": {addr}})
			after := e.Get(v, a.Location)
			if after.Status != http.StatusOK {
				t.Fatalf("after registering %s: %d", addr, after.Status)
			}
			return seen{a.Status, a.Location, a.Body, mainOf(after.Body)}
		}
		want := try(unknown)
		if want.status != http.StatusSeeOther || want.location != page+"?registered=pending" || !strings.Contains(want.after, "أرسلنا إلى بريدكم الإلكتروني رابطاً") {
			t.Fatalf("unknown address: %d %q\n%s", want.status, want.location, want.after)
		}
		for _, addr := range []string{alice.Email, strings.ToUpper(known), pending} {
			if got := try(addr); got != want {
				t.Errorf("the answer for %s differs from an unknown address's: %d %q\n%s", addr, got.status, got.location, got.after)
			}
		}

		// Each address's owner got one message; the known ones are told they
		// are registered, with their own name and a cancellation link.
		if n := len(e.mails()) - mailsBefore; n != 4 {
			t.Errorf("%d messages, want one to each address", n)
		}
		m, cancel := e.lastMailTo(alice.Email, "/events/registrations/cancel")
		if cancel == "" || !strings.Contains(m.Subject, "أنتم مسجلون من قبل") || !strings.Contains(m.Text, alice.Name) || strings.Contains(m.Text, "Stranger") {
			t.Errorf("alice's message %q:\n%s", m.Subject, m.Text)
		}
		m, _ = e.lastMailTo(known, "/events/registrations/cancel")
		if !strings.Contains(m.Subject, "أنتم مسجلون من قبل") || !strings.Contains(m.Text, "Known Guest") {
			t.Errorf("the known guest's message %q", m.Subject)
		}
		if m, link := e.lastMailTo(pending, "/events/registrations/confirm"); link == "" || !strings.Contains(m.Subject, "أكدوا تسجيلكم") {
			t.Errorf("the pending address's message %q", m.Subject)
		}
		if _, link := e.lastMailTo(unknown, "/events/registrations/confirm"); link == "" {
			t.Error("the unknown address got no confirmation link")
		}
		// Nothing registered changed.
		if s, _ := e.regStatus(id, alice.ID, ""); s != "confirmed" {
			t.Errorf("alice is %s", s)
		}
		if s, name := e.regStatus(id, 0, known); s != "confirmed" || name != "Known Guest" {
			t.Errorf("the known guest is %s, %q", s, name)
		}
		if n := e.Count(`SELECT COUNT(*) FROM event_registrations WHERE event_id = ? AND status IN ('confirmed', 'waiting')`, id); n != 2 {
			t.Errorf("%d places taken or awaited, want 2", n)
		}
		// The cancellation link alice's message carries works.
		if a := e.press(e.Visitor(servertest.BrowserUA), cancel); a.Status != http.StatusOK {
			t.Errorf("alice's new cancellation link: %d", a.Status)
		}
	})
}

// TestPendingGuestDoesNotBlockOwner: a stranger's unconfirmed registration
// with someone's address blocks neither its owner signed in nor its owner
// as a guest confirming by mail; capacity and the waiting list hold.
func TestPendingGuestDoesNotBlockOwner(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		id := e.addEvent(e.SignIn(auth.Editor), e.eventForm("small", 1))
		page := "/events/" + strconv.FormatInt(id, 10)
		alice := e.SignIn(auth.Citizen)
		bob := e.SignIn(auth.Citizen)
		const owner = "owner@example.org"

		// A stranger registers both addresses first.
		stranger := e.Visitor(servertest.BrowserUA)
		for _, addr := range []string{owner, bob.Email} {
			if a := e.PostForm(stranger, page+"/register", url.Values{"name": {"Stranger"}, "email": {addr}}); a.Status != http.StatusSeeOther {
				t.Fatalf("stranger with %s: %d", addr, a.Status)
			}
		}
		_, strangerOwner := e.lastMailTo(owner, "/events/registrations/confirm")
		_, strangerBob := e.lastMailTo(bob.Email, "/events/registrations/confirm")
		// Pending registrations take no place: alice gets the only one.
		if a := e.PostForm(alice, page+"/register", nil); !strings.HasSuffix(a.Location, "?registered=confirmed") {
			t.Fatalf("alice: %d %s", a.Status, a.Location)
		}

		// The owner, as a guest, registers and confirms from the mailbox: on
		// the waiting list, in their own name.
		guest := e.Visitor(servertest.BrowserUA)
		if a := e.PostForm(guest, page+"/register?lang=en", url.Values{"name": {"Real Owner"}, "email": {owner}}); a.Status != http.StatusSeeOther {
			t.Fatalf("owner: %d\n%s", a.Status, servertest.Excerpt(a.Body))
		}
		_, ownerLink := e.lastMailTo(owner, "/events/registrations/confirm")
		if a := e.press(guest, ownerLink); a.Status != http.StatusOK || !strings.Contains(a.Body, "أنتم في لائحة الانتظار") {
			t.Fatalf("owner confirms: %d\n%s", a.Status, servertest.Excerpt(a.Body))
		}
		if s, name := e.regStatus(id, 0, owner); s != "waiting" || name != "Real Owner" {
			t.Errorf("the owner's registration is %s, %q", s, name)
		}
		if a := e.PostForm(stranger, "/events/registrations/confirm", url.Values{"token": {tokenOf(t, strangerOwner)}}); a.Status != http.StatusBadRequest {
			t.Errorf("the stranger's link for the owner's address: %d", a.Status)
		}

		// Bob, signed in, registers despite the stranger's use of his address.
		if a := e.PostForm(bob, page+"/register", nil); a.Status != http.StatusSeeOther || !strings.HasSuffix(a.Location, "?registered=waiting") {
			t.Fatalf("bob: %d %s\n%s", a.Status, a.Location, servertest.Excerpt(a.Body))
		}
		servertest.Contains(t, "bob's page", e.Get(bob, page).Body, "أنتم في لائحة الانتظار")
		if a := e.PostForm(stranger, "/events/registrations/confirm", url.Values{"token": {tokenOf(t, strangerBob)}}); a.Status != http.StatusBadRequest {
			t.Errorf("the stranger's link for bob's address: %d", a.Status)
		}
		if n := e.Count(`SELECT COUNT(*) FROM event_registrations WHERE event_id = ? AND status = 'pending'`, id); n != 0 {
			t.Errorf("%d registrations still pending", n)
		}

		// Alice cancels: the owner, first to wait, gets the place; bob waits.
		if a := e.PostForm(alice, page+"/cancel", nil); a.Status != http.StatusSeeOther {
			t.Fatalf("alice cancels: %d", a.Status)
		}
		if s, _ := e.regStatus(id, 0, owner); s != "confirmed" {
			t.Errorf("the owner is %s, want confirmed", s)
		}
		if s, _ := e.regStatus(id, bob.ID, ""); s != "waiting" {
			t.Errorf("bob is %s, want waiting", s)
		}
		// In the language the owner registered in.
		if m, _ := e.lastMailTo(owner, "/events/registrations/cancel"); !strings.Contains(m.Subject, "A place has freed up") {
			t.Errorf("the owner's promotion message %q", m.Subject)
		}
	})
}

// TestRegistrationLinksActOnlyOnPost: opening the confirmation or the
// cancellation link (as a mail scanner does) changes nothing; the page
// names the event, carries the token and is neither cached nor sent as a
// Referer; the same-site POST acts, once.
func TestRegistrationLinksActOnlyOnPost(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(t, d)
		id := e.addEvent(e.SignIn(auth.Editor), e.eventForm("forum-2026", 5))
		const addr = "reader@example.org"
		v := e.Visitor(servertest.BrowserUA)
		e.PostForm(v, "/events/"+strconv.FormatInt(id, 10)+"/register", url.Values{"name": {"Reader"}, "email": {addr}})
		_, confirm := e.lastMailTo(addr, "/events/registrations/confirm")
		headers := func(what string, a servertest.Answer) {
			t.Helper()
			if cc := a.Header.Get("Cache-Control"); !strings.Contains(cc, "no-store") {
				t.Errorf("%s: Cache-Control %q", what, cc)
			}
			if rp := a.Header.Get("Referrer-Policy"); rp != "no-referrer" {
				t.Errorf("%s: Referrer-Policy %q", what, rp)
			}
		}
		opened := func(what, link, action, want string) {
			t.Helper()
			for _, lang := range []string{"ar", "fr", "en"} {
				a := e.Get(e.Visitor("Mail-Scanner/1.0"), link+"&lang="+lang)
				headers(what, a)
				m := buttonRE.FindStringSubmatch(a.Body)
				if a.Status != http.StatusOK || m == nil || m[1] != action || m[2] != tokenOf(t, link) {
					t.Fatalf("%s (%s): %d\n%s", what, lang, a.Status, servertest.Excerpt(a.Body))
				}
				if lang == "en" {
					servertest.Contains(t, what, a.Body, want, "Open and Smart Regions")
				}
			}
		}
		crossSite := func(path, token string) int {
			req, _ := http.NewRequest(http.MethodPost, e.TS.URL+path, strings.NewReader(url.Values{"token": {token}}.Encode()))
			req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
			req.Header.Set("Origin", "https://evil.example")
			req.Header.Set("Sec-Fetch-Site", "cross-site")
			return e.Do(e.Visitor(""), req).Status
		}

		opened("confirmation link", confirm, "/events/registrations/confirm", "Confirm the registration")
		if s, _ := e.regStatus(id, 0, addr); s != "pending" {
			t.Fatalf("opening the link made the registration %s", s)
		}
		if st := crossSite("/events/registrations/confirm", tokenOf(t, confirm)); st != http.StatusForbidden {
			t.Errorf("cross-site confirmation: %d", st)
		}
		a := e.PostForm(v, "/events/registrations/confirm?lang=en", url.Values{"token": {tokenOf(t, confirm)}})
		if a.Status != http.StatusOK || !strings.Contains(a.Body, "Registration confirmed") {
			t.Fatalf("confirm: %d", a.Status)
		}
		headers("confirmed", a)
		if s, _ := e.regStatus(id, 0, addr); s != "confirmed" {
			t.Fatalf("after the POST the registration is %s", s)
		}
		a = e.PostForm(v, "/events/registrations/confirm?lang=fr", url.Values{"token": {tokenOf(t, confirm)}})
		if a.Status != http.StatusBadRequest || !strings.Contains(a.Body, "Ce lien n’est pas valide ou a déjà été utilisé.") {
			t.Errorf("confirm twice: %d", a.Status)
		}
		if a := e.Get(v, confirm+"&lang=en"); a.Status != http.StatusBadRequest || !strings.Contains(a.Body, "Invalid link") || strings.Contains(a.Body, `name="token"`) {
			t.Errorf("used confirmation link opened: %d", a.Status)
		}

		_, cancel := e.lastMailTo(addr, "/events/registrations/cancel")
		opened("cancellation link", cancel, "/events/registrations/cancel", "Cancel the registration")
		if s, _ := e.regStatus(id, 0, addr); s != "confirmed" {
			t.Fatalf("opening the cancellation link made the registration %s", s)
		}
		if st := crossSite("/events/registrations/cancel", tokenOf(t, cancel)); st != http.StatusForbidden {
			t.Errorf("cross-site cancellation: %d", st)
		}
		if a := e.PostForm(v, "/events/registrations/cancel", url.Values{"token": {tokenOf(t, cancel)}}); a.Status != http.StatusOK {
			t.Fatalf("cancel: %d", a.Status)
		}
		if s, _ := e.regStatus(id, 0, addr); s != "cancelled" {
			t.Fatalf("after the POST the registration is %s", s)
		}
		a = e.PostForm(v, "/events/registrations/cancel?lang=en", url.Values{"token": {tokenOf(t, cancel)}})
		if a.Status != http.StatusBadRequest || !strings.Contains(a.Body, "This link is not valid or has already been used.") {
			t.Errorf("cancel twice: %d", a.Status)
		}
		if a := e.Get(v, cancel); a.Status != http.StatusBadRequest {
			t.Errorf("used cancellation link opened: %d", a.Status)
		}
	})
}
