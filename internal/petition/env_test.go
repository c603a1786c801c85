package petition_test

import (
	"context"
	"html"
	"net/http"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/petition"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/server/servertest"
)

// The clock of the test servers: 1 May 2026, 10:00 UTC.
var testNow = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)

// env is a whole server whose site is a region under a million
// inhabitants (300 signatures, 15 from each of its three provinces).
type env struct {
	*servertest.Env
	divisions []petition.Division
}

func newEnv(t *testing.T, d *db.DB) *env {
	t.Helper()
	ctx := context.Background()
	e := &env{Env: servertest.New(t, d, testNow)}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		if err := petition.SaveSettings(ctx, tx, petition.Settings{SiteID: e.SiteID, Level: petition.Region, Population: 999_999,
			Rule: petition.Rule{Kind: petition.RegionPopulation}, CollectionDays: 60, CNDPNumber: "D-W-777/2026"}); err != nil {
			return err
		}
		for i, n := range [][3]string{{"tanger-assilah", "عمالة طنجة أصيلة", "Préfecture de Tanger-Assilah"},
			{"tetouan", "إقليم تطوان", "Province de Tétouan"}, {"al-hoceima", "إقليم الحسيمة", "Province d'Al Hoceïma"}} {
			dv := petition.Division{SiteID: e.SiteID, Code: n[0], Name: i18n.Text{i18n.AR: n[1], i18n.FR: n[2]}, Population: 300_000, Position: i}
			if err := petition.SaveDivision(ctx, tx, &dv); err != nil {
				return err
			}
			e.divisions = append(e.divisions, dv)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// draftForm is a valid new petition.
func draftForm(title string) url.Values {
	return url.Values{"title": {title}, "object": {"توفير حافلات النقل المدرسي للعالم القروي"},
		"reasons": {"بعد المدارس عن الدواوير"}, "agenda_item": {"برمجة اعتمادات النقل المدرسي"},
		"within_powers": {"1"}, "respects_constants": {"1"}}
}

// published creates and publishes a petition as a new citizen; it returns its id.
func (e *env) published(title string) int64 {
	e.T.Helper()
	agent := e.SignIn(auth.Citizen)
	a := e.PostForm(agent, "/petitions/new", draftForm(title))
	if a.Status != http.StatusSeeOther {
		e.T.Fatalf("create: %d\n%s", a.Status, servertest.Excerpt(a.Body))
	}
	id, err := strconv.ParseInt(strings.TrimPrefix(a.Location, "/petitions/"), 10, 64)
	if err != nil {
		e.T.Fatalf("location %q", a.Location)
	}
	if a := e.PostForm(agent, a.Location+"/publish", nil); a.Status != http.StatusSeeOther {
		e.T.Fatalf("publish: %d", a.Status)
	}
	return id
}

// signForm is a valid signature.
func (e *env) signForm(name, cin, email string, division int) url.Values {
	return url.Values{"full_name": {name}, "cin": {cin}, "email": {email}, "division": {strconv.FormatInt(e.divisions[division].ID, 10)},
		"basis": {"resident"}, "consent": {"1"}}
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

// lastLinkTo returns the path and query of the confirmation link in the
// last message to addr.
func (e *env) lastLinkTo(addr string) string {
	e.T.Helper()
	return e.lastLink(addr, "/petitions/signatures/confirm")
}

// lastLink returns the path and query of the link to path in the last
// message to addr that has one.
func (e *env) lastLink(addr, path string) string {
	e.T.Helper()
	ms := e.mails()
	for i := len(ms) - 1; i >= 0; i-- {
		if len(ms[i].To) == 1 && ms[i].To[0] == addr {
			if m := regexp.MustCompile(regexp.QuoteMeta(e.TS.URL+path) + `\?token=[A-Za-z0-9_-]+`).FindString(ms[i].Text); m != "" {
				return strings.TrimPrefix(m, e.TS.URL)
			}
		}
	}
	e.T.Fatalf("no mail to %s with a link to %s", addr, path)
	return ""
}

var buttonRE = regexp.MustCompile(`(?s)<form method="post" action="([^"]+)"[^>]*>.*?<input type="hidden" name="token" value="([^"]*)">`)

// press opens an emailed link as p and presses the button of its page.
func (e *env) press(p *servertest.Person, link string) servertest.Answer {
	e.T.Helper()
	a := e.Get(p, link)
	m := buttonRE.FindStringSubmatch(a.Body)
	if a.Status != http.StatusOK || m == nil {
		e.T.Fatalf("GET %s: %d, no button\n%s", link, a.Status, servertest.Excerpt(a.Body))
	}
	return e.PostForm(p, html.UnescapeString(m[1]), url.Values{"token": {html.UnescapeString(m[2])}})
}

// signAndConfirm signs petition id as a new visitor and confirms from the email.
func (e *env) signAndConfirm(id int64, name, cin, email string, division int) {
	e.T.Helper()
	v := e.Visitor(servertest.BrowserUA)
	a := e.PostForm(v, "/petitions/"+strconv.FormatInt(id, 10)+"/sign", e.signForm(name, cin, email, division))
	if a.Status != http.StatusSeeOther {
		e.T.Fatalf("sign %s: %d\n%s", cin, a.Status, servertest.Excerpt(a.Body))
	}
	if a := e.press(v, e.lastLinkTo(email)); a.Status != http.StatusOK {
		e.T.Fatalf("confirm %s: %d", cin, a.Status)
	}
}

func mainOf(s string) string {
	if i := strings.Index(s, "<main"); i >= 0 {
		s = s[i:]
	}
	if i := strings.Index(s, "</main>"); i >= 0 {
		s = s[:i]
	}
	return s
}
