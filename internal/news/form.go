package news

import (
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// The administration forms of news posts and events are described in Go and
// drawn by one page, FormPage, so every field gets the same care: a label, a
// message beside it that aria-describedby points at, the value typed kept on
// a failed submission, and one input per language for translatable texts,
// with a "missing translation" marker on those left empty.

// FormPage is the page that draws a FormView.
const FormPage = "newsadmin_form"

// FormLocales are the languages a translatable field is written in.
var FormLocales = []i18n.Locale{i18n.AR, i18n.FR, i18n.EN}

// FormView is what FormPage draws.
type FormView struct {
	Heading   string
	Back      string // the list the form belongs to
	BackLabel string
	Action    string
	Multipart bool
	Version   int
	Sets      []FieldSet
	Summary   []SummaryItem
	Stale     bool
	Submit    string
	Kept      []KeptFile // files already uploaded with this form
}

// FieldSet is a group of fields under a legend.
type FieldSet struct {
	Legend string
	Hint   string
	Fields []Field
}

// SummaryItem is one failed field, listed above the form.
type SummaryItem struct{ ID, Message string }

// Field is one control, or a group of per-language inputs (Kind "i18n" or
// "i18n-area").
type Field struct {
	Kind      string // text, url, email, number, datetime-local, date, select, checks, checkbox, file, area, i18n, i18n-area
	ID        string
	Name      string
	Label     string
	Hint      string
	Value     string
	Required  bool
	Error     string
	Options   []Option
	Langs     []LangInput
	Accept    string
	Multiple  bool
	Checked   bool
	Describes string
}

// Option is a choice of a select or a group of checkboxes.
type Option struct {
	Value, Label string
	Selected     bool
}

// LangInput is a translatable field's input in one language.
type LangInput struct {
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

// FormBuilder builds fields from a web.Form in the page's language.
type FormBuilder struct {
	P *i18n.Printer
	F *web.Form
}

func (b *FormBuilder) errorOf(name string) string {
	key := b.F.Error(name)
	if key == "" {
		return ""
	}
	return b.P.T(key, b.F.ErrorArgs(name)...)
}

func describe(ids ...string) string {
	var out []string
	for _, id := range ids {
		if id != "" {
			out = append(out, id)
		}
	}
	return strings.Join(out, " ")
}

func (b *FormBuilder) finish(fl Field) Field {
	fl.ID = "f-" + fl.Name
	fl.Error = b.errorOf(fl.Name)
	var hint, errID string
	if fl.Hint != "" {
		hint = fl.ID + "-hint"
	}
	if fl.Error != "" {
		errID = fl.ID + "-error"
	}
	fl.Describes = describe(hint, errID)
	return fl
}

// Input is a single control: text, url, email, number, date, datetime-local, area or file.
func (b *FormBuilder) Input(kind, name, labelKey string, required bool, hintKey ...string) Field {
	fl := Field{Kind: kind, Name: name, Label: b.P.T(labelKey), Value: b.F.Get(name), Required: required}
	if len(hintKey) > 0 {
		fl.Hint = b.P.T(hintKey[0])
	}
	return b.finish(fl)
}

// Checkbox is a single yes/no box.
func (b *FormBuilder) Checkbox(name, labelKey string) Field {
	return b.finish(Field{Kind: "checkbox", Name: name, Label: b.P.T(labelKey), Checked: b.F.Get(name) != ""})
}

// Choice is a select; blankKey labels an empty first option ("" for none).
func (b *FormBuilder) Choice(name, labelKey, blankKey string, opts []Option, required bool) Field {
	v := b.F.Get(name)
	var all []Option
	if blankKey != "" {
		all = append(all, Option{Value: "", Label: b.P.T(blankKey), Selected: v == ""})
	}
	for _, o := range opts {
		o.Selected = o.Value == v
		all = append(all, o)
	}
	return b.finish(Field{Kind: "select", Name: name, Label: b.P.T(labelKey), Value: v, Options: all, Required: required})
}

// Checks is a group of checkboxes sharing name.
func (b *FormBuilder) Checks(name, labelKey string, opts []Option) Field {
	chosen := map[string]bool{}
	for _, v := range b.F.Values[name] {
		chosen[v] = true
	}
	all := make([]Option, len(opts))
	for i, o := range opts {
		o.Selected = chosen[o.Value]
		all[i] = o
	}
	return b.finish(Field{Kind: "checks", Name: name, Label: b.P.T(labelKey), Options: all})
}

// Texts is a translatable field: one input per language, named
// <name>_<locale>. Only Arabic, the reference language, may be required.
func (b *FormBuilder) Texts(name, labelKey string, area, required bool) Field {
	label := b.P.T(labelKey)
	kind := "i18n"
	if area {
		kind = "i18n-area"
	}
	fl := Field{Kind: kind, Name: name, ID: "f-" + name, Label: label, Required: required}
	written := false
	for _, l := range FormLocales {
		if b.F.Get(name+"_"+string(l)) != "" {
			written = true
		}
	}
	for _, l := range FormLocales {
		n := name + "_" + string(l)
		in := LangInput{Locale: l, Dir: l.Dir(), Name: n, ID: "f-" + n, Value: b.F.Values.Get(n),
			Label:    b.P.T("newsadmin.form.in_language", "Field", label, "Language", l.Name()),
			Required: required && l == i18n.AR, Error: b.errorOf(n)}
		in.Missing = written && strings.TrimSpace(in.Value) == ""
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

// Summarize lists the failed fields of v, in form order.
func (v *FormView) Summarize(p *i18n.Printer) {
	v.Summary = nil
	for _, s := range v.Sets {
		for _, f := range s.Fields {
			if f.Error != "" {
				v.Summary = append(v.Summary, SummaryItem{ID: f.ID, Message: p.T("newsadmin.form.error_item", "Field", f.Label, "Message", f.Error)})
			}
			for _, l := range f.Langs {
				if l.Error != "" {
					v.Summary = append(v.Summary, SummaryItem{ID: l.ID, Message: p.T("newsadmin.form.error_item", "Field", l.Label, "Message", l.Error)})
				}
			}
		}
	}
}

// ReadText returns a translatable field; Arabic is required when required is set.
func ReadText(f *web.Form, name string, required bool) i18n.Text {
	t := i18n.Text{}
	for _, l := range FormLocales {
		if v := f.Get(name + "_" + string(l)); v != "" {
			t[l] = v
		}
	}
	if required && t[i18n.AR] == "" {
		f.Fail(name+"_ar", "newsadmin.error.required_ar")
	}
	return t
}

// TextValues puts a translatable text into form values, for edit forms.
func TextValues(vs url.Values, name string, t i18n.Text) {
	for _, l := range FormLocales {
		vs.Set(name+"_"+string(l), t[l])
	}
}

// LocalLayout is how a datetime-local control writes a time.
const LocalLayout = "2006-01-02T15:04"

// ReadLocalTime reads a datetime-local value as a time in loc (the site's
// zone); "" gives the zero time, failing the field when required.
func ReadLocalTime(f *web.Form, name string, loc *time.Location, required bool) time.Time {
	v := f.Get(name)
	if v == "" {
		if required {
			f.Fail(name, "form.required")
		}
		return time.Time{}
	}
	t, err := time.ParseInLocation(LocalLayout, v, loc)
	if err != nil {
		if t, err = time.ParseInLocation(LocalLayout+":05", v, loc); err != nil {
			f.Fail(name, "newsadmin.error.datetime")
			return time.Time{}
		}
	}
	return t
}

// LocalValue writes t in loc for a datetime-local control ("" for the zero time).
func LocalValue(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(LocalLayout)
}

// ReadURL reads an optional absolute http(s) address.
func ReadURL(f *web.Form, name string) string {
	v := f.Get(name)
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(v) > 2000 {
		f.Fail(name, "newsadmin.error.url")
		return ""
	}
	return v
}

// Itoa writes an id.
func Itoa(id int64) string { return strconv.FormatInt(id, 10) }
