package webform

import (
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// testKit borrows messages of the plan's and the news catalogues.
var testKit = Kit{InLanguage: "planadmin.form.in_language", ErrorItem: "planadmin.form.error_item",
	RequiredAR: "planadmin.error.required_ar", Date: "planadmin.error.date", Number: "planadmin.error.not_a_number",
	URL: "planadmin.error.url", DateTime: "newsadmin.error.datetime", TooLong: "planadmin.error.too_long",
	TooMany: "planadmin.error.too_many"}

// A repeated field is named by its row; a single one (index -1) by its name
// alone, and both keep what was typed and show their own error.
func TestRowsAndErrors(t *testing.T) {
	f := web.NewForm(url.Values{"title_ar": {""}, "title_fr": {" Titre "}, "link": {"a", "ftp://x"}})
	if got := testKit.ReadText(f, "title", -1, 100, true); got[i18n.FR] != "Titre" {
		t.Errorf("ReadText = %v", got)
	}
	if got := testKit.ReadURL(f, "link", 1); got != "" || f.Error("link.1") != "planadmin.error.url" {
		t.Errorf("ReadURL = %q, errors %v", got, f.Errors)
	}
	b := testKit.Builder(i18n.MustLoad().Printer(i18n.EN), f)
	link := b.Hint(b.Input("url", "link", 1, "planadmin.form.save", false), "planadmin.form.stale")
	if link.ID != "f-link-1" || link.Value != "ftp://x" || link.Describes != "f-link-1-hint f-link-1-error" || link.Error == "" {
		t.Errorf("row field = %+v", link)
	}
	title := b.Texts("title", -1, "planadmin.form.save", false, true)
	ar, fr := title.Langs[0], title.Langs[1]
	if ar.ID != "f-title_ar" || !ar.Missing || ar.Error == "" || ar.Describes != "f-title_ar-missing f-title_ar-error" {
		t.Errorf("ar = %+v", ar)
	}
	if fr.Value != " Titre " || fr.Missing {
		t.Errorf("fr = %+v", fr)
	}
	v := &FormView{Sets: []FieldSet{{Fields: []Field{title, link}}}}
	testKit.Summarize(v, i18n.MustLoad().Printer(i18n.EN))
	if len(v.Summary) != 2 || v.Summary[0].ID != "f-title_ar" || v.Summary[1].ID != "f-link-1" {
		t.Errorf("summary = %+v", v.Summary)
	}
}

func TestReaders(t *testing.T) {
	f := web.NewForm(url.Values{"n": {"12"}, "id": {"7"}, "d": {"2026-02-30"}, "at": {"2026-05-01T10:30"}})
	if n, ok := testKit.ReadInt(f, "n", -1, 0, 10, true, "planadmin.error.progress"); ok || n != 0 || f.Error("n") == "" {
		t.Errorf("ReadInt out of range = %d %v", n, ok)
	}
	if id := ReadID(f, "id", -1, map[int64]bool{7: true}, "x", true); id != 7 {
		t.Errorf("ReadID = %d", id)
	}
	if d := testKit.ReadDate(f, "d", -1, false); !d.IsZero() || f.Error("d") != "planadmin.error.date" {
		t.Errorf("ReadDate = %v", d)
	}
	loc := time.FixedZone("Africa/Tunis", 3600)
	at := testKit.ReadLocalTime(f, "at", loc, true)
	if LocalValue(at, loc) != "2026-05-01T10:30" || at.UTC().Hour() != 9 {
		t.Errorf("ReadLocalTime = %v", at)
	}
	vs := url.Values{}
	TextValues(vs, "stage", i18n.Text{i18n.AR: "أ"})
	TextValues(vs, "stage", i18n.Text{i18n.AR: "ب"})
	if got := Nth(vs, "stage_ar", 1); got != "ب" || Rows(web.NewForm(vs), "stage_ar") != 2 {
		t.Errorf("TextValues rows = %v", vs)
	}
}

// Every reader of text has a bound: a longer value fails its field with the
// bound as the message's argument, and is kept to be shown again.
func TestBounds(t *testing.T) {
	long := strings.Repeat("ب", 11)
	f := web.NewForm(url.Values{"title_ar": {"عنوان"}, "title_fr": {long}, "name": {" " + long + " "}, "short": {"0123456789"},
		"row": {"a", "b", "c"}, "pick": {"x", "y", "z"}})
	if got := testKit.ReadText(f, "title", -1, 10, true); got[i18n.FR] != long || f.Error("title_fr") != "planadmin.error.too_long" ||
		f.ErrorArgs("title_fr")[1] != 10 || f.Error("title_ar") != "" {
		t.Errorf("ReadText over its bound = %v, errors %v %v", got, f.Errors, f.Args)
	}
	if got := testKit.ReadString(f, "name", -1, 10, true); got != long || f.Error("name") != "planadmin.error.too_long" {
		t.Errorf("ReadString over its bound = %q, errors %v", got, f.Errors)
	}
	if got := testKit.ReadString(f, "short", -1, 10, true); got != "0123456789" || f.Error("short") != "" {
		t.Errorf("ReadString at its bound = %q, errors %v", got, f.Errors)
	}
	if testKit.ReadString(f, "missing", -1, 10, true); f.Error("missing") != "form.required" {
		t.Errorf("ReadString of a required empty field: %v", f.Errors)
	}
	if !testKit.MaxRows(f, 3, "row") || testKit.MaxRows(f, 2, "row") || f.Error("row.1") != "planadmin.error.too_many" || ShownRows(f, 2, "row") != 2 || ShownRows(f, 5, "none") != 1 {
		t.Errorf("MaxRows: errors %v", f.Errors)
	}
	b := testKit.Builder(i18n.MustLoad().Printer(i18n.FR), f)
	b.Max = map[string]int{"title": 10, "name": 12}
	if title, name := b.Texts("title", -1, "planadmin.form.save", false, true), b.Input("text", "name", -1, "planadmin.form.save", true); title.Langs[1].MaxLen != 10 || name.MaxLen != 12 {
		t.Errorf("the builder does not draw the bounds: %+v %+v", title.Langs[1], name)
	}
	if !testKit.MaxChoices(f, "pick", 3) || testKit.MaxChoices(f, "pick", 2) || f.Error("pick") != "planadmin.error.too_many" {
		t.Errorf("MaxChoices: errors %v", f.Errors)
	}
}
