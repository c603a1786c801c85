package search

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"hash/fnv"
	"sort"
	"strconv"
	"strings"
	"time"
	"unicode"
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
	Parent string    // for a document: what it belongs to ("consultation:4"); see RemoveChildren
}

// bodyRunes is how much of each text the index keeps to cut snippets from.
// The terms cover the whole text.
const bodyRunes = 4000

// Index adds the document or replaces the one of the same kind and id, in
// the caller's transaction: the index changes exactly when the content does.
func Index(ctx context.Context, tx *db.Tx, d Doc) error {
	w := NewWriter(tx)
	defer w.Close()
	if err := w.Index(ctx, Prepare(tx.Dialect(), d)); err != nil {
		return err
	}
	return w.Flush(ctx)
}

// Remove takes a document out of the index (hidden, deleted, unpublished);
// removing one that is not there is not an error.
func Remove(ctx context.Context, tx *db.Tx, siteID int64, kind string, refID int64) error {
	w := NewWriter(tx)
	defer w.Close()
	if err := w.Remove(ctx, siteID, kind, refID); err != nil {
		return err
	}
	return w.Flush(ctx)
}

// RemoveChildren takes out every document indexed with parent (see
// Doc.Parent), before its documents are indexed again or when the parent
// leaves the index.
func RemoveChildren(ctx context.Context, tx *db.Tx, siteID int64, parent string) error {
	gone, err := removedStats(ctx, tx, `site_id = ? AND parent = ?`, siteID, parent)
	if err != nil {
		return fmt.Errorf("search: remove documents of %s: %w", parent, err)
	}
	if gone.docs == 0 {
		return nil
	}
	if tx.Dialect() == db.SQLite {
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_fts WHERE rowid IN
			(SELECT id FROM search_docs WHERE site_id = ? AND parent = ?)`, siteID, parent); err != nil {
			return fmt.Errorf("search: remove documents of %s: %w", parent, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_docs WHERE site_id = ? AND parent = ?`, siteID, parent); err != nil {
		return fmt.Errorf("search: remove documents of %s: %w", parent, err)
	}
	return addStats(ctx, tx, siteID, gone)
}

// DocumentID is the index id of a document: a document has no row of its
// own in every feature, so it is numbered from what it belongs to and its
// address.
func DocumentID(parent, url string) int64 {
	h := fnv.New64a()
	h.Write([]byte(parent))
	h.Write([]byte{0})
	h.Write([]byte(url))
	id := int64(h.Sum64() & (1<<63 - 1))
	if id == 0 {
		id = 1
	}
	return id
}

// RemoveSite empties a site's index, before a rebuild.
func RemoveSite(ctx context.Context, tx *db.Tx, siteID int64) error {
	if tx.Dialect() == db.SQLite {
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_fts WHERE rowid IN (SELECT id FROM search_docs WHERE site_id = ?)`, siteID); err != nil {
			return fmt.Errorf("search: empty site %d: %w", siteID, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_docs WHERE site_id = ?`, siteID); err != nil {
		return fmt.Errorf("search: empty site %d: %w", siteID, err)
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_stats WHERE site_id = ?`, siteID); err != nil {
		return fmt.Errorf("search: empty site %d: %w", siteID, err)
	}
	return nil
}

// Prepared is a document with its terms analyzed, ready to be written.
// Analysis is the costly part of indexing and needs no database, so bulk
// loaders prepare documents on several cores and write them on one.
type Prepared struct {
	doc         Doc
	dialect     db.Dialect
	title, body []string // terms
	terms       string   // search_docs.terms: a tsvector literal, or on SQLite the frequencies
}

// Prepare analyzes d for a database of the dialect.
func Prepare(dialect db.Dialect, d Doc) Prepared {
	p := Prepared{doc: d, dialect: dialect, title: textTerms(d.Title), body: textTerms(d.Body)}
	if dialect == db.Postgres {
		p.terms = termsOf(p.title, p.body).tsvector()
	} else {
		p.terms = frequencies(p.title, p.body)
	}
	return p
}

// length is the document's length in terms, for ranking.
func (p Prepared) length() int { return len(p.title) + len(p.body) }

// Writer writes documents in one transaction, preparing each statement
// once: a bulk load writes thousands through one Writer.
//
// On SQLite it holds back the full-text rows until Flush: FTS5 writes its
// pending index to disk whenever another statement opens a savepoint (an
// INSERT … RETURNING does), so interleaving them makes every document a
// segment of its own and bulk loads many times slower.
type Writer struct {
	tx      *db.Tx
	stmts   map[string]*sql.Stmt
	pending []ftsChange
	stats   map[int64]statsDelta // by site, written at Flush
}

// ftsChange is a row to add to search_fts, or one to delete.
type ftsChange struct {
	id                int64
	title, body, tags string
	delete            bool
}

// Flush writes the held full-text rows; call it before the transaction
// commits or reads the index.
func (w *Writer) Flush(ctx context.Context) error {
	for _, c := range w.pending {
		var err error
		if c.delete {
			err = w.exec(ctx, `DELETE FROM search_fts WHERE rowid = ?`, c.id)
		} else {
			err = w.exec(ctx, `INSERT INTO search_fts (rowid, title, body, tags) VALUES (?, ?, ?, ?)`, c.id, c.title, c.body, c.tags)
		}
		if err != nil {
			return fmt.Errorf("search: write full-text row %d: %w", c.id, err)
		}
	}
	w.pending = w.pending[:0]
	for siteID, d := range w.stats {
		if err := addStats(ctx, w.tx, siteID, d); err != nil {
			return err
		}
	}
	clear(w.stats)
	return nil
}

// NewWriter returns a writer for tx; Close it before the transaction ends.
func NewWriter(tx *db.Tx) *Writer {
	return &Writer{tx: tx, stmts: map[string]*sql.Stmt{}, stats: map[int64]statsDelta{}}
}

// count records a change to a site's statistics.
func (w *Writer) count(siteID int64, docs, terms int64) {
	d := w.stats[siteID]
	w.stats[siteID] = statsDelta{docs: d.docs + docs, terms: d.terms + terms}
}

// Close releases the writer's statements.
func (w *Writer) Close() {
	for _, s := range w.stmts {
		s.Close()
	}
	clear(w.stmts)
}

func (w *Writer) stmt(ctx context.Context, q string) (*sql.Stmt, error) {
	if s, ok := w.stmts[q]; ok {
		return s, nil
	}
	s, err := w.tx.PrepareContext(ctx, q)
	if err != nil {
		return nil, err
	}
	w.stmts[q] = s
	return s, nil
}

func (w *Writer) exec(ctx context.Context, q string, args ...any) error {
	s, err := w.stmt(ctx, q)
	if err != nil {
		return err
	}
	_, err = s.ExecContext(ctx, args...)
	return err
}

// existing returns the id and length of the document of that kind and id,
// or 0, 0 when there is none.
func (w *Writer) existing(ctx context.Context, siteID int64, kind string, refID int64) (id int64, length int64, err error) {
	s, err := w.stmt(ctx, `SELECT id, length FROM search_docs WHERE site_id = ? AND kind = ? AND ref_id = ?`)
	if err != nil {
		return 0, 0, err
	}
	switch err := s.QueryRowContext(ctx, siteID, kind, refID).Scan(&id, &length); {
	case errors.Is(err, sql.ErrNoRows):
		return 0, 0, nil
	case err != nil:
		return 0, 0, err
	}
	return id, length, nil
}

// Index writes the prepared document, as Index does.
func (w *Writer) Index(ctx context.Context, p Prepared) error {
	d := p.doc
	if d.SiteID == 0 || d.Kind == "" || d.RefID == 0 {
		return fmt.Errorf("search: index %s %d: site, kind and id are required", d.Kind, d.RefID)
	}
	if p.dialect != w.tx.Dialect() {
		return fmt.Errorf("search: index %s %d: prepared for %s, written to %s", d.Kind, d.RefID, p.dialect, w.tx.Dialect())
	}
	date := d.Date
	if date.IsZero() {
		date = w.tx.Now()
	}
	length := int64(p.length())
	row := []any{d.Title, cutText(d.Body), d.URL, db.Timestamp{Time: date}, nullID(d.PlanID), nullID(d.OrgID), d.Parent,
		p.terms, length}
	err := func() error {
		if w.tx.Dialect() == db.Postgres {
			// The statistics need the length of the document replaced.
			id, old, err := w.existing(ctx, d.SiteID, d.Kind, d.RefID)
			if err != nil {
				return err
			}
			if err := w.exec(ctx, `
				INSERT INTO search_docs (title, body, url, happened_at, plan_id, organisation_id, parent, terms, length, site_id, kind, ref_id)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?::tsvector, ?, ?, ?, ?)
				ON CONFLICT (site_id, kind, ref_id) DO UPDATE SET title = excluded.title, body = excluded.body,
					url = excluded.url, happened_at = excluded.happened_at, plan_id = excluded.plan_id,
					organisation_id = excluded.organisation_id, parent = excluded.parent, terms = excluded.terms,
					length = excluded.length`, append(row, d.SiteID, d.Kind, d.RefID)...); err != nil {
				return err
			}
			if id == 0 {
				w.count(d.SiteID, 1, length)
			} else {
				w.count(d.SiteID, 0, length-old)
			}
			return nil
		}
		// A new document is inserted in one statement; only when one of
		// that kind and id is there already is it looked up and updated.
		s, err := w.stmt(ctx, `INSERT INTO search_docs (title, body, url, happened_at, plan_id, organisation_id, parent, terms,
			length, site_id, kind, ref_id) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
			ON CONFLICT (site_id, kind, ref_id) DO NOTHING RETURNING id`)
		if err != nil {
			return err
		}
		var id int64
		switch err := s.QueryRowContext(ctx, append(row, d.SiteID, d.Kind, d.RefID)...).Scan(&id); {
		case errors.Is(err, sql.ErrNoRows):
			var old int64
			if id, old, err = w.existing(ctx, d.SiteID, d.Kind, d.RefID); err != nil {
				return err
			}
			if err := w.exec(ctx, `UPDATE search_docs SET title = ?, body = ?, url = ?, happened_at = ?, plan_id = ?,
				organisation_id = ?, parent = ?, terms = ?, length = ? WHERE id = ?`, append(row, id)...); err != nil {
				return err
			}
			w.pending = append(w.pending, ftsChange{id: id, delete: true})
			w.count(d.SiteID, 0, length-old)
		case err != nil:
			return err
		default:
			w.count(d.SiteID, 1, length)
		}
		w.pending = append(w.pending, ftsChange{id: id, title: strings.Join(p.title, " "), body: strings.Join(p.body, " "),
			tags: strings.Join(filterTokens(d), " ")})
		return nil
	}()
	if err != nil {
		return fmt.Errorf("search: index %s %d: %w", d.Kind, d.RefID, err)
	}
	return nil
}

// Remove takes a document out of the index, as Remove does.
func (w *Writer) Remove(ctx context.Context, siteID int64, kind string, refID int64) error {
	err := func() error {
		id, length, err := w.existing(ctx, siteID, kind, refID)
		if err != nil || id == 0 {
			return err
		}
		if w.tx.Dialect() == db.SQLite {
			w.pending = append(w.pending, ftsChange{id: id, delete: true})
		}
		w.count(siteID, -1, -length)
		return w.exec(ctx, `DELETE FROM search_docs WHERE id = ?`, id)
	}()
	if err != nil {
		return fmt.Errorf("search: remove %s %d: %w", kind, refID, err)
	}
	return nil
}

func nullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// textTerms analyzes a text in every locale, in a fixed locale order so
// that positions (and so phrases) are the same on both databases.
func textTerms(t i18n.Text) []string {
	locales := make([]string, 0, len(t))
	for l := range t {
		locales = append(locales, string(l))
	}
	sort.Strings(locales)
	size := 0
	for _, s := range t {
		size += len(s)
	}
	// About one term per eight bytes of Arabic or French text.
	terms := make([]string, 0, size/8)
	for _, l := range locales {
		terms = appendTerms(terms, t[i18n.Locale(l)])
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

// LanguageOf guesses whether a text people wrote (a proposal, a comment) is
// in Arabic or in a Latin-script language, so that its search entry is
// shown to readers of that language.
func LanguageOf(s string) i18n.Locale {
	arabic, latin := 0, 0
	for _, r := range s {
		switch {
		case unicode.Is(unicode.Arabic, r):
			arabic++
		case unicode.Is(unicode.Latin, r):
			latin++
		}
	}
	if latin > arabic {
		return i18n.FR
	}
	return i18n.AR
}

// filterTokens are the full-text tokens of a document's site, kind, plan
// and organisation on SQLite, in the tags column. They begin with §, which
// the analyzer never writes, so no query word can match them; FTS5's ascii
// tokenizer keeps them whole.
func filterTokens(d Doc) []string {
	out := []string{siteToken(d.SiteID), kindToken(d.Kind)}
	if d.PlanID != 0 {
		out = append(out, planToken(d.PlanID))
	}
	if d.OrgID != 0 {
		out = append(out, orgToken(d.OrgID))
	}
	return out
}

func siteToken(id int64) string { return "§s" + strconv.FormatInt(id, 10) }
func kindToken(k string) string { return "§k" + k }
func planToken(id int64) string { return "§p" + strconv.FormatInt(id, 10) }
func orgToken(id int64) string  { return "§o" + strconv.FormatInt(id, 10) }

// quoteLexeme quotes a lexeme for a tsvector or tsquery literal.
func quoteLexeme(t string) string {
	t = strings.ReplaceAll(t, `\`, `\\`)
	return "'" + strings.ReplaceAll(t, "'", "''") + "'"
}
