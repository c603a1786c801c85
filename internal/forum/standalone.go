package forum

import (
	"context"
	"fmt"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// Stand-alone documents: what an editor publishes on its own (a report, a
// council decision, a budget annex) rather than as the evidence of
// something. They are listed in the repository beside the other documents
// (type DocStandalone), and every creation and removal is in the ledger.

// Bounds of a stand-alone document's texts, in characters per language.
const (
	MaxDocTitleLen       = 200
	MaxDocDescriptionLen = 2000
)

// Standalone is a document published on its own.
type Standalone struct {
	ID          int64
	SiteID      int64
	Title       i18n.Text
	Description i18n.Text
	FileHash    string
	FileName    string
	ContentType string
	Size        int64
	CreatedAt   time.Time
}

// CheckStandalone returns the problems of d, by form field: a title in
// Arabic, bounded texts, and a file.
func CheckStandalone(d *Standalone) []Problem {
	var out []Problem
	if strings.TrimSpace(d.Title[i18n.AR]) == "" {
		out = append(out, Problem{"title_ar", "newsadmin.error.required_ar"})
	}
	for l, s := range d.Title {
		if len([]rune(s)) > MaxDocTitleLen {
			out = append(out, Problem{"title_" + string(l), "newsadmin.error.too_long"})
		}
	}
	for l, s := range d.Description {
		if len([]rune(s)) > MaxDocDescriptionLen {
			out = append(out, Problem{"description_" + string(l), "newsadmin.error.too_long"})
		}
	}
	if d.FileHash == "" {
		out = append(out, Problem{"file", "form.required"})
	}
	return out
}

// CreateStandalone stores d (its file already recorded for the site, see
// files.Record) and sets its ID and time.
func CreateStandalone(ctx context.Context, tx *db.Tx, d *Standalone) error {
	if ps := CheckStandalone(d); len(ps) > 0 {
		return fmt.Errorf("create document: %s: %s", ps[0].Field, ps[0].Key)
	}
	d.CreatedAt = tx.Now().UTC()
	err := tx.QueryRowContext(ctx, `INSERT INTO documents (site_id, title, description, file_hash, file_name, created_at)
		VALUES (?, ?, ?, ?, ?, ?) RETURNING id`, d.SiteID, d.Title, d.Description, d.FileHash, d.FileName,
		db.Timestamp{Time: d.CreatedAt}).Scan(&d.ID)
	if err != nil {
		return fmt.Errorf("create document: %w", err)
	}
	return nil
}

const standaloneSelect = `SELECT d.id, d.site_id, d.title, d.description, d.file_hash, d.file_name, f.content_type, f.size,
	d.created_at FROM documents d JOIN files f ON f.hash = d.file_hash`

func scanStandalone(row interface{ Scan(...any) error }) (*Standalone, error) {
	var d Standalone
	var at db.Timestamp
	if err := row.Scan(&d.ID, &d.SiteID, &d.Title, &d.Description, &d.FileHash, &d.FileName, &d.ContentType, &d.Size, &at); err != nil {
		return nil, db.NotFound(err)
	}
	d.CreatedAt = at.Time
	return &d, nil
}

// StandaloneDocs lists the site's stand-alone documents, newest first.
func StandaloneDocs(ctx context.Context, q db.Querier, siteID int64) ([]Standalone, error) {
	rows, err := q.QueryContext(ctx, standaloneSelect+` WHERE d.site_id = ? ORDER BY d.created_at DESC, d.id DESC`, siteID)
	if err != nil {
		return nil, fmt.Errorf("documents: %w", err)
	}
	defer rows.Close()
	var out []Standalone
	for rows.Next() {
		d, err := scanStandalone(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *d)
	}
	return out, rows.Err()
}

// StandaloneByID returns the site's document with that id, or db.ErrNotFound.
func StandaloneByID(ctx context.Context, q db.Querier, siteID, id int64) (*Standalone, error) {
	return scanStandalone(q.QueryRowContext(ctx, standaloneSelect+` WHERE d.site_id = ? AND d.id = ?`, siteID, id))
}

// DeleteStandalone removes the site's document with that id from the
// repository, or returns db.ErrNotFound. The file stays stored: its address
// may be linked from elsewhere, and the ledger names it.
func DeleteStandalone(ctx context.Context, tx *db.Tx, siteID, id int64) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM documents WHERE site_id = ? AND id = ?`, siteID, id)
	if err != nil {
		return fmt.Errorf("delete document: %w", err)
	}
	if n, err := res.RowsAffected(); err != nil {
		return fmt.Errorf("delete document: %w", err)
	} else if n == 0 {
		return db.ErrNotFound
	}
	return nil
}

// standaloneState is what the ledger records of a document.
func standaloneState(d *Standalone) map[string]any {
	return map[string]any{"title": d.Title, "description": d.Description, "file": d.FileHash, "file_name": d.FileName,
		"content_type": d.ContentType, "size": d.Size}
}
