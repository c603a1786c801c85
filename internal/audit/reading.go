package audit

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/i18n"
)

// Reading an entry: the ledger page shows each entry as one sentence in the
// reader's language ("Progress update on TTA-03: 40% → 60%") and its fields
// with translated names and readable values, before and after side by
// side. This is only how the page shows an entry: the stored texts, which
// the hashes cover, are untouched, and the download and the API give them
// as they are.
//
// Names come from the catalogue: a field is labelled by
// audit.entity_field.<entity>.<field>, else audit.field_label.<field>, else
// shown by its stored name; an entity or action without a sentence of its
// own gets a generic one (audit.summary.titled.* or audit.summary.generic.*).

// Reading is an entry as people read it.
type Reading struct {
	Summary string
	Fields  []FieldReading
	// Paired is true when the entry has fields before and after (an
	// update): they are shown side by side. Otherwise only one side exists
	// (a creation, a deletion) and each field shows its one value.
	Paired bool
}

// FieldReading is one field of an entry, named for people.
type FieldReading struct {
	Name          string // as stored
	Label         string // from the catalogue; Name when it has none
	Labelled      bool
	Before, After Value
}

// Value is a field's value made readable.
type Value struct {
	Text   string
	Absent bool        // the field is not on this side of the change
	Empty  bool        // null, "" or an empty list
	Code   bool        // a hash, an address or raw JSON: shown left to right as code
	Lang   i18n.Locale // the language of a multilingual value, when it is one
	Cut    bool        // Text is the start of a longer text
}

// maxValueRunes bounds a value shown on the page; the download has it whole.
const maxValueRunes = 200

// maxTitleRunes bounds a title quoted in a summary.
const maxTitleRunes = 80

// Read returns the entry as the reader of locale p reads it. loc is the
// site's time zone (for times stored in UTC); ref is the reference of the
// commitment the entry concerns ("TTA-03"), "" when unknown.
func Read(e *Entry, p *i18n.Printer, loc *time.Location, ref string) Reading {
	if loc == nil {
		loc = time.UTC
	}
	b, a := objectOf(e.BeforeData), objectOf(e.AfterData)
	r := Reading{Paired: len(b) > 0 && len(a) > 0}
	names := make([]string, 0, len(b)+len(a))
	for k := range b {
		names = append(names, k)
	}
	for k := range a {
		if _, ok := b[k]; !ok {
			names = append(names, k)
		}
	}
	slices.Sort(names)
	rd := reader{p: p, loc: loc, entity: e.Entity}
	for _, k := range names {
		f := FieldReading{Name: k, Label: k}
		if label, ok := rd.label(k); ok {
			f.Label, f.Labelled = label, true
		}
		f.Before, f.After = Value{Absent: true}, Value{Absent: true}
		if v, ok := b[k]; ok {
			f.Before = rd.value(k, v)
		}
		if v, ok := a[k]; ok {
			f.After = rd.value(k, v)
		}
		r.Fields = append(r.Fields, f)
	}
	r.Summary = rd.summary(e, b, a, ref)
	return r
}

// objectOf decodes a stored side into its fields. A side that is not a JSON
// object (a row written by hand) is one field named "value".
func objectOf(data string) map[string]any {
	if data == "" {
		return nil
	}
	dec := json.NewDecoder(bytes.NewReader([]byte(data)))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return map[string]any{"value": data}
	}
	switch v := v.(type) {
	case nil:
		return nil
	case map[string]any:
		return v
	default:
		return map[string]any{"value": v}
	}
}

type reader struct {
	p      *i18n.Printer
	loc    *time.Location
	entity string
}

// label is the field's name in the catalogue, for this entity or any.
func (rd reader) label(field string) (string, bool) {
	for _, k := range []string{"audit.entity_field." + rd.entity + "." + field, "audit.field_label." + field} {
		if rd.p.Has(k) {
			return rd.p.T(k), true
		}
	}
	return "", false
}

// valueKeys names the catalogue prefix of the fields whose values are codes
// with a label of their own ("in_progress" → status.in_progress), by
// "entity.field" or by field for every entity.
var valueKeys = map[string]string{
	"commitment.status":         "status.",
	"milestone.status":          "status.",
	"progress_update.status":    "status.",
	"plan.status":               "plan_status.",
	"comment.status":            "comment.status.",
	"proposal_response.outcome": "consult.outcome.",
	"user.role":                 "siteadmin.role.",
	"assessment.kind":           "assessment.kind.",
	"organisation.kind":         "org_kind.",
	"forum_member.seat":         "forum.seat.",
	"event.kind":                "event.kind.",
	"site.other_changes":        "audit.field_label.", // the names of fields the ledger leaves out
	"ogp_values":                "value.",
	"relevant_values":           "value.",
	"themes":                    "theme.",
	"sector":                    "sector.",
	"potential_for_results":     "assessment.potential.",
	"completion":                "assessment.completion.",
	"did_it_open_government":    "assessment.opened.",
}

// percentFields hold a progress from 0 to 100.
var percentFields = map[string]bool{"progress": true}

func (rd reader) code(field, s string) (string, bool) {
	prefix, ok := valueKeys[rd.entity+"."+field]
	if !ok {
		prefix, ok = valueKeys[field]
	}
	if ok && rd.p.Has(prefix+s) {
		return rd.p.T(prefix + s), true
	}
	return s, false
}

// value makes one stored value readable.
func (rd reader) value(field string, v any) Value {
	switch v := v.(type) {
	case nil:
		return Value{Empty: true}
	case bool:
		if v {
			return Value{Text: rd.p.T("audit.value.yes")}
		}
		return Value{Text: rd.p.T("audit.value.no")}
	case json.Number:
		if n, err := v.Int64(); err == nil && percentFields[field] && n >= 0 && n <= 100 {
			return Value{Text: rd.p.Percent(int(n))}
		}
		return Value{Text: v.String()}
	case string:
		return rd.str(field, v)
	case []any:
		if len(v) == 0 {
			return Value{Empty: true}
		}
		parts := make([]string, 0, len(v))
		code := true
		sep := rd.p.T("audit.list_separator")
		for _, x := range v {
			if _, ok := x.(map[string]any); ok {
				// Records in a list: their own fields are separated by commas.
				sep = rd.p.T("audit.item_separator")
			}
			xv := rd.value(field, x)
			if xv.Empty {
				continue
			}
			code = code && xv.Code
			parts = append(parts, xv.Text)
		}
		if len(parts) == 0 {
			return Value{Empty: true}
		}
		text, cut := truncate(strings.Join(parts, sep), maxValueRunes)
		return Value{Text: text, Cut: cut, Code: code}
	case map[string]any:
		if t, ok := asText(v); ok {
			s, l := inLocale(t, rd.p.Locale())
			if s == "" {
				return Value{Empty: true}
			}
			text, cut := truncate(s, maxValueRunes)
			return Value{Text: text, Lang: l, Cut: cut}
		}
		return rd.object(v)
	}
	s, _ := encode(v)
	return Value{Text: s, Code: true}
}

// str shows a string: a code by its label, a time in the site's zone, a
// date as a date, a hash shortened, an address as code, a text truncated.
func (rd reader) str(field, s string) Value {
	if s == "" {
		return Value{Empty: true}
	}
	if label, ok := rd.code(field, s); ok {
		return Value{Text: label}
	}
	if len(s) == len("2006-01-02") {
		if t, err := time.Parse(time.DateOnly, s); err == nil {
			return Value{Text: rd.p.Date(t)}
		}
	}
	if strings.Contains(s, "T") && len(s) >= len("2006-01-02T15:04:05Z") && len(s) <= 40 {
		if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
			return Value{Text: rd.p.DateTime(t.In(rd.loc))}
		}
	}
	if isHash(s) {
		return Value{Text: s[:12] + "…", Code: true}
	}
	if strings.HasPrefix(s, "https://") || strings.HasPrefix(s, "http://") || strings.HasPrefix(s, "/") {
		text, cut := truncate(s, maxValueRunes)
		return Value{Text: text, Code: true, Cut: cut}
	}
	text, cut := truncate(s, maxValueRunes)
	return Value{Text: text, Cut: cut}
}

// object shows a nested record (an item of evidence, a partner) by its
// title or name, else as "label: value" pairs.
func (rd reader) object(m map[string]any) Value {
	for _, k := range []string{"title", "name"} {
		if x, ok := m[k]; ok {
			if v := rd.value(k, x); !v.Empty {
				return v
			}
		}
	}
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		v := rd.value(k, m[k])
		if v.Empty {
			continue
		}
		label, ok := rd.label(k)
		if !ok {
			label = k
		}
		parts = append(parts, label+rd.p.T("audit.pair_separator")+v.Text)
	}
	if len(parts) == 0 {
		return Value{Empty: true}
	}
	text, cut := truncate(strings.Join(parts, rd.p.T("audit.list_separator")), maxValueRunes)
	return Value{Text: text, Cut: cut}
}

// asText reads a multilingual value ({"ar": "…", "fr": "…"}): an object
// whose keys are all languages and whose values are all strings.
func asText(m map[string]any) (i18n.Text, bool) {
	if len(m) == 0 {
		return nil, false
	}
	t := make(i18n.Text, len(m))
	for k, v := range m {
		l, ok := i18n.Parse(k)
		s, isStr := v.(string)
		if !ok || string(l) != k || !isStr {
			return nil, false
		}
		t[l] = s
	}
	return t, true
}

// inLocale is t in l, with the language of the value returned (which is
// another one when l has none).
func inLocale(t i18n.Text, l i18n.Locale) (string, i18n.Locale) {
	s := t.In(l)
	if t[l] == s && s != "" {
		return s, l
	}
	for _, x := range i18n.Locales {
		if t[x] == s && s != "" {
			return s, x
		}
	}
	return s, ""
}

// truncate cuts s to at most max characters, at a space when one is near
// the end, so that a word is not cut in two; "…" ends a cut text.
func truncate(s string, max int) (string, bool) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) <= max {
		return s, false
	}
	rs := []rune(s)[:max]
	cut := len(rs)
	for i := len(rs) - 1; i > max*3/4; i-- {
		if unicode.IsSpace(rs[i]) {
			cut = i
			break
		}
	}
	return strings.TrimRightFunc(string(rs[:cut]), func(r rune) bool { return unicode.IsSpace(r) || unicode.IsPunct(r) }) + "…", true
}

func isHash(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range s {
		if !(c >= '0' && c <= '9' || c >= 'a' && c <= 'f') {
			return false
		}
	}
	return true
}

// isolate wraps text that people wrote (a title, a reference) in Unicode
// first-strong isolates, so that a French title inside an Arabic sentence
// (or the reverse) keeps its own direction without reordering the sentence.
func isolate(s string) string { return "\u2068" + s + "\u2069" }

// summary is the entry's sentence in the reader's language.
func (rd reader) summary(e *Entry, b, a map[string]any, ref string) string {
	p := rd.p
	entity := e.Entity
	if k := "audit.entity." + e.Entity; p.Has(k) {
		entity = p.T(k)
	}
	id := strconv.FormatInt(e.EntityID, 10)
	if e.Entity == "commitment" {
		if s := firstString(a, b, "ref"); s != "" {
			ref = s
		}
	}
	refText := ref
	if refText == "" && e.CommitmentID != nil {
		refText = "#" + strconv.FormatInt(*e.CommitmentID, 10)
	}
	action := e.Action
	try := func(key string, args ...any) (string, bool) {
		if !p.Has(key) {
			return "", false
		}
		return p.T(key, args...), true
	}
	switch {
	case e.Entity == "progress_update" && action == ActionCreate && refText != "":
		to, okTo := percentOf(a)
		from, okFrom := percentOf(b)
		switch {
		case okTo && okFrom:
			return p.T("audit.summary.progress_update.change", "Ref", isolate(refText), "From", p.Percent(from), "To", p.Percent(to))
		case okTo:
			return p.T("audit.summary.progress_update.create", "Ref", isolate(refText), "To", p.Percent(to))
		}
	case (e.Entity == "commitment" || e.Entity == "milestone") && refText != "":
		if s, ok := try("audit.summary."+e.Entity+"."+action, "Ref", isolate(refText)); ok {
			return s
		}
	case e.Entity == "proposal_response":
		if action == ActionCreate {
			if o, ok := a["outcome"].(string); ok {
				label, _ := rd.code("outcome", o)
				return p.T("audit.summary.proposal_response.create", "ID", id, "Outcome", label)
			}
		}
		if s, ok := try("audit.summary.proposal_response."+action, "ID", id); ok {
			return s
		}
	case e.Entity == "site" && action == ActionUpdate:
		return p.T("audit.summary.site.update")
	case e.Entity == "comment" && action == ActionUpdate:
		if st, ok := a["status"].(string); ok {
			label, _ := rd.code("status", st)
			return p.T("audit.summary.comment.update", "ID", id, "Status", label)
		}
	case e.Entity == "user" && action == ActionUpdate:
		from, okFrom := b["role"].(string)
		to, okTo := a["role"].(string)
		if okFrom && okTo {
			fromLabel, _ := rd.code("role", from)
			toLabel, _ := rd.code("role", to)
			return p.T("audit.summary.user.role", "ID", id, "From", fromLabel, "To", toLabel)
		}
		if blocked, ok := a["blocked"].(bool); ok {
			key := "audit.summary.user.unblocked"
			if blocked {
				key = "audit.summary.user.blocked"
			}
			return p.T(key, "ID", id)
		}
	case e.Entity == "assessment" && action == ActionCreate:
		if k, ok := a["kind"].(string); ok {
			if label, ok := rd.code("kind", k); ok {
				return p.T("audit.summary.assessment.create", "Kind", label)
			}
		}
	}
	for _, field := range []string{"title", "name"} {
		if t := rd.titleOf(a, b, field); t != "" {
			if s, ok := try("audit.summary.titled."+action, "Entity", entity, "Title", isolate(t)); ok {
				return s
			}
		}
	}
	if s, ok := try("audit.summary.generic."+action, "Entity", entity, "ID", id); ok {
		return s
	}
	return p.T("audit.entity_ref", "Entity", entity, "ID", id)
}

// titleOf is a side's title (or name) in the reader's language, the after
// side first, shortened for a sentence.
func (rd reader) titleOf(a, b map[string]any, field string) string {
	for _, side := range []map[string]any{a, b} {
		switch v := side[field].(type) {
		case string:
			if v != "" {
				s, _ := truncate(v, maxTitleRunes)
				return s
			}
		case map[string]any:
			if t, ok := asText(v); ok {
				if s := t.In(rd.p.Locale()); s != "" {
					s, _ = truncate(s, maxTitleRunes)
					return s
				}
			}
		}
	}
	return ""
}

func firstString(a, b map[string]any, field string) string {
	for _, side := range []map[string]any{a, b} {
		if s, ok := side[field].(string); ok && s != "" {
			return s
		}
	}
	return ""
}

// percentOf reads a side's "progress" as a whole number from 0 to 100.
func percentOf(side map[string]any) (int, bool) {
	n, ok := side["progress"].(json.Number)
	if !ok {
		return 0, false
	}
	i, err := n.Int64()
	if err != nil || i < 0 || i > 100 {
		return 0, false
	}
	return int(i), true
}
