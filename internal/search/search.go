package search

import (
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
}

// Result is one page of hits, the number of hits of the filtered kinds,
// and the number of hits of every kind (to offer them as tabs).
type Result struct {
	Hits   []Hit
	Total  int
	ByKind map[string]int
}

// snippetRunes is the length of a snippet.
const snippetRunes = 220

// Search runs q over one site's index and returns the hits of page (from
// 0) of size per, best first, texts in the locale l where there is one.
func Search(ctx context.Context, d *db.DB, siteID int64, q Query, f Filter, l i18n.Locale, page, per int) (*Result, error) {
	if q.Empty() {
		return &Result{ByKind: map[string]int{}}, nil
	}
	match, matchSQL := matchClause(d.Dialect, q)
	where := []string{"d.site_id = ?", matchSQL}
	args := []any{siteID, match}
	if f.PlanID != 0 {
		where, args = append(where, "d.plan_id = ?"), append(args, f.PlanID)
	}
	if f.OrgID != 0 {
		where, args = append(where, "d.organisation_id = ?"), append(args, f.OrgID)
	}
	if !f.From.IsZero() {
		where, args = append(where, "d.happened_at >= ?"), append(args, db.Timestamp{Time: f.From})
	}
	if !f.To.IsZero() {
		where, args = append(where, "d.happened_at < ?"), append(args, db.Timestamp{Time: f.To})
	}
	from := "search_docs AS d"
	if d.Dialect == db.SQLite {
		from = "search_fts JOIN search_docs AS d ON d.id = search_fts.rowid"
	}
	res := &Result{ByKind: map[string]int{}}

	// Counts by kind, before the kind filter.
	rows, err := d.R().QueryContext(ctx, `SELECT d.kind, count(*) FROM `+from+` WHERE `+strings.Join(where, " AND ")+` GROUP BY d.kind`, args...)
	if err != nil {
		return nil, fmt.Errorf("search: count: %w", err)
	}
	for rows.Next() {
		var kind string
		var n int
		if err := rows.Scan(&kind, &n); err != nil {
			rows.Close()
			return nil, err
		}
		res.ByKind[kind] = n
		if len(f.Kinds) == 0 || slices.Contains(f.Kinds, kind) {
			res.Total += n
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if res.Total == 0 || page*per >= res.Total {
		return res, nil
	}

	if len(f.Kinds) > 0 {
		where = append(where, "d.kind IN ("+db.Placeholders(len(f.Kinds))+")")
		for _, k := range f.Kinds {
			args = append(args, k)
		}
	}
	rank := "bm25(search_fts)"
	if d.Dialect == db.Postgres {
		// ts_rank grows with relevance; negated it sorts like bm25.
		rank = "-ts_rank(d.terms, ?::tsquery)"
		args = append([]any{match}, args...)
	}
	args = append(args, per, page*per)
	rows, err = d.R().QueryContext(ctx, `
		SELECT d.kind, d.ref_id, d.title, d.body, d.url, d.happened_at, `+rank+` AS score
		FROM `+from+` WHERE `+strings.Join(where, " AND ")+`
		ORDER BY score, d.happened_at DESC, d.id
		LIMIT ? OFFSET ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	terms := q.AllTerms()
	for rows.Next() {
		var h Hit
		var title, body i18n.Text
		var at db.Timestamp
		var score float64
		if err := rows.Scan(&h.Kind, &h.ID, &title, &body, &h.URL, &at, &score); err != nil {
			return nil, err
		}
		h.Title, h.Date = title.In(l), at.Time
		h.Snippet = Snippet(snippetText(body, title, terms, l), terms, snippetRunes)
		res.Hits = append(res.Hits, h)
	}
	return res, rows.Err()
}

// snippetText picks the text to cut a snippet from: the body in the
// visitor's locale when a term is in it, else the body in another locale
// that has one, else the body in the visitor's locale.
func snippetText(body, title i18n.Text, terms []string, l i18n.Locale) string {
	has := func(s string) bool {
		for _, t := range Analyze(s) {
			if slices.Contains(terms, t) {
				return true
			}
		}
		return false
	}
	if s := body.In(l); has(s) {
		return s
	}
	for _, other := range []i18n.Locale{i18n.AR, i18n.FR, i18n.EN} {
		if s := body[other]; s != "" && has(s) {
			return s
		}
	}
	if s := body.In(l); s != "" {
		return s
	}
	return title.In(l)
}

// matchClause writes q in the dialect's full-text syntax, with the SQL
// condition that applies it. Terms are quoted; an analyzed term holds only
// letters, digits and marks, so nothing a person types reaches the syntax.
func matchClause(dialect db.Dialect, q Query) (string, string) {
	if dialect == db.Postgres {
		var parts []string
		for _, t := range q.Terms {
			parts = append(parts, quoteLexeme(t))
		}
		for _, p := range q.Phrases {
			quoted := make([]string, len(p))
			for i, t := range p {
				quoted[i] = quoteLexeme(t)
			}
			parts = append(parts, "("+strings.Join(quoted, " <-> ")+")")
		}
		for _, t := range q.Excluded {
			parts = append(parts, "!"+quoteLexeme(t))
		}
		return strings.Join(parts, " & "), "d.terms @@ ?::tsquery"
	}
	quote := func(s string) string { return `"` + strings.ReplaceAll(s, `"`, `""`) + `"` }
	var parts []string
	for _, t := range q.Terms {
		parts = append(parts, quote(t))
	}
	for _, p := range q.Phrases {
		parts = append(parts, quote(strings.Join(p, " ")))
	}
	expr := "(" + strings.Join(parts, " AND ") + ")"
	if len(q.Excluded) > 0 {
		ex := make([]string, len(q.Excluded))
		for i, t := range q.Excluded {
			ex[i] = quote(t)
		}
		expr += " NOT (" + strings.Join(ex, " OR ") + ")"
	}
	return expr, "search_fts MATCH ?"
}
