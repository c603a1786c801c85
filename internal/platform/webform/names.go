package webform

import (
	"net/url"
	"strconv"
	"strings"

	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// Locales are the languages a translatable field is written in: every
// language of the site, Arabic (the reference) first and Amazigh (zgh) last.
var Locales = i18n.Locales

// A field may be repeated, one per row of a group (a plan's stages, a
// commitment's partners). Every helper takes the row's index; an index below
// zero means a field that is not repeated, so its id and error key are the
// bare name.

// FieldID is the id of the control for name (in row index when repeated).
func FieldID(name string, index int) string {
	if index < 0 {
		return "f-" + name
	}
	return "f-" + name + "-" + strconv.Itoa(index)
}

// ErrKey is the key of a field's error in web.Form: the name, or name.index
// for a repeated field.
func ErrKey(name string, index int) string {
	if index < 0 {
		return name
	}
	return name + "." + strconv.Itoa(index)
}

// Nth returns the trimmed index-th value of a repeated field ("" past the
// end), or the single value when index < 0.
func Nth(vs url.Values, name string, index int) string {
	all := vs[name]
	if index < 0 {
		index = 0
	}
	if index < len(all) {
		return strings.TrimSpace(all[index])
	}
	return ""
}

// Rows returns how many rows a repeated group of fields posted: the length
// of its longest field.
func Rows(f *web.Form, names ...string) int {
	n := 0
	for _, name := range names {
		n = max(n, len(f.Values[name]))
	}
	return n
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
