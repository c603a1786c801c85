package webform

import (
	"strings"

	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// Builder builds fields from a web.Form in the page's language: each field
// carries the value typed and the message of its error, so a form sent back
// keeps both. index is the row of a repeated field, or -1 (see FieldID).
type Builder struct {
	P   *i18n.Printer
	F   *web.Form
	Kit Kit
	// Max is the bound of each text field by name (per language for a
	// translatable one), the one its reader enforces, drawn as maxlength
	// so that a browser says it before the server does.
	Max map[string]int
}

func (b *Builder) errorOf(key string) string {
	msg := b.F.Error(key)
	if msg == "" {
		return ""
	}
	return b.P.T(msg, b.F.ErrorArgs(key)...)
}

func (b *Builder) finish(fl Field, index int) Field {
	fl.ID = FieldID(fl.Name, index)
	fl.Error = b.errorOf(ErrKey(fl.Name, index))
	if fl.Error != "" {
		fl.Describes = fl.ID + "-error"
	}
	return fl
}

// Input is a single control: text, url, email, number, date, datetime-local,
// area or file.
func (b *Builder) Input(kind, name string, index int, labelKey string, required bool) Field {
	return b.finish(Field{Kind: kind, Name: name, Label: b.P.T(labelKey), Value: Nth(b.F.Values, name, index), Required: required,
		MaxLen: b.Max[name]}, index)
}

// Checkbox is a single yes/no box.
func (b *Builder) Checkbox(name, labelKey string) Field {
	return b.finish(Field{Kind: "checkbox", Name: name, Label: b.P.T(labelKey), Checked: b.F.Get(name) != ""}, -1)
}

// Choice is a select; blankKey labels an empty first option ("" for none).
func (b *Builder) Choice(name string, index int, labelKey, blankKey string, opts []Option, required bool) Field {
	v := Nth(b.F.Values, name, index)
	var all []Option
	if blankKey != "" {
		all = append(all, Option{Value: "", Label: b.P.T(blankKey), Selected: v == ""})
	}
	for _, o := range opts {
		o.Selected = o.Value == v
		all = append(all, o)
	}
	return b.finish(Field{Kind: "select", Name: name, Label: b.P.T(labelKey), Value: v, Options: all, Required: required}, index)
}

// Checks is a group of checkboxes sharing name.
func (b *Builder) Checks(name, labelKey string, opts []Option) Field {
	chosen := map[string]bool{}
	for _, v := range b.F.Values[name] {
		chosen[v] = true
	}
	all := make([]Option, len(opts))
	for i, o := range opts {
		o.Selected = chosen[o.Value]
		all[i] = o
	}
	return b.finish(Field{Kind: "checks", Name: name, Label: b.P.T(labelKey), Options: all}, -1)
}

// Texts is a translatable field: one input per language, named
// <name>_<locale> (repeated fields share them, in order). Only Arabic, the
// reference language, may be required. Values are kept as typed, spaces
// included; the readers trim them.
func (b *Builder) Texts(name string, index int, labelKey string, area, required bool) Field {
	label := b.P.T(labelKey)
	kind := "i18n"
	if area {
		kind = "i18n-area"
	}
	fl := Field{Kind: kind, Name: name, ID: FieldID(name, index), Label: label, Required: required}
	written := false
	for _, l := range Locales {
		if Nth(b.F.Values, name+"_"+string(l), index) != "" {
			written = true
		}
	}
	for _, l := range Locales {
		n := name + "_" + string(l)
		in := LangInput{
			Locale: l, Dir: l.Dir(), Name: n, ID: FieldID(n, index), Value: typed(b.F, n, index),
			Label:    b.P.T(b.Kit.InLanguage, "Field", label, "Language", l.Name()),
			Required: required && l == i18n.AR,
			Error:    b.errorOf(ErrKey(n, index)),
			MaxLen:   b.Max[name],
		}
		// zgh is optional: its pages show Arabic where it has no text.
		in.Missing = written && l != i18n.ZGH && strings.TrimSpace(in.Value) == ""
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

// typed is like Nth without trimming.
func typed(f *web.Form, name string, index int) string {
	all := f.Values[name]
	if index < 0 {
		index = 0
	}
	if index < len(all) {
		return all[index]
	}
	return ""
}

// Hint adds an explanation under the label of fl, which its controls'
// aria-describedby point at, before any error.
func (b *Builder) Hint(fl Field, key string, args ...any) Field {
	fl.Hint = b.P.T(key, args...)
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
