package comment

import (
	"context"
	"errors"
	"fmt"
	"strings"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/search"
)

// syncSearch makes the search index agree with a comment, in the
// transaction that changed it: a visible comment is found, one pending,
// hidden, deleted or gone is not.
func syncSearch(ctx context.Context, tx *db.Tx, siteID, id int64) error {
	c, err := byID(ctx, tx, siteID, id)
	if errors.Is(err, db.ErrNotFound) || err == nil && c.Status != Visible {
		return search.Remove(ctx, tx, siteID, "comment", id)
	}
	if err != nil {
		return err
	}
	l := search.LanguageOf(c.Body)
	return search.Index(ctx, tx, search.Doc{
		SiteID: siteID, Kind: "comment", RefID: c.ID,
		URL:   fmt.Sprintf("/threads/%s/%d#comment-%d", c.Target.Kind, c.Target.ID, c.ID),
		Title: i18n.Text{l: excerpt(c.Body, 80)}, Body: i18n.Text{l: c.Body}, Date: c.CreatedAt.Time,
	})
}

// Reindex puts the site's visible comments in the search index.
func Reindex(ctx context.Context, tx *db.Tx, siteID int64) error {
	rows, err := tx.QueryContext(ctx, `SELECT id FROM comments WHERE site_id = ? AND status = 'visible'`, siteID)
	if err != nil {
		return err
	}
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			rows.Close()
			return err
		}
		ids = append(ids, id)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, id := range ids {
		if err := syncSearch(ctx, tx, siteID, id); err != nil {
			return err
		}
	}
	return nil
}

// excerpt is the first words of a comment, at most n characters.
func excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	cut := string(r[:n])
	if i := strings.LastIndexByte(cut, ' '); i > n/2 {
		cut = cut[:i]
	}
	return cut + "…"
}

func unindex(ctx context.Context, tx *db.Tx, siteID, id int64) error {
	return search.Remove(ctx, tx, siteID, "comment", id)
}
