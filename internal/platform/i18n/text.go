package i18n

import (
	"bytes"
	"database/sql/driver"
	"encoding/json"
	"fmt"
)

// Text is a translatable value entered by people (a plan title, a
// commitment description), stored as a JSON object {"ar": "...", "fr": "..."}
// in a TEXT column. An empty string counts as "not translated".
type Text map[Locale]string

// textFallback is the order in which In looks for a value when the requested
// locale has none. Arabic comes first because it is the council's working
// language and the reference text of every record; zgh readers in particular
// fall back to Arabic.
var textFallback = [...]Locale{AR, FR, EN}

// In returns the value for l, else the first non-empty value among ar, fr,
// en, else any other supported locale's value, else "". Showing some text in
// another language beats showing a blank title.
func (t Text) In(l Locale) string {
	s, _ := t.Pick(l)
	return s
}

// Pick returns what In returns and the language it is written in: l itself,
// or the fallback found ("" when t has no value at all). Pages compare it
// with their own language to mark a fallback with its lang and dir.
func (t Text) Pick(l Locale) (string, Locale) {
	if s := t[l]; s != "" {
		return s, l
	}
	for _, f := range textFallback {
		if s := t[f]; s != "" {
			return s, f
		}
	}
	for _, f := range Locales {
		if s := t[f]; s != "" {
			return s, f
		}
	}
	return "", ""
}

// Has reports whether t has a non-empty value for l itself.
func (t Text) Has(l Locale) bool { return t[l] != "" }

// Scan implements sql.Scanner for TEXT (string or []byte) and NULL columns.
// NULL, an empty string and JSON null all give a nil Text.
func (t *Text) Scan(src any) error {
	var b []byte
	switch v := src.(type) {
	case nil:
		*t = nil
		return nil
	case string:
		b = []byte(v)
	case []byte:
		b = v // json.Unmarshal copies strings out, so the driver may reuse v
	default:
		return fmt.Errorf("i18n: cannot scan %T into Text", src)
	}
	if len(bytes.TrimSpace(b)) == 0 {
		*t = nil
		return nil
	}
	if t2, ok := scanFlat(b); ok {
		*t = t2
		return nil
	}
	var m map[Locale]string
	if err := json.Unmarshal(b, &m); err != nil {
		return fmt.Errorf("i18n: scanning Text: %w", err)
	}
	*t = m
	return nil
}

// Value implements driver.Valuer. It stores a JSON object with sorted keys
// and without empty values, so equal texts are stored identically (diffable,
// comparable in SQL); nil or empty texts become "{}".
func (t Text) Value() (driver.Value, error) {
	b, err := t.encode()
	if err != nil {
		return nil, err
	}
	return string(b), nil
}

// MarshalJSON writes the same plain object as Value; a nil Text is {} rather
// than null so API clients always receive an object.
func (t Text) MarshalJSON() ([]byte, error) { return t.encode() }

func (t Text) encode() ([]byte, error) {
	if b, ok := encodeFlat(t); ok {
		return b, nil
	}
	m := make(map[Locale]string, len(t))
	for k, v := range t {
		if v != "" {
			m[k] = v
		}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	// Keep <, > and & readable in the database; encoding/json callers that
	// want them escaped still get that, since json.Marshal re-escapes
	// MarshalJSON output.
	enc.SetEscapeHTML(false)
	if err := enc.Encode(m); err != nil { // map keys are sorted by encoding/json
		return nil, err
	}
	return bytes.TrimSuffix(buf.Bytes(), []byte("\n")), nil
}

// Join joins texts locale by locale, a blank line apart, skipping empty
// ones: the body of a search entry made of several fields, say.
func Join(ts ...Text) Text {
	out := Text{}
	for _, t := range ts {
		for l, s := range t {
			if s == "" {
				continue
			}
			if out[l] != "" {
				out[l] += "\n\n"
			}
			out[l] += s
		}
	}
	return out
}
