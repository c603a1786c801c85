package webform

import (
	"net/url"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// Reading what was posted. Each reader records a message key on the form for
// a bad value and returns the zero value, so one pass reports every mistake.
// index is the row of a repeated field, or -1.

// ReadText returns the translatable field name, each language at most max
// characters; Arabic is required when required is set.
func (k Kit) ReadText(f *web.Form, name string, index, max int, required bool) i18n.Text {
	t := i18n.Text{}
	for _, l := range Locales {
		if v := Nth(f.Values, name+"_"+string(l), index); v != "" {
			if utf8.RuneCountInString(v) > max {
				f.Fail(ErrKey(name+"_"+string(l), index), k.TooLong, "Max", max)
			}
			t[l] = v
		}
	}
	if required && t[i18n.AR] == "" {
		f.Fail(ErrKey(name+"_ar", index), k.RequiredAR)
	}
	return t
}

// ReadString returns the trimmed field name, at most max characters; ""
// fails the field when required.
func (k Kit) ReadString(f *web.Form, name string, index, max int, required bool) string {
	v := Nth(f.Values, name, index)
	switch {
	case v == "" && required:
		f.Fail(ErrKey(name, index), "form.required")
	case utf8.RuneCountInString(v) > max:
		f.Fail(ErrKey(name, index), k.TooLong, "Max", max)
	}
	return v
}

// MaxRows fails a repeated group of fields that posted more than max rows,
// at the first field of its last allowed row (the form is shown again with
// at most max rows: see ShownRows); it reports whether the group is within
// its bound.
func (k Kit) MaxRows(f *web.Form, max int, names ...string) bool {
	if Rows(f, names...) <= max {
		return true
	}
	f.Fail(ErrKey(names[0], max-1), k.TooMany, "Max", max)
	return false
}

// ShownRows is how many rows of a repeated group a form sent back shows:
// those posted, at least one, at most max.
func ShownRows(f *web.Form, limit int, names ...string) int {
	return min(max(1, Rows(f, names...)), limit)
}

// MaxChoices fails the field name (checkboxes, a multiple select) when it
// posted more than max values.
func (k Kit) MaxChoices(f *web.Form, name string, max int) bool {
	if len(f.Values[name]) <= max {
		return true
	}
	f.Fail(name, k.TooMany, "Max", max)
	return false
}

// LocalLayout is how a datetime-local control writes a time.
const LocalLayout = "2006-01-02T15:04"

// ReadLocalTime reads a datetime-local value as a time in loc (the site's or
// the event's zone); "" gives the zero time, failing the field when required.
func (k Kit) ReadLocalTime(f *web.Form, name string, loc *time.Location, required bool) time.Time {
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
			f.Fail(name, k.DateTime)
			return time.Time{}
		}
	}
	return t
}

// ReadDate reads a YYYY-MM-DD date; "" gives the zero date, failing the
// field when required.
func (k Kit) ReadDate(f *web.Form, name string, index int, required bool) db.Date {
	v := Nth(f.Values, name, index)
	if v == "" {
		if required {
			f.Fail(ErrKey(name, index), "form.required")
		}
		return db.Date{}
	}
	d, err := db.ParseDate(v)
	if err != nil {
		f.Fail(ErrKey(name, index), k.Date)
		return db.Date{}
	}
	return d
}

// ReadInt reads a whole number between lo and hi; rangeKey names the message
// for a number out of range, which is given Min and Max.
func (k Kit) ReadInt(f *web.Form, name string, index int, lo, hi int, required bool, rangeKey string) (int, bool) {
	v := Nth(f.Values, name, index)
	if v == "" {
		if required {
			f.Fail(ErrKey(name, index), "form.required")
		}
		return 0, false
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		f.Fail(ErrKey(name, index), k.Number)
		return 0, false
	}
	if n < lo || n > hi {
		f.Fail(ErrKey(name, index), rangeKey, "Min", lo, "Max", hi)
		return 0, false
	}
	return n, true
}

// ReadID reads an id that must be one of known ("" gives 0); unknownKey
// names the message for any other value.
func ReadID(f *web.Form, name string, index int, known map[int64]bool, unknownKey string, required bool) int64 {
	v := Nth(f.Values, name, index)
	if v == "" {
		if required {
			f.Fail(ErrKey(name, index), "form.required")
		}
		return 0
	}
	id, err := strconv.ParseInt(v, 10, 64)
	if err != nil || !known[id] {
		f.Fail(ErrKey(name, index), unknownKey)
		return 0
	}
	return id
}

// MaxURLLen bounds a web address a form may give.
const MaxURLLen = 2000

// ReadURL reads an optional absolute http(s) address, the only kind a
// public page may link to.
func (k Kit) ReadURL(f *web.Form, name string, index int) string {
	v := Nth(f.Values, name, index)
	if v == "" {
		return ""
	}
	u, err := url.Parse(v)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || len(v) > MaxURLLen {
		f.Fail(ErrKey(name, index), k.URL)
		return ""
	}
	return v
}
