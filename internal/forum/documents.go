package forum

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// The document repository is a read-only union over the features' own
// tables: the evidence files of progress updates, the stored documents of
// published consultations, the photos and documents of events, the
// documents of forum meetings, and the documents editors publish on their
// own (standalone.go). Nothing is copied: a document is listed where
// it is used, with the date of what it belongs to (the update's date, the
// consultation's opening, the event's or meeting's start, as a day in the
// site's time zone) and its SHA-256, which is also its stable address
// /files/{sha256}.

// DocType is where a document comes from.
type DocType string

const (
	DocEvidence      DocType = "evidence"
	DocConsultation  DocType = "consultation"
	DocEventDocument DocType = "event_document"
	DocEventPhoto    DocType = "event_photo"
	DocForum         DocType = "forum"
	DocStandalone    DocType = "document" // published on its own, by an editor
)

// DocTypes lists the types, in display order.
var DocTypes = []DocType{DocEvidence, DocConsultation, DocEventDocument, DocEventPhoto, DocForum, DocStandalone}

// Valid reports whether t is a known type.
func (t DocType) Valid() bool { return slices.Contains(DocTypes, t) }

// Document is a public stored file and what it belongs to.
type Document struct {
	SHA256        string    `json:"sha256"`
	Name          string    `json:"name"`
	ContentType   string    `json:"content_type"`
	Size          int64     `json:"size"`
	URL           string    `json:"url"`
	Type          DocType   `json:"type"`
	Date          db.Date   `json:"date"`
	Title         i18n.Text `json:"title"`                 // the document's own title, when it has one
	Description   i18n.Text `json:"description,omitempty"` // a stand-alone document's description
	Source        i18n.Text `json:"source"`                // the title of what it belongs to; empty for a stand-alone document
	SourceURL     string    `json:"source_url"`            // the page of what it belongs to; "" for a stand-alone document
	CommitmentID  int64     `json:"commitment_id,omitempty"`
	CommitmentRef string    `json:"commitment_ref,omitempty"`
}

// DocFilter chooses documents; zero fields do not filter.
type DocFilter struct {
	Type       DocType
	From, To   db.Date // inclusive
	Commitment int64
}

// localDay is the day of instant t in loc, as a Date.
func localDay(t time.Time, loc *time.Location) db.Date {
	if t.IsZero() {
		return db.Date{}
	}
	l := t.In(loc)
	return db.NewDate(l.Year(), l.Month(), l.Day())
}

// Documents returns the site's public documents matching f, latest first.
// now decides which consultations are published; loc is the site's zone.
func Documents(ctx context.Context, q db.Querier, siteID int64, f DocFilter, now time.Time, loc *time.Location) ([]Document, error) {
	var out []Document
	want := func(t DocType) bool { return f.Type == "" || f.Type == t }
	type part struct {
		types []DocType
		query string
		args  []any
		scan  func(rows interface{ Scan(...any) error }) (Document, error)
	}
	var parts []part

	// Evidence points at a stored file by file_hash or, when entered as a
	// link, by its /files/{sha256} address; only files recorded for the site.
	evidence := `SELECT fl.hash, fs.name, fl.content_type, fl.size, pu.occurred_on, c.id, c.ref, c.title, ev.title
		FROM evidence ev JOIN progress_updates pu ON pu.id = ev.update_id
		JOIN commitments c ON c.id = pu.commitment_id
		JOIN files fl ON fl.hash = COALESCE(ev.file_hash, SUBSTR(ev.url, 8))
		JOIN file_sites fs ON fs.hash = fl.hash AND fs.site_id = pu.site_id
		WHERE pu.site_id = ? AND (ev.file_hash IS NOT NULL OR ev.url LIKE '/files/%')`
	evArgs := []any{siteID}
	if f.Commitment > 0 {
		evidence += ` AND c.id = ?`
		evArgs = append(evArgs, f.Commitment)
	}
	parts = append(parts, part{[]DocType{DocEvidence}, evidence, evArgs, func(row interface{ Scan(...any) error }) (Document, error) {
		d := Document{Type: DocEvidence}
		err := row.Scan(&d.SHA256, &d.Name, &d.ContentType, &d.Size, &d.Date, &d.CommitmentID, &d.CommitmentRef, &d.Source, &d.Title)
		d.SourceURL = fmt.Sprintf("/commitments/%d", d.CommitmentID)
		return d, err
	}})

	consult := `SELECT fl.hash, fl.name, fl.content_type, fl.size, co.opens_at, co.id, COALESCE(co.commitment_id, 0),
		COALESCE(c.ref, ''), co.title, cd.title
		FROM consultation_documents cd JOIN consultations co ON co.id = cd.consultation_id
		JOIN files fl ON fl.hash = cd.file_hash
		LEFT JOIN commitments c ON c.id = co.commitment_id
		WHERE co.site_id = ? AND co.published_at IS NOT NULL AND co.published_at <= ?`
	coArgs := []any{siteID, db.Timestamp{Time: now}}
	if f.Commitment > 0 {
		consult += ` AND co.commitment_id = ?`
		coArgs = append(coArgs, f.Commitment)
	}
	parts = append(parts, part{[]DocType{DocConsultation}, consult, coArgs, func(row interface{ Scan(...any) error }) (Document, error) {
		d := Document{Type: DocConsultation}
		var at db.Timestamp
		var id int64
		err := row.Scan(&d.SHA256, &d.Name, &d.ContentType, &d.Size, &at, &id, &d.CommitmentID, &d.CommitmentRef, &d.Source, &d.Title)
		d.Date, d.SourceURL = localDay(at.Time, loc), fmt.Sprintf("/consultations/%d", id)
		return d, err
	}})

	if f.Commitment == 0 {
		parts = append(parts, part{[]DocType{DocEventDocument, DocEventPhoto},
			`SELECT fl.hash, fl.name, fl.content_type, fl.size, e.starts_at, e.id, e.title, ef.title, ef.kind
			FROM event_files ef JOIN events e ON e.id = ef.event_id JOIN files fl ON fl.hash = ef.hash
			WHERE e.site_id = ?`, []any{siteID}, func(row interface{ Scan(...any) error }) (Document, error) {
				var d Document
				var at db.Timestamp
				var id int64
				var kind string
				err := row.Scan(&d.SHA256, &d.Name, &d.ContentType, &d.Size, &at, &id, &d.Source, &d.Title, &kind)
				d.Type = DocEventDocument
				if kind == "photo" {
					d.Type = DocEventPhoto
				}
				d.Date, d.SourceURL = localDay(at.Time, loc), fmt.Sprintf("/events/%d", id)
				return d, err
			}})
		parts = append(parts, part{[]DocType{DocForum},
			`SELECT fl.hash, fl.name, fl.content_type, fl.size, m.starts_at, m.id, m.title
			FROM forum_meeting_files mf JOIN forum_meetings m ON m.id = mf.meeting_id JOIN files fl ON fl.hash = mf.hash
			WHERE m.site_id = ?`, []any{siteID}, func(row interface{ Scan(...any) error }) (Document, error) {
				d := Document{Type: DocForum, Title: i18n.Text{}}
				var at db.Timestamp
				var id int64
				err := row.Scan(&d.SHA256, &d.Name, &d.ContentType, &d.Size, &at, &id, &d.Source)
				d.Date, d.SourceURL = localDay(at.Time, loc), fmt.Sprintf("/forum/meetings/%d", id)
				return d, err
			}})
	}

	if f.Commitment == 0 {
		parts = append(parts, part{[]DocType{DocStandalone},
			`SELECT fl.hash, d.file_name, fl.content_type, fl.size, d.created_at, d.title, d.description
			FROM documents d JOIN files fl ON fl.hash = d.file_hash WHERE d.site_id = ?`, []any{siteID},
			func(row interface{ Scan(...any) error }) (Document, error) {
				d := Document{Type: DocStandalone, Source: i18n.Text{}}
				var at db.Timestamp
				err := row.Scan(&d.SHA256, &d.Name, &d.ContentType, &d.Size, &at, &d.Title, &d.Description)
				d.Date = localDay(at.Time, loc)
				return d, err
			}})
	}

	for _, p := range parts {
		if !slices.ContainsFunc(p.types, want) {
			continue
		}
		rows, err := q.QueryContext(ctx, p.query, p.args...)
		if err != nil {
			return nil, fmt.Errorf("documents: %w", err)
		}
		for rows.Next() {
			d, err := p.scan(rows)
			if err != nil {
				rows.Close()
				return nil, err
			}
			if !want(d.Type) || (!f.From.IsZero() && d.Date.Before(f.From.Time)) || (!f.To.IsZero() && d.Date.After(f.To.Time)) {
				continue
			}
			d.URL = "/files/" + d.SHA256
			out = append(out, d)
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	slices.SortStableFunc(out, func(a, b Document) int {
		if c := b.Date.Compare(a.Date.Time); c != 0 {
			return c
		}
		if c := strings.Compare(string(a.Type), string(b.Type)); c != 0 {
			return c
		}
		if c := strings.Compare(a.SourceURL, b.SourceURL); c != 0 {
			return c
		}
		return strings.Compare(a.SHA256, b.SHA256)
	})
	return out, nil
}
