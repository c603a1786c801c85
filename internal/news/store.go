package news

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
)

// errStale is returned by Update when the post changed since the form was read.
var errStale = errors.New("news: the post was changed meanwhile")

// IsStale reports whether err is Update's answer to a stale version.
func IsStale(err error) bool { return errors.Is(err, errStale) }

const postColumns = `p.id, p.site_id, p.slug, p.title, p.summary, p.body, p.byline, p.cover_hash, p.cover_alt,
	p.published_at, p.comments_open, p.view_count, p.comment_count, p.updated_at, p.version`

func scanPost(row interface{ Scan(...any) error }) (*Post, error) {
	var p Post
	var cover sql.NullString
	if err := row.Scan(&p.ID, &p.SiteID, &p.Slug, &p.Title, &p.Summary, &p.Body, &p.Byline, &cover, &p.CoverAlt,
		&p.PublishedAt, &p.CommentsOpen, &p.Views, &p.Comments, &p.UpdatedAt, &p.Version); err != nil {
		return nil, err
	}
	if cover.Valid && cover.String != "" {
		p.CoverHash, p.CoverURL = cover.String, "/files/"+cover.String
	}
	return &p, nil
}

// PostBySlug returns the site's post with that slug, published or not, with
// its tags and commitments; db.ErrNotFound when there is none.
func PostBySlug(ctx context.Context, q db.Querier, siteID int64, slug string) (*Post, error) {
	return onePost(ctx, q, `SELECT `+postColumns+` FROM news_posts p WHERE p.site_id = ? AND p.slug = ?`, siteID, slug)
}

// PostByID returns the site's post with that id, published or not; db.ErrNotFound when there is none.
func PostByID(ctx context.Context, q db.Querier, siteID, id int64) (*Post, error) {
	return onePost(ctx, q, `SELECT `+postColumns+` FROM news_posts p WHERE p.site_id = ? AND p.id = ?`, siteID, id)
}

func onePost(ctx context.Context, q db.Querier, query string, args ...any) (*Post, error) {
	p, err := scanPost(q.QueryRowContext(ctx, query, args...))
	if err != nil {
		return nil, db.NotFound(err)
	}
	if err := fill(ctx, q, []*Post{p}); err != nil {
		return nil, err
	}
	return p, nil
}

// ListFilter chooses posts.
type ListFilter struct {
	Tag        string    // only posts with this tag
	PublicAt   time.Time // only posts published at this time; zero for every post, drafts included
	After      int64     // the id of the last post of the previous page (posts come newest first)
	Limit      int
	Commitment int64 // only posts about this commitment
}

// Posts returns the site's posts by filter, newest first (by publication
// time, drafts first when included, then by id), with tags and commitments.
func Posts(ctx context.Context, q db.Querier, siteID int64, f ListFilter) ([]Post, error) {
	var where []string
	args := []any{siteID}
	where = append(where, "p.site_id = ?")
	if !f.PublicAt.IsZero() {
		where = append(where, "p.published_at IS NOT NULL AND p.published_at <= ?")
		args = append(args, db.Timestamp{Time: f.PublicAt})
	}
	if f.Tag != "" {
		where = append(where, "EXISTS (SELECT 1 FROM news_post_tags t WHERE t.post_id = p.id AND t.tag = ?)")
		args = append(args, f.Tag)
	}
	if f.Commitment > 0 {
		where = append(where, "EXISTS (SELECT 1 FROM news_post_commitments c WHERE c.post_id = p.id AND c.commitment_id = ?)")
		args = append(args, f.Commitment)
	}
	// Keyset pagination on (published_at, id) descending; drafts (NULL) sort
	// as the newest. COALESCE gives both databases the same order.
	const key = `COALESCE(p.published_at, '9999-12-31T00:00:00.000000Z')`
	if f.After > 0 {
		where = append(where, `(`+key+` < (SELECT COALESCE(a.published_at, '9999-12-31T00:00:00.000000Z') FROM news_posts a WHERE a.id = ?)
			OR (`+key+` = (SELECT COALESCE(a.published_at, '9999-12-31T00:00:00.000000Z') FROM news_posts a WHERE a.id = ?) AND p.id < ?))`)
		args = append(args, f.After, f.After, f.After)
	}
	if f.Limit <= 0 {
		f.Limit = 20
	}
	args = append(args, f.Limit)
	rows, err := q.QueryContext(ctx, `SELECT `+postColumns+` FROM news_posts p WHERE `+strings.Join(where, " AND ")+
		` ORDER BY `+key+` DESC, p.id DESC LIMIT ?`, args...)
	if err != nil {
		return nil, fmt.Errorf("posts: %w", err)
	}
	defer rows.Close()
	var out []*Post
	for rows.Next() {
		p, err := scanPost(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if err := fill(ctx, q, out); err != nil {
		return nil, err
	}
	posts := make([]Post, len(out))
	for i, p := range out {
		posts[i] = *p
	}
	return posts, nil
}

// LatestCards returns the site's posts published at now, newest first, at
// most limit, as cards: slug, title, summary, byline, cover and publication
// time. Bodies, tags and commitments are left empty: a list that only links
// to the posts reads them in one query.
func LatestCards(ctx context.Context, q db.Querier, siteID int64, now time.Time, limit int) ([]Post, error) {
	rows, err := q.QueryContext(ctx, `SELECT p.id, p.site_id, p.slug, p.title, p.summary, p.byline, p.cover_hash, p.cover_alt,
		p.published_at FROM news_posts p WHERE p.site_id = ? AND p.published_at IS NOT NULL AND p.published_at <= ?
		ORDER BY p.published_at DESC, p.id DESC LIMIT ?`, siteID, db.Timestamp{Time: now}, limit)
	if err != nil {
		return nil, fmt.Errorf("latest posts: %w", err)
	}
	defer rows.Close()
	var out []Post
	for rows.Next() {
		var p Post
		var cover sql.NullString
		if err := rows.Scan(&p.ID, &p.SiteID, &p.Slug, &p.Title, &p.Summary, &p.Byline, &cover, &p.CoverAlt, &p.PublishedAt); err != nil {
			return nil, err
		}
		if cover.Valid && cover.String != "" {
			p.CoverHash, p.CoverURL = cover.String, "/files/"+cover.String
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// fill loads the tags and commitments of posts.
func fill(ctx context.Context, q db.Querier, posts []*Post) error {
	if len(posts) == 0 {
		return nil
	}
	byID := make(map[int64]*Post, len(posts))
	ids := make([]any, len(posts))
	for i, p := range posts {
		byID[p.ID], ids[i] = p, p.ID
		p.Tags, p.Commitments = []string{}, []CommitmentRef{}
	}
	in := db.Placeholders(len(ids))
	rows, err := q.QueryContext(ctx, `SELECT post_id, tag FROM news_post_tags WHERE post_id IN (`+in+`) ORDER BY post_id, tag`, ids...)
	if err != nil {
		return fmt.Errorf("post tags: %w", err)
	}
	for rows.Next() {
		var id int64
		var tag string
		if err := rows.Scan(&id, &tag); err != nil {
			rows.Close()
			return err
		}
		byID[id].Tags = append(byID[id].Tags, tag)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = q.QueryContext(ctx, `SELECT nc.post_id, c.id, c.ref, c.title FROM news_post_commitments nc
		JOIN commitments c ON c.id = nc.commitment_id WHERE nc.post_id IN (`+in+`) ORDER BY nc.post_id, c.position, c.id`, ids...)
	if err != nil {
		return fmt.Errorf("post commitments: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var id int64
		var c CommitmentRef
		if err := rows.Scan(&id, &c.ID, &c.Ref, &c.Title); err != nil {
			return err
		}
		byID[id].Commitments = append(byID[id].Commitments, c)
	}
	return rows.Err()
}

// Tags returns the tags of the site's posts published at now, with how many
// posts carry each, most used first.
func Tags(ctx context.Context, q db.Querier, siteID int64, now time.Time) ([]TagCount, error) {
	rows, err := q.QueryContext(ctx, `SELECT t.tag, COUNT(*) FROM news_post_tags t JOIN news_posts p ON p.id = t.post_id
		WHERE p.site_id = ? AND p.published_at IS NOT NULL AND p.published_at <= ?
		GROUP BY t.tag ORDER BY COUNT(*) DESC, t.tag LIMIT 50`, siteID, db.Timestamp{Time: now})
	if err != nil {
		return nil, fmt.Errorf("tags: %w", err)
	}
	defer rows.Close()
	var out []TagCount
	for rows.Next() {
		var t TagCount
		if err := rows.Scan(&t.Tag, &t.Count); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// TagCount is a tag and how many posts carry it.
type TagCount struct {
	Tag   string
	Count int
}

// Create inserts p (its SiteID set) with its tags and commitments; the
// unique slug per site makes a taken slug a unique violation
// (db.IsUniqueViolation).
func Create(ctx context.Context, tx *db.Tx, p *Post) error {
	now := db.Timestamp{Time: tx.Now()}
	err := tx.QueryRowContext(ctx, `INSERT INTO news_posts (site_id, slug, title, summary, body, byline, cover_hash, cover_alt,
		published_at, comments_open, created_at, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id, version`,
		p.SiteID, p.Slug, p.Title, p.Summary, p.Body, p.Byline, nullString(p.CoverHash), p.CoverAlt, p.PublishedAt,
		p.CommentsOpen, now, now).Scan(&p.ID, &p.Version)
	if err != nil {
		return fmt.Errorf("create post: %w", err)
	}
	p.UpdatedAt = now
	if err := writeLinks(ctx, tx, p); err != nil {
		return err
	}
	return indexPost(ctx, tx, p, tx.Now())
}

// Update saves p over the stored post when its version is still version;
// errStale (IsStale) otherwise.
func Update(ctx context.Context, tx *db.Tx, p *Post, version int) error {
	now := db.Timestamp{Time: tx.Now()}
	res, err := tx.ExecContext(ctx, `UPDATE news_posts SET slug = ?, title = ?, summary = ?, body = ?, byline = ?, cover_hash = ?,
		cover_alt = ?, published_at = ?, comments_open = ?, updated_at = ?, version = version + 1
		WHERE id = ? AND site_id = ? AND version = ?`,
		p.Slug, p.Title, p.Summary, p.Body, p.Byline, nullString(p.CoverHash), p.CoverAlt, p.PublishedAt, p.CommentsOpen, now,
		p.ID, p.SiteID, version)
	if err != nil {
		return fmt.Errorf("update post: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return errStale
	}
	p.Version, p.UpdatedAt = version+1, now
	if _, err := tx.ExecContext(ctx, `DELETE FROM news_post_tags WHERE post_id = ?`, p.ID); err != nil {
		return err
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM news_post_commitments WHERE post_id = ?`, p.ID); err != nil {
		return err
	}
	if err := writeLinks(ctx, tx, p); err != nil {
		return err
	}
	return indexPost(ctx, tx, p, tx.Now())
}

func writeLinks(ctx context.Context, tx *db.Tx, p *Post) error {
	for _, t := range p.Tags {
		if _, err := tx.ExecContext(ctx, `INSERT INTO news_post_tags (post_id, tag) VALUES (?, ?) ON CONFLICT DO NOTHING`, p.ID, t); err != nil {
			return fmt.Errorf("post tag: %w", err)
		}
	}
	for _, c := range p.Commitments {
		// Only a commitment of the post's own site may be linked.
		if _, err := tx.ExecContext(ctx, `INSERT INTO news_post_commitments (post_id, commitment_id)
			SELECT ?, id FROM commitments WHERE id = ? AND site_id = ? ON CONFLICT DO NOTHING`, p.ID, c.ID, p.SiteID); err != nil {
			return fmt.Errorf("post commitment: %w", err)
		}
	}
	return nil
}

// CountView adds one view to post id. It writes on the database's own pool,
// outside any transaction: a view is not a change of content, so it must not
// make every cached page of the site stale.
func CountView(ctx context.Context, d *db.DB, id int64) error {
	_, err := d.Writer().ExecContext(ctx, d.Rebind(`UPDATE news_posts SET view_count = view_count + 1 WHERE id = ?`), id)
	return err
}

// CommitmentChoices returns the site's commitments as (id, ref, title) for the
// administration's form.
func CommitmentChoices(ctx context.Context, q db.Querier, siteID int64) ([]CommitmentRef, error) {
	rows, err := q.QueryContext(ctx, `SELECT c.id, c.ref, c.title FROM commitments c JOIN plans p ON p.id = c.plan_id
		WHERE c.site_id = ? ORDER BY p.period_start DESC, p.id, c.position, c.id`, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CommitmentRef
	for rows.Next() {
		var c CommitmentRef
		if err := rows.Scan(&c.ID, &c.Ref, &c.Title); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}
