package budget

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
)

// Summary is a stored budget without its lines: what lists show.
type Summary struct {
	ID         int64     `json:"id"`
	Year       int       `json:"year"`
	Stage      Stage     `json:"stage"`
	Population int64     `json:"population,omitempty"`
	Lines      int       `json:"line_count"`
	FileName   string    `json:"-"`
	ImportedAt time.Time `json:"imported_at"`
}

// Replace stores b (its SiteID, Year, Stage, Population and Lines) in tx,
// replacing whatever the site had for that year and stage, and returns the
// budget's id and whether an earlier import was replaced. The id stays the
// same across re-imports, so links to it hold.
func Replace(ctx context.Context, tx *db.Tx, b *Budget, fileName string) (replaced bool, err error) {
	if !ValidYear(b.Year) || !b.Stage.Valid() {
		return false, fmt.Errorf("budget: year %d stage %q", b.Year, b.Stage)
	}
	err = tx.QueryRowContext(ctx, `SELECT id FROM budgets WHERE site_id = ? AND year = ? AND stage = ?`,
		b.SiteID, b.Year, b.Stage).Scan(&b.ID)
	switch {
	case errors.Is(err, sql.ErrNoRows):
		err = tx.QueryRowContext(ctx, `INSERT INTO budgets (site_id, year, stage, population, line_count, file_name, imported_at)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`, b.SiteID, b.Year, b.Stage, b.Population, len(b.Lines), fileName,
			db.Timestamp{Time: tx.Now()}).Scan(&b.ID)
		if err != nil {
			return false, fmt.Errorf("budget: insert: %w", err)
		}
	case err != nil:
		return false, err
	default:
		replaced = true
		if _, err := tx.ExecContext(ctx, `UPDATE budgets SET population = ?, line_count = ?, file_name = ?, imported_at = ? WHERE id = ?`,
			b.Population, len(b.Lines), fileName, db.Timestamp{Time: tx.Now()}, b.ID); err != nil {
			return false, err
		}
		if _, err := tx.ExecContext(ctx, `DELETE FROM budget_lines WHERE budget_id = ?`, b.ID); err != nil {
			return false, err
		}
	}
	return replaced, insertLines(ctx, tx, b.ID, b.Lines)
}

// lineColumns are the columns insertLines writes, in order.
const lineColumns = `budget_id, position, section, direction, chapter, article, paragraph, line_code, label, chapter_label,
	programme, function, province, commitment_ref, forecast, revised, committed, executed`

// linesPerInsert batches the lines: 18 values each stay far below the
// bound on bound parameters of both databases.
const linesPerInsert = 200

func insertLines(ctx context.Context, tx *db.Tx, budgetID int64, lines []Line) error {
	row := "(" + db.Placeholders(18) + ")"
	for start := 0; start < len(lines); start += linesPerInsert {
		batch := lines[start:min(start+linesPerInsert, len(lines))]
		var q strings.Builder
		q.WriteString("INSERT INTO budget_lines (" + lineColumns + ") VALUES ")
		args := make([]any, 0, len(batch)*18)
		for i := range batch {
			l := &batch[i]
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString(row)
			args = append(args, budgetID, start+i, l.Section, l.Direction, l.Chapter, l.Article, l.Paragraph, l.Code,
				l.Label, l.ChapterLabel, l.Programme, l.Function, l.Province, l.Commitment,
				l.Forecast, l.Revised, l.Committed, l.Executed)
		}
		if _, err := tx.ExecContext(ctx, q.String(), args...); err != nil {
			return fmt.Errorf("budget: insert lines: %w", err)
		}
	}
	return nil
}

// Summaries lists the site's budgets, latest year first, stages in the order
// they come out; at most limit, after the given (year, stage) cursor when
// after is not nil.
func Summaries(ctx context.Context, q db.Querier, siteID int64, limit int) ([]Summary, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, year, stage, population, line_count, file_name, imported_at
		FROM budgets WHERE site_id = ? ORDER BY year DESC, CASE stage WHEN 'adopted' THEN 0 WHEN 'amending' THEN 1 ELSE 2 END
		LIMIT ?`, siteID, limit)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []Summary
	for rows.Next() {
		var s Summary
		var at db.Timestamp
		if err := rows.Scan(&s.ID, &s.Year, &s.Stage, &s.Population, &s.Lines, &s.FileName, &at); err != nil {
			return nil, err
		}
		s.ImportedAt = at.Time
		out = append(out, s)
	}
	return out, rows.Err()
}

// Load reads a stored budget with its lines in file order; db.ErrNotFound
// when the site has none for that year and stage.
func Load(ctx context.Context, q db.Querier, siteID int64, year int, stage Stage) (*Budget, error) {
	b := &Budget{SiteID: siteID, Year: year, Stage: stage}
	err := q.QueryRowContext(ctx, `SELECT id, population FROM budgets WHERE site_id = ? AND year = ? AND stage = ?`,
		siteID, year, stage).Scan(&b.ID, &b.Population)
	if err != nil {
		return nil, db.NotFound(err)
	}
	rows, err := q.QueryContext(ctx, `SELECT section, direction, chapter, article, paragraph, line_code, label, chapter_label,
		programme, function, province, commitment_ref, forecast, revised, committed, executed
		FROM budget_lines WHERE budget_id = ? ORDER BY position`, b.ID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	for rows.Next() {
		var l Line
		if err := rows.Scan(&l.Section, &l.Direction, &l.Chapter, &l.Article, &l.Paragraph, &l.Code, &l.Label, &l.ChapterLabel,
			&l.Programme, &l.Function, &l.Province, &l.Commitment, &l.Forecast, &l.Revised, &l.Committed, &l.Executed); err != nil {
			return nil, err
		}
		b.Lines = append(b.Lines, l)
	}
	return b, rows.Err()
}

// LoadByID reads a stored budget of the site by its id, which stays the same
// across re-imports of its year and stage; db.ErrNotFound when none.
func LoadByID(ctx context.Context, q db.Querier, siteID, id int64) (*Budget, error) {
	var year int
	var stage Stage
	err := q.QueryRowContext(ctx, `SELECT year, stage FROM budgets WHERE site_id = ? AND id = ?`, siteID, id).Scan(&year, &stage)
	if err != nil {
		return nil, db.NotFound(err)
	}
	return Load(ctx, q, siteID, year, stage)
}
