package budget

import (
	"context"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/search"
)

// Budget lines in the search index: each line of a year's latest published
// stage is a document found by its label, chapter, codes, function and
// province, leading to its chapter page. The year's documents are replaced
// whole at each import (their parent is the year), so a line is found once
// per year whichever stages are published.

// SearchKind is the search index's kind for budget lines.
const SearchKind = "budget"

func searchParent(year int) string { return "budget:" + strconv.Itoa(year) }

// indexYear puts the lines of the year's latest stage in the index, in tx.
func indexYear(ctx context.Context, tx *db.Tx, siteID int64, year int) error {
	if err := search.RemoveChildren(ctx, tx, siteID, searchParent(year)); err != nil {
		return err
	}
	rows, err := tx.QueryContext(ctx, `SELECT stage FROM budgets WHERE site_id = ? AND year = ?`, siteID, year)
	if err != nil {
		return err
	}
	var stages []Stage
	for rows.Next() {
		var s Stage
		if err := rows.Scan(&s); err != nil {
			rows.Close()
			return err
		}
		stages = append(stages, s)
	}
	rows.Close()
	if err := rows.Err(); err != nil || len(stages) == 0 {
		return err
	}
	b, err := Load(ctx, tx, siteID, year, Latest(stages))
	if err != nil {
		return err
	}
	w := search.NewWriter(tx)
	defer w.Close()
	parent := searchParent(year)
	date := time.Date(year, time.January, 1, 0, 0, 0, 0, time.UTC)
	for i := range b.Lines {
		l := &b.Lines[i]
		url := chapterURL(year, l.Key(), b.Stage) + "#line-" + l.FullCode()
		body := i18n.Text{}
		for _, loc := range []i18n.Locale{i18n.AR, i18n.FR, i18n.EN} {
			if s := l.ChapterLabel[loc]; s != "" {
				body[loc] = s + " · " + l.FullCode() + " · " + strconv.Itoa(year)
			}
		}
		extra := l.Function + " " + l.Province + " " + l.Programme
		for loc := range body {
			body[loc] += " " + extra
		}
		d := search.Doc{SiteID: siteID, Kind: SearchKind, RefID: search.DocumentID(parent, string(l.Section)+"/"+string(l.Direction)+"/"+l.FullCode()),
			Title: l.Label, Body: body, URL: url, Date: date, Parent: parent}
		if err := w.Index(ctx, search.Prepare(tx.Dialect(), d)); err != nil {
			return err
		}
	}
	return w.Flush(ctx)
}

// Reindex puts every year's budget lines of the site back in the index.
func Reindex(ctx context.Context, tx *db.Tx, siteID int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT DISTINCT year FROM budgets WHERE site_id = ?`, siteID)
	if err != nil {
		return err
	}
	var years []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			rows.Close()
			return err
		}
		years = append(years, y)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, y := range years {
		if err := indexYear(ctx, tx, siteID, y); err != nil {
			return err
		}
	}
	return nil
}
