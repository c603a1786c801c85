package plan

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// The administration's forms are described in Go and drawn by one template
// (adminplan_form.html), so that every field gets the same care: a label, a
// message beside it that aria-describedby points at, the value the person
// typed kept on a failed submission, and, for texts kept per language, one
// input per language with a "missing translation" marker on those left
// empty.

// formLocales are the languages a translatable field is written in.
var formLocales = []i18n.Locale{i18n.AR, i18n.FR, i18n.EN}

// formView is what adminplan_form.html draws.
type formView struct {
	Heading   string
	Crumbs    []crumb
	Action    string
	Multipart bool
	Version   int // the row version the form was read at; 0 on creation forms
	Sets      []fieldset
	Summary   []summaryItem // the failed fields, listed above the form
	Stale     bool          // someone else saved the row meanwhile
	StaleURL  string        // where the current version is
	Submit    string
	Cancel    string
	Kept      []keptFile // files already uploaded with this form
}

type crumb struct{ Label, URL string }

type fieldset struct {
	Legend string
	Hint   string
	Fields []field
}

type summaryItem struct{ ID, Message string }

// field is one form control, or a group of per-language inputs (Kind "i18n"
// or "i18n-area").
type field struct {
	Kind      string // text, url, date, number, select, checks, file, static, i18n, i18n-area
	ID        string
	Name      string
	Label     string
	Hint      string
	Value     string
	Required  bool
	Error     string
	Options   []option
	Langs     []langInput
	Min, Max  string
	Accept    string
	Multiple  bool
	Describes string // ids for aria-describedby
}

type option struct {
	Value, Label string
	Selected     bool
}

type langInput struct {
	Locale    i18n.Locale
	Dir       string
	ID        string
	Name      string
	Label     string
	Value     string
	Required  bool
	Missing   bool
	Error     string
	Describes string
}

// keptFile is an upload kept on the server while the person corrects the
// rest of the form.
type keptFile struct {
	Value string // hash:name
	Name  string
}

// formBuilder builds fields from a web.Form in the page's language.
type formBuilder struct {
	p *i18n.Printer
	f *web.Form
}

func (b *formBuilder) errorOf(name string) string {
	key := b.f.Error(name)
	if key == "" {
		return ""
	}
	return b.p.T(key, b.f.ErrorArgs(name)...)
}

// describe joins the ids a control's aria-describedby lists.
func describe(ids ...string) string {
	var out []string
	for _, id := range ids {
		if id != "" {
			out = append(out, id)
		}
	}
	return strings.Join(out, " ")
}

func fieldID(name string, index int) string {
	if index < 0 {
		return "f-" + name
	}
	return "f-" + name + "-" + strconv.Itoa(index)
}

// nth returns the index-th value of a repeated field ("" past the end), or
// the single value when index < 0.
func nth(vs url.Values, name string, index int) string {
	all := vs[name]
	if index < 0 {
		index = 0
	}
	if index < len(all) {
		return strings.TrimSpace(all[index])
	}
	return ""
}

// errKey is the key of a field's error in web.Form: the name, or name.index
// for a repeated field.
func errKey(name string, index int) string {
	if index < 0 {
		return name
	}
	return name + "." + strconv.Itoa(index)
}

func (b *formBuilder) finish(fl field, index int) field {
	fl.ID = fieldID(fl.Name, index)
	fl.Error = b.errorOf(errKey(fl.Name, index))
	if fl.Error != "" {
		fl.Describes = fl.ID + "-error"
	}
	return fl
}

// input is a single control of kind text, url, date, number or file.
func (b *formBuilder) input(kind, name string, index int, labelKey string, required bool) field {
	return b.finish(field{Kind: kind, Name: name, Label: b.p.T(labelKey), Value: nth(b.f.Values, name, index), Required: required}, index)
}

// choice is a select; blankKey labels an empty first option ("" for none).
func (b *formBuilder) choice(name string, index int, labelKey, blankKey string, opts []option, required bool) field {
	v := nth(b.f.Values, name, index)
	var all []option
	if blankKey != "" {
		all = append(all, option{Value: "", Label: b.p.T(blankKey), Selected: v == ""})
	}
	for _, o := range opts {
		o.Selected = o.Value == v
		all = append(all, o)
	}
	return b.finish(field{Kind: "select", Name: name, Label: b.p.T(labelKey), Value: v, Options: all, Required: required}, index)
}

// checks is a group of checkboxes sharing name.
func (b *formBuilder) checks(name, labelKey string, opts []option) field {
	chosen := map[string]bool{}
	for _, v := range b.f.Values[name] {
		chosen[v] = true
	}
	all := make([]option, len(opts))
	for i, o := range opts {
		o.Selected = chosen[o.Value]
		all[i] = o
	}
	return b.finish(field{Kind: "checks", Name: name, Label: b.p.T(labelKey), Options: all}, -1)
}

// texts is a translatable field: one input per language, named
// <name>_<locale> (repeated fields share them, in order). Only Arabic, the
// reference language, may be required.
func (b *formBuilder) texts(name string, index int, labelKey string, area, required bool) field {
	label := b.p.T(labelKey)
	kind := "i18n"
	if area {
		kind = "i18n-area"
	}
	fl := field{Kind: kind, Name: name, ID: fieldID(name, index), Label: label, Required: required}
	written := false
	for _, l := range formLocales {
		if nth(b.f.Values, name+"_"+string(l), index) != "" {
			written = true
		}
	}
	for _, l := range formLocales {
		n := name + "_" + string(l)
		in := langInput{
			Locale: l, Dir: l.Dir(), Name: n, ID: fieldID(n, index), Value: nth(b.f.Values, n, index),
			Label:    b.p.T("planadmin.form.in_language", "Field", label, "Language", l.Name()),
			Required: required && l == i18n.AR,
			Error:    b.errorOf(errKey(n, index)),
		}
		// A text written in one language and not yet in this one.
		in.Missing = written && in.Value == ""
		var missing, errID string
		if in.Missing {
			missing = in.ID + "-missing"
		}
		if in.Error != "" {
			errID = in.ID + "-error"
		}
		in.Describes = describe(missing, errID)
		fl.Langs = append(fl.Langs, in)
	}
	return fl
}

// summarize lists the failed fields of the view, in form order, for the
// message above the form.
func (v *formView) summarize(p *i18n.Printer) {
	v.Summary = nil
	for _, s := range v.Sets {
		for _, f := range s.Fields {
			if f.Error != "" {
				v.Summary = append(v.Summary, summaryItem{ID: f.ID, Message: p.T("planadmin.form.error_item", "Field", f.Label, "Message", f.Error)})
			}
			for _, l := range f.Langs {
				if l.Error != "" {
					v.Summary = append(v.Summary, summaryItem{ID: l.ID, Message: p.T("planadmin.form.error_item", "Field", l.Label, "Message", l.Error)})
				}
			}
		}
	}
}

// Reading what was posted. Each reader records a message key on the form for
// a bad value and returns the zero value, so one pass reports every mistake.

// readText returns the translatable field name (index-th when repeated);
// Arabic is required when required is set.
func readText(f *web.Form, name string, index int, required bool) i18n.Text {
	t := i18n.Text{}
	for _, l := range formLocales {
		if v := nth(f.Values, name+"_"+string(l), index); v != "" {
			t[l] = v
		}
	}
	if required && t[i18n.AR] == "" {
		f.Fail(errKey(name+"_ar", index), "planadmin.error.required_ar")
	}
	return t
}

// readDate reads an optional YYYY-MM-DD date.
func readDate(f *web.Form, name string, index int, required bool) db.Date {
	v := nth(f.Values, name, index)
	if v == "" {
		if required {
			f.Fail(errKey(name, index), "form.required")
		}
		return db.Date{}
	}
	d, err := db.ParseDate(v)
	if err != nil {
		f.Fail(errKey(name, index), "planadmin.error.date")
		return db.Date{}
	}
	return d
}

// checkPeriod fails the end field when end comes before start.
func checkPeriod(f *web.Form, start, end db.Date, endName string, index int) {
	if !start.IsZero() && !end.IsZero() && end.Before(start.Time) {
		f.Fail(errKey(endName, index), "planadmin.error.end_before_start")
	}
}

// readInt reads a whole number between lo and hi; rangeKey names the message
// for a number out of range.
func readInt(f *web.Form, name string, index int, lo, hi int, required bool, rangeKey string) (int, bool) {
	v := nth(f.Values, name, index)
	if v == "" {
		if required {
			f.Fail(errKey(name, index), "form.required")
		}
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		f.Fail(errKey(name, index), "planadmin.error.not_a_number")
		return 0, false
	}
	if n < lo || n > hi {
		f.Fail(errKey(name, index), rangeKey, "Min", lo, "Max", hi)
		return 0, false
	}
	return n, true
}

// readID reads an id that must be one of known ("" gives 0).
func readID(f *web.Form, name string, index int, known map[int64]bool, unknownKey string, required bool) int64 {
	v := nth(f.Values, name, index)
	if v == "" {
		if required {
			f.Fail(errKey(name, index), "form.required")
		}
		return 0
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || !known[id] {
		f.Fail(errKey(name, index), unknownKey)
		return 0
	}
	return id
}

// readURL reads an optional absolute http(s) address.
func readURL(f *web.Form, name string, index int) string {
	v := nth(f.Values, name, index)
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(v) > 2000 {
		f.Fail(errKey(name, index), "planadmin.error.url")
		return ""
	}
	return v
}

// rows returns how many rows a repeated group of fields posted: the length
// of its longest field.
func rows(f *web.Form, names ...string) int {
	n := 0
	for _, name := range names {
		n = max(n, len(f.Values[name]))
	}
	return n
}

// textValues puts a translatable text into form values, for edit forms.
func textValues(vs url.Values, name string, t i18n.Text) {
	for _, l := range formLocales {
		vs.Add(name+"_"+string(l), t[l])
	}
}

func dateValue(d db.Date) string { return d.String() }

func idValue(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}

// hint adds an explanation under the label of fl, which its controls'
// aria-describedby point at.
func (b *formBuilder) hint(fl field, key string, args ...any) field {
	fl.Hint = b.p.T(key, args...)
	id := fl.ID + "-hint"
	if fl.Kind == "i18n" || fl.Kind == "i18n-area" {
		for i := range fl.Langs {
			fl.Langs[i].Describes = describe(id, fl.Langs[i].Describes)
		}
		return fl
	}
	fl.Describes = describe(id, fl.Describes)
	return fl
}
