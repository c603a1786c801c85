package event

import (
	"bytes"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/i18n"
)

// iCalendar (RFC 5545). Times are written in UTC ("Z"), which every
// calendar converts to its reader's zone, so no VTIMEZONE is needed. Each
// event's UID is stable (its id and the site's host), DTSTAMP is when it
// last changed, text values are escaped (\\ \; \, \n) and content lines are
// folded at 75 octets without splitting a UTF-8 character.

// ICSOptions says how to write events: in which language, and the origin
// of the site's absolute links.
type ICSOptions struct {
	Locale i18n.Locale
	Origin string // "https://example.org"
	Host   string // the host name for UIDs
	Name   string // the calendar's name
	Kinds  func(Kind) string
}

// ICS writes events as one VCALENDAR.
func ICS(events []Event, o ICSOptions) []byte {
	var w icsWriter
	w.line("BEGIN:VCALENDAR")
	w.line("VERSION:2.0")
	w.line("PRODID:-//Infitah//Events//" + strings.ToUpper(string(o.Locale)))
	w.line("CALSCALE:GREGORIAN")
	w.line("METHOD:PUBLISH")
	if o.Name != "" {
		w.prop("X-WR-CALNAME", o.Name)
	}
	for _, e := range events {
		l := o.Locale
		w.line("BEGIN:VEVENT")
		w.line("UID:event-" + itoa(e.ID) + "@" + o.Host)
		w.line("DTSTAMP:" + utc(e.UpdatedAt.Time))
		w.line("DTSTART:" + utc(e.StartsAt.Time))
		w.line("DTEND:" + utc(e.EndsAt.Time))
		w.prop("SUMMARY", e.Title.In(l))
		if d := e.Description.In(l); d != "" {
			w.prop("DESCRIPTION", d)
		}
		loc := e.Place.In(l)
		if loc == "" {
			loc = e.OnlineURL
		}
		if loc != "" {
			w.prop("LOCATION", loc)
		}
		w.line("URL:" + o.Origin + "/events/" + itoa(e.ID))
		if o.Kinds != nil {
			w.prop("CATEGORIES", o.Kinds(e.Kind))
		}
		w.line("STATUS:CONFIRMED")
		w.line("END:VEVENT")
	}
	w.line("END:VCALENDAR")
	return w.buf.Bytes()
}

func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// escapeText escapes a TEXT value (RFC 5545, 3.3.11).
func escapeText(s string) string {
	s = strings.ReplaceAll(s, "\r\n", "\n")
	s = strings.ReplaceAll(s, "\r", "\n")
	r := strings.NewReplacer(`\`, `\\`, ";", `\;`, ",", `\,`, "\n", `\n`)
	return r.Replace(s)
}

type icsWriter struct{ buf bytes.Buffer }

func (w *icsWriter) prop(name, text string) { w.line(name + ":" + escapeText(text)) }

// line writes a content line, folded: at most 75 octets a line, the
// continuation lines starting with a space (RFC 5545, 3.1).
func (w *icsWriter) line(s string) {
	n := 0
	limit := 75
	for len(s) > 0 {
		_, size := utf8.DecodeRuneInString(s)
		if n+size > limit {
			w.buf.WriteString("\r\n ")
			n = 0
			limit = 74 // the leading space counts
		}
		w.buf.WriteString(s[:size])
		n += size
		s = s[size:]
	}
	w.buf.WriteString("\r\n")
}
