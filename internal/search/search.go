package search

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Filter narrows a search. Zero values filter nothing.
type Filter struct {
	Kinds  []string
	PlanID int64
	OrgID  int64
	From   time.Time // happened on or after
	To     time.Time // happened before
}

// Hit is one thing found.
type Hit struct {
	Kind    string     `json:"kind"`
	ID      int64      `json:"id"`
	Title   string     `json:"title"`
	URL     string     `json:"url"`
	Date    time.Time  `json:"date"`
	Snippet []Fragment `json:"snippet"`
	// TitleLang and SnippetLang are the languages of the title and the
	// snippet when they are not the page's (a fallback), for their lang and
	// dir; "" otherwise.
	TitleLang   i18n.Locale `json:"-"`
	SnippetLang i18n.Locale `json:"-"`
}

// Result is one page of hits, the number of hits of the filtered kinds,
// and the number of hits of every kind (to offer them as tabs).
//
// A search ranks its matches by BM25 (see rank.go), the newest first among
// equals. It looks at its newest matches only, at most Window of them
// (newest by when they were indexed), which bounds the work: a query
// matching half of a million documents is answered about as fast as a rare
// one, and one with fewer matches than Window is ranked over all of them.
// Capped says that there were more matches than the window ("more than
// 1,000 results"): the counts are then those of the window.
type Result struct {
	Hits   []Hit
	Total  int
	Capped bool
	ByKind map[string]int
}

// Window is the most matches a search looks at.
const Window = 1_000

// snippetRunes is the length of a snippet.
const snippetRunes = 220

// Search runs q over one site's index and returns the hits of page (from
// 0) of size per, best first, texts in the locale l where there is one.
func Search(ctx context.Context, d *db.DB, siteID int64, q Query, f Filter, l i18n.Locale, page, per int) (*Result, error) {
	res := &Result{ByKind: map[string]int{}}
	if q.Empty() {
		return res, nil
	}
	sq := newSQL(d.Dialect, siteID, q, f)

	// The window of every kind gives the counts by kind (the tabs).
	all, err := sq.window(ctx, d, nil, len(f.Kinds) == 0)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	res.Capped = len(all) > Window
	all = all[:min(len(all), Window)]
	for _, m := range all {
		res.ByKind[m.kind]++
	}
	window := all
	if len(f.Kinds) > 0 {
		// The kinds asked for have a window of their own.
		if window, err = sq.window(ctx, d, f.Kinds, true); err != nil {
			return nil, fmt.Errorf("search: %w", err)
		}
		res.Capped = len(window) > Window
		window = window[:min(len(window), Window)]
	}
	res.Total = len(window)
	if len(window) == 0 || page*per >= len(window) {
		return res, nil
	}

	terms := q.AllTerms()
	c, err := loadCorpus(ctx, d, terms)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	read := readerFor(d.Dialect)
	for i := range window {
		window[i].score = c.score(read, window[i].vector, window[i].length, terms)
	}
	// Best first; among equals, newest first (the window's own order).
	slices.SortStableFunc(window, func(a, b match) int { return cmp.Compare(b.score, a.score) })
	shown := window[page*per : min(len(window), (page+1)*per)]
	order := map[int64]int{}
	args := make([]any, len(shown))
	for i, m := range shown {
		order[m.id], args[i] = i, m.id
	}
	rows, err := d.R().QueryContext(ctx, `SELECT id, kind, ref_id, title, body, url, happened_at FROM search_docs
		WHERE id IN (`+db.Placeholders(len(shown))+`)`, args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	res.Hits = make([]Hit, len(shown))
	m := newMatcher(terms)
	for rows.Next() {
		var h Hit
		var id int64
		var title, body i18n.Text
		var at db.Timestamp
		if err := rows.Scan(&id, &h.Kind, &h.ID, &title, &body, &h.URL, &at); err != nil {
			return nil, err
		}
		var titleLang, snippetLang i18n.Locale
		h.Title, titleLang = title.Pick(l)
		h.Date = at.Time
		h.Snippet, snippetLang = bestSnippet(snippetTexts(body, title, l), m, snippetRunes)
		if titleLang != l {
			h.TitleLang = titleLang
		}
		if snippetLang != l {
			h.SnippetLang = snippetLang
		}
		res.Hits[order[id]] = h
	}
	return res, rows.Err()
}

// snippetTexts lists the texts a hit's snippet may come from, with their
// language, in order of preference: its body in the reader's language (or
// its fallback), in each language, then its title. The snippet is cut from
// the first in which a term matches (bestSnippet).
func snippetTexts(body, title i18n.Text, l i18n.Locale) []snippetSource {
	s, from := body.Pick(l)
	out := []snippetSource{{s, from}}
	for _, other := range i18n.Locales {
		if t := body[other]; t != "" {
			out = append(out, snippetSource{t, other})
		}
	}
	s, from = title.Pick(l)
	return append(out, snippetSource{s, from})
}

// searchSQL builds a search's statements for one dialect.
//
// On SQLite the site, kind, plan and organisation of a document are tokens
// of its full-text row (see filterTokens), so that FTS5 alone finds the
// site's matches without visiting search_docs; only a date filter needs
// the join. On PostgreSQL they are columns beside the tsvector.
type searchSQL struct {
	dialect db.Dialect
	siteID  int64
	q       Query
	f       Filter
}

func newSQL(dialect db.Dialect, siteID int64, q Query, f Filter) searchSQL {
	return searchSQL{dialect: dialect, siteID: siteID, q: q, f: f}
}

// match is a document found: its search_docs id and kind, and for ranking
// its terms (a tsvector literal), length and score.
type match struct {
	id     int64
	kind   string
	vector string
	length int
	score  float64
}

// window returns the newest Window + 1 matches of the kinds (all kinds
// when none), newest first; with their terms and length when they are
// to be ranked.
func (s searchSQL) window(ctx context.Context, d *db.DB, kinds []string, ranked bool) ([]match, error) {
	cols := "'', 0"
	if ranked {
		cols = "d.terms, d.length"
		if s.dialect == db.Postgres {
			cols = "d.terms::text, d.length"
		}
	}
	var q string
	var args []any
	if s.dialect == db.Postgres {
		where, wargs := s.pgWhere(kinds)
		q, args = `SELECT d.id, d.kind, `+cols+` FROM search_docs AS d WHERE `+where+` ORDER BY d.id DESC LIMIT ?`, append(wargs, Window+1)
	} else {
		where, wargs := "search_fts MATCH ?", []any{s.ftsMatch(kinds)}
		if s.datesFiltered() {
			w, a := s.dateWhere()
			where, wargs = where+" AND "+w, append(wargs, a...)
		}
		q = `SELECT search_fts.rowid, d.kind, ` + cols + ` FROM search_fts JOIN search_docs AS d ON d.id = search_fts.rowid
			WHERE ` + where + ` ORDER BY search_fts.rowid DESC LIMIT ?`
		args = append(wargs, Window+1)
	}
	rows, err := d.R().QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []match
	for rows.Next() {
		var m match
		if err := rows.Scan(&m.id, &m.kind, &m.vector, &m.length); err != nil {
			return nil, err
		}
		out = append(out, m)
	}
	return out, rows.Err()
}

func (s searchSQL) datesFiltered() bool { return !s.f.From.IsZero() || !s.f.To.IsZero() }

func (s searchSQL) dateWhere() (string, []any) {
	var where []string
	var args []any
	if !s.f.From.IsZero() {
		where, args = append(where, "d.happened_at >= ?"), append(args, db.Timestamp{Time: s.f.From})
	}
	if !s.f.To.IsZero() {
		where, args = append(where, "d.happened_at < ?"), append(args, db.Timestamp{Time: s.f.To})
	}
	return strings.Join(where, " AND "), args
}

func (s searchSQL) pgWhere(kinds []string) (string, []any) {
	where := []string{"d.site_id = ?", "d.terms @@ ?::tsquery"}
	args := []any{s.siteID, s.tsquery()}
	if len(kinds) > 0 {
		where = append(where, "d.kind IN ("+db.Placeholders(len(kinds))+")")
		for _, k := range kinds {
			args = append(args, k)
		}
	}
	if s.f.PlanID != 0 {
		where, args = append(where, "d.plan_id = ?"), append(args, s.f.PlanID)
	}
	if s.f.OrgID != 0 {
		where, args = append(where, "d.organisation_id = ?"), append(args, s.f.OrgID)
	}
	if s.datesFiltered() {
		w, a := s.dateWhere()
		where, args = append(where, w), append(args, a...)
	}
	return strings.Join(where, " AND "), args
}

// tsquery writes q as a PostgreSQL tsquery literal.
func (s searchSQL) tsquery() string {
	var parts []string
	for _, t := range s.q.Terms {
		parts = append(parts, quoteLexeme(t))
	}
	for _, p := range s.q.Phrases {
		quoted := make([]string, len(p))
		for i, t := range p {
			quoted[i] = quoteLexeme(t)
		}
		parts = append(parts, "("+strings.Join(quoted, " <-> ")+")")
	}
	for _, t := range s.q.Excluded {
		parts = append(parts, "!"+quoteLexeme(t))
	}
	return strings.Join(parts, " & ")
}

// ftsMatch writes q, the site and the filters as an FTS5 query. Terms are
// quoted (quoteFTS).
func (s searchSQL) ftsMatch(kinds []string) string {
	quote := quoteFTS
	var content []string
	for _, t := range s.q.Terms {
		content = append(content, quote(t))
	}
	for _, p := range s.q.Phrases {
		content = append(content, quote(strings.Join(p, " ")))
	}
	words := "(" + strings.Join(content, " AND ") + ")"
	filters := []string{quote(siteToken(s.siteID))}
	if len(kinds) > 0 {
		ks := make([]string, len(kinds))
		for i, k := range kinds {
			ks[i] = quote(kindToken(k))
		}
		filters = append(filters, "("+strings.Join(ks, " OR ")+")")
	}
	if s.f.PlanID != 0 {
		filters = append(filters, quote(planToken(s.f.PlanID)))
	}
	if s.f.OrgID != 0 {
		filters = append(filters, quote(orgToken(s.f.OrgID)))
	}
	expr := "({title body} : " + words + " AND {tags} : (" + strings.Join(filters, " AND ") + "))"
	var not []string
	for _, t := range s.q.Excluded {
		not = append(not, "{title body} : "+quote(t))
	}
	if len(not) > 0 {
		expr += " NOT (" + strings.Join(not, " OR ") + ")"
	}
	return expr
}
