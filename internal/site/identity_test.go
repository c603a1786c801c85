package site_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"html/template"
	"net/http"
	"net/url"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/server/servertest"
	"github.com/infitah/infitah/internal/site"
)

func TestSettingsRules(t *testing.T) {
	for s, want := range map[string]bool{"": true, "+212 539 12 34 56": true, "(0539) 12-34-56": true, "0539.12.34.56": true,
		"12345": false, "+212 abc": false, "212+539123456": false, "0539 12 34 56 ext 7": false, strings.Repeat("1", 31): false} {
		if got := site.ValidPhone(s); got != want {
			t.Errorf("ValidPhone(%q) = %v", s, got)
		}
	}
	for s, want := range map[string]bool{"": true, "contact@region.ma": true, "a.b-c@sub.region.ma": true,
		"Council <contact@region.ma>": false, "contact@region": false, "contact@": false, "contact": false, "a b@region.ma": false,
		"contact@region.ma\r\nBcc: x@y.ma": false, strings.Repeat("a", 250) + "@x.ma": false} {
		if got := site.ValidEmail(s); got != want {
			t.Errorf("ValidEmail(%q) = %v", s, got)
		}
	}
	for s, want := range map[string]bool{"": true, "D-GC-123/2024": true, "A-RC-45/2021": true, "123": true,
		"<b>": false, "--//": false, "N° 12": false, strings.Repeat("1", 65): false} {
		if got := site.ValidCNDPNumber(s); got != want {
			t.Errorf("ValidCNDPNumber(%q) = %v", s, got)
		}
	}
	s := site.Settings{Name: i18n.Text{i18n.AR: "x"}, Timezone: "UTC", ContactPhone: "call us", ContactEmail: "no",
		MailFromAddress: "x@", CNDPNumber: "<1>", MailFromName: "A <b>",
		ContactAddress:  i18n.Text{i18n.FR: strings.Repeat("a", site.MaxAddressLen+1)},
		MetaDescription: i18n.Text{i18n.EN: strings.Repeat("a", site.MaxMetaDescriptionLen+1)}}
	got := s.Check()
	for field, key := range map[string]string{"contact_phone": "siteadmin.error.phone", "contact_email": "siteadmin.error.email",
		"mail_from_address": "siteadmin.error.email", "cndp_number": "siteadmin.error.cndp_number",
		"mail_from_name": "siteadmin.error.mail_from_name", "contact_address_fr": "siteadmin.error.too_long",
		"meta_description_en": "siteadmin.error.too_long"} {
		if got[field] != key {
			t.Errorf("Check()[%s] = %q, want %q", field, got[field], key)
		}
	}
	ok := site.Settings{Name: i18n.Text{i18n.AR: "x"}, Timezone: "UTC", ContactPhone: " +212 539 00 00 00 ", ContactEmail: " contact@region.ma "}
	if e := ok.Check(); len(e) != 0 || ok.ContactPhone != "+212 539 00 00 00" || ok.ContactEmail != "contact@region.ma" {
		t.Errorf("good settings: %v %+v", e, ok)
	}
}

// TestSaveIdentity stores every new setting and reads it back, on both
// databases; the ledger records the public ones and names the others.
func TestSaveIdentity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		s := &site.Site{Slug: "main", Host: "main.test", Name: i18n.Text{i18n.AR: "جهة"}}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return site.Upsert(ctx, tx, s) }); err != nil {
			t.Fatal(err)
		}
		set := site.Settings{Name: s.Name, Timezone: "Africa/Casablanca", Logo: strings.Repeat("ab", 32),
			ContactAddress: i18n.Text{i18n.AR: "شارع محمد الخامس، طنجة", i18n.FR: "Avenue Mohammed V, Tanger"},
			ContactPhone:   "+212 539 00 00 00", ContactEmail: "contact@region.ma", CNDPNumber: "D-GC-123/2024",
			MailFromName: "مجلس الجهة", MailFromAddress: "no-reply@region.ma", MetaDescription: i18n.Text{i18n.FR: "Le portail"}}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return site.SaveSettings(ctx, tx, s.ID, nil, set) }); err != nil {
			t.Fatal(err)
		}
		got, err := site.ByID(ctx, d.R(), s.ID)
		if err != nil || got.Logo != set.Logo || got.ContactAddress[i18n.FR] != "Avenue Mohammed V, Tanger" ||
			got.ContactPhone != set.ContactPhone || got.ContactEmail != set.ContactEmail || got.CNDPNumber != set.CNDPNumber ||
			got.MailFromName != set.MailFromName || got.MailFromAddress != set.MailFromAddress || got.MetaDescription[i18n.FR] != "Le portail" {
			t.Errorf("stored: %+v %v", got, err)
		}
		var after string
		if err := d.R().QueryRowContext(ctx, d.Rebind(`SELECT after_data FROM audit_entries WHERE site_id = ? AND entity = 'site'`), s.ID).Scan(&after); err != nil {
			t.Fatal(err)
		}
		for _, want := range []string{`"cndp_number":"D-GC-123/2024"`, `"mail_from_name":"مجلس الجهة"`,
			`"other_changes":["contact_phone","contact_email","mail_from_address"]`, `"logo":"abab`} {
			if !strings.Contains(after, want) {
				t.Errorf("ledger entry lacks %s: %s", want, after)
			}
		}
		for _, bad := range []string{"539", "contact@", "no-reply@"} {
			if strings.Contains(after, bad) {
				t.Errorf("ledger entry holds %q: %s", bad, after)
			}
		}
		// Changing only the phone is still an entry, which says so.
		set.ContactPhone = "+212 539 11 11 11"
		if err := d.InTx(ctx, func(tx *db.Tx) error { return site.SaveSettings(ctx, tx, s.ID, nil, set) }); err != nil {
			t.Fatal(err)
		}
		if err := d.R().QueryRowContext(ctx, d.Rebind(`SELECT after_data FROM audit_entries WHERE site_id = ? AND entity = 'site' ORDER BY seq DESC LIMIT 1`),
			s.ID).Scan(&after); err != nil || after != `{"other_changes":["contact_phone"]}` {
			t.Errorf("phone change: %s %v", after, err)
		}
	})
}

var testNow = time.Date(2026, 5, 1, 10, 0, 0, 0, time.UTC)

// TestIdentitySettings goes through the settings form over a real socket:
// bad values come back field by field with what was typed; good ones show
// at once on the public pages (the logo in the header, the contact
// details and the privacy link in the footer, the description for search
// engines, the CNDP number on /privacy), and the site's emails go out
// under its sender.
func TestIdentitySettings(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		e := servertest.New(t, d, testNow)
		admin, anon := e.SignIn(auth.Admin), e.Visitor("")
		p := i18n.MustLoad().Printer(i18n.FR)

		// Before any setting: the installation's sender, a default description, no number.
		if r := e.PostForm(anon, "/password/reset", url.Values{"email": {admin.Email}}); r.Status >= 400 {
			t.Fatalf("reset: %d", r.Status)
		}
		if m := lastMail(t, e); m.FromAddress != "no-reply@infitah.local" {
			t.Errorf("default sender %q <%s>", m.FromName, m.FromAddress)
		}
		home := e.Get(anon, "/?lang=en")
		servertest.Contains(t, "home before", home.Body, `<meta name="description" content="Open government, together">`, `href="/privacy"`)
		priv := e.Get(anon, "/privacy?lang=en")
		servertest.Contains(t, "privacy before", priv.Body, "Law No. 09-08", "has not been published yet")
		servertest.Contains(t, "sitemap", e.Get(anon, "/sitemap.xml").Body, "/privacy</loc>")

		form := url.Values{"name_ar": {"جهة طنجة تطوان الحسيمة"}, "name_fr": {"Région Tanger-Tétouan-Al Hoceïma"},
			"timezone": {"Africa/Casablanca"}, "report_threshold": {"3"},
			"contact_address_ar": {"شارع محمد الخامس\nطنجة"}, "contact_address_fr": {"Avenue Mohammed V\nTanger"},
			"contact_phone": {"phone me"}, "contact_email": {"contact at region"}, "cndp_number": {"<D-GC>"},
			"mail_from_name": {"Conseil <régional>"}, "mail_from_address": {"no-reply@region"},
			"meta_description_fr": {strings.Repeat("é", site.MaxMetaDescriptionLen+1)}}
		r := e.Post(admin, "/admin/settings?lang=fr", form, map[string][2]string{"logo": {"logo.pdf", "%PDF-1.4\n%%EOF\n"}})
		if r.Status != http.StatusUnprocessableEntity {
			t.Fatalf("bad values: %d\n%s", r.Status, servertest.Excerpt(r.Body))
		}
		servertest.Contains(t, "bad values", r.Body, esc(p.T("siteadmin.error.phone")), esc(p.T("siteadmin.error.email")),
			esc(p.T("siteadmin.error.cndp_number")), esc(p.T("siteadmin.error.mail_from_name")), esc(p.T("siteadmin.error.too_long")),
			esc(p.T("siteadmin.error.logo_type", "Name", "logo.pdf")), `value="phone me"`, `value="contact at region"`,
			`value="&lt;D-GC&gt;"`, `value="no-reply@region"`, "Avenue Mohammed V\nTanger", `aria-describedby="site-contact_phone-hint site-contact_phone-error"`,
			`id="site-mail_from_address-error"`)
		if n := e.Count(`SELECT COUNT(*) FROM sites WHERE cndp_number <> ''`); n != 0 {
			t.Fatal("refused settings were stored")
		}

		// A good logo sent with a form that fails is kept for the next try.
		png := servertest.PNG()
		sum := sha256.Sum256([]byte(png))
		hash := hex.EncodeToString(sum[:])
		r = e.Post(admin, "/admin/settings?lang=fr", form, map[string][2]string{"logo": {"logo.png", png}})
		servertest.Contains(t, "kept logo", r.Body, `name="kept_logo" value="`+hash+`:logo.png"`)

		good := url.Values{}
		for k, v := range form {
			good[k] = v
		}
		for k, v := range map[string]string{"contact_phone": "+212 539 00 00 00", "contact_email": "contact@region.ma",
			"cndp_number": "D-GC-123/2024", "mail_from_name": "مجلس جهة طنجة", "mail_from_address": "no-reply@region.ma",
			"meta_description_fr": "Le portail du gouvernement ouvert de la Région.", "meta_description_ar": "بوابة الحكومة المنفتحة للجهة.",
			"kept_logo": hash + ":logo.png"} {
			good.Set(k, v)
		}
		if r := e.Post(admin, "/admin/settings", good, nil); r.Status != http.StatusSeeOther || r.Location != "/admin/settings?done=saved" {
			t.Fatalf("save: %d %s\n%s", r.Status, r.Location, servertest.Excerpt(r.Body))
		}

		// The form shows what was saved.
		r = e.Get(admin, "/admin/settings?lang=fr")
		servertest.Contains(t, "settings page", r.Body, `value="&#43;212 539 00 00 00"`, `value="contact@region.ma"`, `value="D-GC-123/2024"`,
			`value="مجلس جهة طنجة"`, `value="no-reply@region.ma"`, "Le portail du gouvernement ouvert de la Région.",
			`src="/files/`+hash+`" alt="Région Tanger-Tétouan-Al Hoceïma"`)

		// Public pages: the logo with the site's name, the contact details,
		// the description (the page's language, Arabic where it has none).
		for lang, desc := range map[string]string{"fr": "Le portail du gouvernement ouvert de la Région.", "ar": "بوابة الحكومة المنفتحة للجهة.",
			"en": "بوابة الحكومة المنفتحة للجهة."} {
			for _, path := range []string{"/", "/plans", "/documents"} {
				r := e.Get(anon, path+"?lang="+lang)
				servertest.Contains(t, path+"?lang="+lang, r.Body, `<meta name="description" content="`+desc+`">`,
					`<img class="brand-logo" src="/files/`+hash+`" alt="`, `href="tel:&#43;212539000000"`, `href="mailto:contact@region.ma"`,
					`href="/privacy"`, `href="/privacy#contact-details"`)
				if strings.Count(r.Body, `<meta name="description"`) != 1 {
					t.Errorf("%s?lang=%s: %d descriptions", path, lang, strings.Count(r.Body, `<meta name="description"`))
				}
			}
		}
		if f := e.Get(anon, "/files/"+hash); f.Status != 200 || f.Header.Get("Content-Type") != "image/png" {
			t.Errorf("logo file: %d %s", f.Status, f.Header.Get("Content-Type"))
		}
		for lang, want := range map[string][]string{"ar": {"رقم 09.08", "شارع محمد الخامس"}, "fr": {"loi n° 09-08", "Avenue Mohammed V"},
			"en": {"Law No. 09-08", "شارع محمد الخامس"}} {
			r := e.Get(anon, "/privacy?lang="+lang)
			servertest.Contains(t, "/privacy?lang="+lang, r.Body, append(want, `<bdi dir="ltr" class="cndp-number">D-GC-123/2024</bdi>`,
				"&#43;212 539 00 00 00")...)
		}

		// The site's emails go out under its sender.
		if r := e.PostForm(anon, "/password/reset", url.Values{"email": {admin.Email}}); r.Status >= 400 {
			t.Fatalf("reset: %d", r.Status)
		}
		if m := lastMail(t, e); m.FromName != "مجلس جهة طنجة" || m.FromAddress != "no-reply@region.ma" {
			t.Errorf("sender %q <%s>", m.FromName, m.FromAddress)
		}

		// Removing the logo brings the mark back.
		good.Del("kept_logo")
		good.Set("remove_logo", "1")
		if r := e.Post(admin, "/admin/settings", good, nil); r.Status != http.StatusSeeOther {
			t.Fatalf("remove logo: %d", r.Status)
		}
		if r := e.Get(anon, "/?lang=fr&x"); strings.Contains(r.Body, "brand-logo") || !strings.Contains(r.Body, "brand-mark") {
			t.Error("the logo is still shown")
		}
	})
}

// esc is s as html/template writes it in a page.
func esc(s string) string { return strings.ReplaceAll(template.HTMLEscapeString(s), "+", "&#43;") }

// lastMail is the last email the server wrote to its mail folder.
func lastMail(t *testing.T, e *servertest.Env) mail.Message {
	t.Helper()
	fs, err := mail.Files(filepath.Join(e.DataDir, "mail"))
	if err != nil || len(fs) == 0 {
		t.Fatalf("no mail: %v", err)
	}
	m, err := mail.ReadFile(fs[len(fs)-1])
	if err != nil {
		t.Fatal(err)
	}
	return m
}
