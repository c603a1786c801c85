package budget

import (
	"context"
	"html/template"
	"strings"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// The citizen budget is the year's budget explained in plain language:
// editors write a markdown text per chapter and per language, and the
// figures come from the data, never retyped. A text names a figure with a
// placeholder — {planned}, {executed}, {rate}, {share}, {per_inhabitant},
// {change} — replaced, when the page is shown, by the chapter's figure in
// the reader's language.

// MaxCitizenText bounds one text of the citizen budget, per language.
const MaxCitizenText = 5000

// Placeholders lists the figures a citizen-budget text may name.
var Placeholders = []string{"planned", "executed", "rate", "share", "per_inhabitant", "change"}

// TextKey names what a citizen-budget text explains: a chapter, or the
// year's introduction (the zero key).
type TextKey = ChapterKey

// CitizenTexts reads the year's texts by key.
func CitizenTexts(ctx context.Context, q db.Querier, siteID int64, year int) (map[TextKey]i18n.Text, error) {
	rows, err := q.QueryContext(ctx, `SELECT direction, section, chapter, body FROM budget_texts WHERE site_id = ? AND year = ?`, siteID, year)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[TextKey]i18n.Text{}
	for rows.Next() {
		var k TextKey
		var body i18n.Text
		if err := rows.Scan(&k.Direction, &k.Section, &k.Chapter, &body); err != nil {
			return nil, err
		}
		out[k] = body
	}
	return out, rows.Err()
}

// SaveCitizenTexts stores the year's texts in tx, each replacing the one
// with its key (an empty text removes it), and records the change in the
// ledger.
func SaveCitizenTexts(ctx context.Context, tx *db.Tx, siteID int64, by *auth.User, year int, texts map[TextKey]i18n.Text) error {
	before, err := CitizenTexts(ctx, tx, siteID, year)
	if err != nil {
		return err
	}
	changed := map[string]any{}
	var lastID int64
	for k, body := range texts {
		empty := true
		for _, v := range body {
			if strings.TrimSpace(v) != "" {
				empty = false
			}
		}
		if empty {
			if _, ok := before[k]; ok {
				if _, err := tx.ExecContext(ctx, `DELETE FROM budget_texts WHERE site_id = ? AND year = ? AND direction = ? AND section = ? AND chapter = ?`,
					siteID, year, k.Direction, k.Section, k.Chapter); err != nil {
					return err
				}
				changed[keyName(k)] = nil
			}
			continue
		}
		if old, ok := before[k]; ok && equalText(old, body) {
			continue
		}
		err := tx.QueryRowContext(ctx, `INSERT INTO budget_texts (site_id, year, direction, section, chapter, body, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (site_id, year, direction, section, chapter) DO UPDATE SET body = excluded.body, updated_at = excluded.updated_at
			RETURNING id`, siteID, year, k.Direction, k.Section, k.Chapter, body, db.Timestamp{Time: tx.Now()}).Scan(&lastID)
		if err != nil {
			return err
		}
		changed[keyName(k)] = body
	}
	if len(changed) == 0 {
		return nil
	}
	var id int64
	if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MIN(id), 0) FROM budget_texts WHERE site_id = ? AND year = ?`, siteID, year).Scan(&id); err != nil {
		return err
	}
	if id == 0 {
		id = max(lastID, 1) // every text removed: the entry still needs a record number
	}
	c := audit.Change{Action: audit.ActionUpdate, Entity: "budget_text", EntityID: id,
		Summary: "Citizen budget " + itoa(year) + ": texts changed", After: map[string]any{"year": year, "texts": changed}}
	if by != nil {
		c.ActorID, c.ActorName = by.ID, by.Name
	}
	return audit.Record(ctx, tx, siteID, c)
}

func keyName(k TextKey) string {
	if k == (TextKey{}) {
		return "introduction"
	}
	return string(k.Direction) + "/" + string(k.Section) + "/" + k.Chapter
}

func equalText(a, b i18n.Text) bool {
	for _, l := range i18n.Locales {
		if a[l] != b[l] {
			return false
		}
	}
	return true
}

// fill replaces the placeholders of src by the figures.
func fill(src string, figures map[string]string) string {
	if !strings.Contains(src, "{") {
		return src
	}
	pairs := make([]string, 0, 2*len(Placeholders))
	for _, p := range Placeholders {
		v := figures[p]
		if v == "" {
			v = "—"
		}
		pairs = append(pairs, "{"+p+"}", v)
	}
	return strings.NewReplacer(pairs...).Replace(src)
}

// renderCitizen renders a text in the page's language l, with the figures
// inserted, as safe HTML (news.Markdown: no raw HTML, sanitized).
func renderCitizen(t i18n.Text, l i18n.Locale, figures map[string]string) template.HTML {
	src, from := t.Pick(l)
	h := news.Markdown(fill(src, figures))
	if h == "" || from == l {
		return h
	}
	return template.HTML(`<div lang="` + string(from) + `" dir="` + from.Dir() + `">` + string(h) + "</div>") //nolint:gosec // h is sanitized
}
