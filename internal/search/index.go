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
	if err := w.Index(ctx, Prepare(d)); err != nil {
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
	if tx.Dialect() == db.SQLite {
		if _, err := tx.ExecContext(ctx, `DELETE FROM search_fts WHERE rowid IN
			(SELECT id FROM search_docs WHERE site_id = ? AND parent = ?)`, siteID, parent); err != nil {
			return fmt.Errorf("search: remove documents of %s: %w", parent, err)
		}
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM search_docs WHERE site_id = ? AND parent = ?`, siteID, parent); err != nil {
		return fmt.Errorf("search: remove documents of %s: %w", parent, err)
	}
	return nil
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
	return nil
}

// Prepared is a document with its terms analyzed, ready to be written.
// Analysis is the costly part of indexing and needs no database, so bulk
// loaders prepare documents on several cores and write them on one.
type Prepared struct {
	doc         Doc
	title, body []string // terms
}

// Prepare analyzes d.
func Prepare(d Doc) Prepared {
	return Prepared{doc: d, title: textTerms(d.Title), body: textTerms(d.Body)}
}

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
	return nil
}

// NewWriter returns a writer for tx; Close it before the transaction ends.
func NewWriter(tx *db.Tx) *Writer { return &Writer{tx: tx, stmts: map[string]*sql.Stmt{}} }

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

func (w *Writer) existing(ctx context.Context, siteID int64, kind string, refID int64) (int64, error) {
	s, err := w.stmt(ctx, `SELECT id FROM search_docs WHERE site_id = ? AND kind = ? AND ref_id = ?`)
	if err != nil {
		return 0, err
	}
	var id int64
	switch err := s.QueryRowContext(ctx, siteID, kind, refID).Scan(&id); {
	case errors.Is(err, sql.ErrNoRows):
		return 0, nil
	case err != nil:
		return 0, err
	}
	return id, nil
}

// Index writes the prepared document, as Index does.
func (w *Writer) Index(ctx context.Context, p Prepared) error {
	d := p.doc
	if d.SiteID == 0 || d.Kind == "" || d.RefID == 0 {
		return fmt.Errorf("search: index %s %d: site, kind and id are required", d.Kind, d.RefID)
	}
	date := d.Date
	if date.IsZero() {
		date = w.tx.Now()
	}
	row := []any{d.Title, cutText(d.Body), d.URL, db.Timestamp{Time: date}, nullID(d.PlanID), nullID(d.OrgID), d.Parent}
	err := func() error {
		if w.tx.Dialect() == db.Postgres {
			return w.exec(ctx, `
				INSERT INTO search_docs (title, body, url, happened_at, plan_id, organisation_id, parent, terms, site_id, kind, ref_id)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?::tsvector, ?, ?, ?)
				ON CONFLICT (site_id, kind, ref_id) DO UPDATE SET title = excluded.title, body = excluded.body,
					url = excluded.url, happened_at = excluded.happened_at, plan_id = excluded.plan_id,
					organisation_id = excluded.organisation_id, parent = excluded.parent, terms = excluded.terms`,
				append(row, tsvector(p.title, p.body), d.SiteID, d.Kind, d.RefID)...)
		}
		// A new document is inserted in one statement; only when one of
		// that kind and id is there already is it looked up and updated.
		s, err := w.stmt(ctx, `INSERT INTO search_docs (title, body, url, happened_at, plan_id, organisation_id, parent, terms,
			site_id, kind, ref_id) VALUES (?, ?, ?, ?, ?, ?, ?, '', ?, ?, ?)
			ON CONFLICT (site_id, kind, ref_id) DO NOTHING RETURNING id`)
		if err != nil {
			return err
		}
		var id int64
		switch err := s.QueryRowContext(ctx, append(row, d.SiteID, d.Kind, d.RefID)...).Scan(&id); {
		case errors.Is(err, sql.ErrNoRows):
			if id, err = w.existing(ctx, d.SiteID, d.Kind, d.RefID); err != nil {
				return err
			}
			if err := w.exec(ctx, `UPDATE search_docs SET title = ?, body = ?, url = ?, happened_at = ?, plan_id = ?,
				organisation_id = ?, parent = ? WHERE id = ?`, append(row, id)...); err != nil {
				return err
			}
			w.pending = append(w.pending, ftsChange{id: id, delete: true})
		case err != nil:
			return err
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
		if w.tx.Dialect() == db.SQLite {
			id, err := w.existing(ctx, siteID, kind, refID)
			if err != nil || id == 0 {
				return err
			}
			w.pending = append(w.pending, ftsChange{id: id, delete: true})
		}
		return w.exec(ctx, `DELETE FROM search_docs WHERE site_id = ? AND kind = ? AND ref_id = ?`, siteID, kind, refID)
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
	var terms []string
	for _, l := range locales {
		terms = append(terms, Analyze(t[i18n.Locale(l)])...)
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

// PostgreSQL limits: positions run from 1 to 16383, and a lexeme keeps at
// most 256 positions.
const (
	maxPosition       = 16383
	maxPositionsPerTm = 256
)

// tsvector writes the title and body terms as a tsvector literal, each
// lexeme with its positions, title lexemes weighted A, so PostgreSQL
// indexes the analyzer's terms untouched. The body's positions start two
// after the title's last, so no phrase spans the two (as on SQLite, where
// they are separate columns).
func tsvector(title, body []string) string {
	type lexeme struct {
		positions []int
		inTitle   bool
	}
	lexemes := map[string]*lexeme{}
	var order []string
	add := func(t string, p int, inTitle bool) {
		p = min(p, maxPosition)
		x := lexemes[t]
		if x == nil {
			x = &lexeme{}
			lexemes[t] = x
			order = append(order, t)
		}
		if n := len(x.positions); n < maxPositionsPerTm && (n == 0 || x.positions[n-1] != p) {
			x.positions = append(x.positions, p)
		}
		x.inTitle = x.inTitle || inTitle
	}
	for i, t := range title {
		add(t, i+1, true)
	}
	for i, t := range body {
		add(t, len(title)+2+i, false)
	}
	var b strings.Builder
	for i, t := range order {
		if i > 0 {
			b.WriteByte(' ')
		}
		b.WriteString(quoteLexeme(t))
		b.WriteByte(':')
		x := lexemes[t]
		for j, p := range x.positions {
			if j > 0 {
				b.WriteByte(',')
			}
			b.WriteString(strconv.Itoa(p))
			// A weight belongs to a position; title positions come first.
			if x.inTitle && p <= len(title) {
				b.WriteByte('A')
			}
		}
	}
	return b.String()
}

// quoteLexeme quotes a lexeme for a tsvector or tsquery literal.
func quoteLexeme(t string) string {
	t = strings.ReplaceAll(t, `\`, `\\`)
	return "'" + strings.ReplaceAll(t, "'", "''") + "'"
}
