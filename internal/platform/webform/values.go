package webform

import (
	"net/url"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Filling an edit form from a stored row: the writers give the values the
// readers read back.

// TextValues adds a translatable text to form values; called once per row,
// it fills a repeated field in order.
func TextValues(vs url.Values, name string, t i18n.Text) {
	for _, l := range Locales {
		vs.Add(name+"_"+string(l), t[l])
	}
}

// LocalValue writes t in loc for a datetime-local control ("" for the zero time).
func LocalValue(t time.Time, loc *time.Location) string {
	if t.IsZero() {
		return ""
	}
	return t.In(loc).Format(LocalLayout)
}

// DateValue writes d for a date control ("" for the zero date).
func DateValue(d db.Date) string { return d.String() }

// IDValue writes an id for a select ("" for none, so the blank option is chosen).
func IDValue(id int64) string {
	if id == 0 {
		return ""
	}
	return strconv.FormatInt(id, 10)
}
