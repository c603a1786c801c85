package search

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Doc is one searchable thing as the index keeps it. Features build one
// from their rows and call Index in the transaction that writes the row;
// a feature adding a kind of content needs nothing more.
type Doc struct {
	SiteID int64
	Kind   string // "commitment", "milestone", "update", "proposal", "comment", "news", "event", "organisation", …
	RefID  int64  // the row's id in its own table
	Title  i18n.Text
	Body   i18n.Text // the searchable text; kept cut to bodyRunes per locale for snippets
	URL    string    // the public page, site-relative
	Date   time.Time // when it happened or was published: the date filter and the tie-break
	PlanID int64     // 0 when it belongs to no plan
	OrgID  int64     // the organisation responsible or speaking; 0 when none
}

// bodyRunes is how much of each text the index keeps to cut snippets from.
// The terms cover the whole text.
const bodyRunes = 4000

// Index adds the document or replaces the one of the same kind and id, in
// the caller's transaction: the index changes exactly when the content does.
func Index(ctx context.Context, tx *db.Tx, d Doc) error {
	if d.SiteID == 0 || d.Kind == "" || d.RefID == 0 {
		return fmt.Errorf("search: index %s %d: site, kind and id are required", d.Kind, d.RefID)
	}
	terms := docTerms(d)
	var termsArg any = strings.Join(terms, " ")
	if tx.Dialect() == db.Postgres {
		termsArg = tsvector(terms)
	}
	date := d.Date
	if date.IsZero() {
		date = tx.Now()
	}
	_, err := tx.ExecContext(ctx, `
		INSERT INTO search_docs (site_id, kind, ref_id, title, body, url, happened_at, plan_id, organisation_id, terms)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, `+termsParam(tx.Dialect())+`)
		ON CONFLICT (site_id, kind, ref_id) DO UPDATE SET title = excluded.title, body = excluded.body,
			url = excluded.url, happened_at = excluded.happened_at, plan_id = excluded.plan_id,
			organisation_id = excluded.organisation_id, terms = excluded.terms`,
		d.SiteID, d.Kind, d.RefID, d.Title, cutText(d.Body), d.URL, db.Timestamp{Time: date},
		nullID(d.PlanID), nullID(d.OrgID), termsArg)
	if err != nil {
		return fmt.Errorf("search: index %s %d: %w", d.Kind, d.RefID, err)
	}
	return nil
}

// Remove takes a document out of the index (hidden, deleted, unpublished);
// removing one that is not there is not an error.
func Remove(ctx context.Context, tx *db.Tx, siteID int64, kind string, refID int64) error {
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_docs WHERE site_id = ? AND kind = ? AND ref_id = ?`, siteID, kind, refID); err != nil {
		return fmt.Errorf("search: remove %s %d: %w", kind, refID, err)
	}
	return nil
}

func termsParam(d db.Dialect) string {
	if d == db.Postgres {
		return "?::tsvector"
	}
	return "?"
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// docTerms analyzes the title and body in every locale, in a fixed locale
// order so that positions (and so phrases) are the same on both databases.
func docTerms(d Doc) []string {
	var terms []string
	for _, t := range []i18n.Text{d.Title, d.Body} {
		locales := make([]string, 0, len(t))
		for l := range t {
			locales = append(locales, string(l))
		}
		sort.Strings(locales)
		for _, l := range locales {
			terms = append(terms, Analyze(t[i18n.Locale(l)])...)
		}
	}
	return terms
}

func cutText(t i18n.Text) i18n.Text {
	out := make(i18n.Text, len(t))
	for l, s := range t {
		if utf8.RuneCountInString(s) > bodyRunes {
			s = string([]rune(s)[:bodyRunes])
		}
		out[l] = s
	}
	return out
}

// PostgreSQL limits: positions run from 1 to 16383, and a lexeme keeps at
// most 256 positions.
const (
	maxPosition       = 16383
	maxPositionsPerTm = 256
)

// tsvector writes terms as a tsvector literal, each lexeme with its
// positions, so PostgreSQL indexes the analyzer's terms untouched.
func tsvector(terms []string) string {
	positions := map[string][]int{}
	var order []string
	for i, t := range terms {
		p := i + 1
		if p > maxPosition {
			p = maxPosition
		}
		if _, ok := positions[t]; !ok {
			order = append(order, t)
		}
		if ps := positions[t]; len(ps) < maxPositionsPerTm && (len(ps) == 0 || ps[len(ps)-1] != p) {
			positions[t] = append(positions[t], p)
		}
	}
	var b strings.Builder
	for i, t := range order {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(quoteLexeme(t))
		b.WriteByte(':')
		for j, p := range positions[t] {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(p))
		}
	}
	return b.String()
}

// quoteLexeme quotes a lexeme for a tsvector or tsquery literal.
func quoteLexeme(t string) string {
	t = strings.ReplaceAll(t, `\`, `\\`)
	return "'" + strings.ReplaceAll(t, "'", "''") + "'"
}
