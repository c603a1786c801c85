package consult

import (
	"context"
	"database/sql"
	"fmt"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// The consultations' SQL. Reads take a db.Querier, writes a *db.Tx; every
// query is scoped by the site.

const consultationSelect = `SELECT k.id, k.site_id, k.plan_id, k.commitment_id, k.title, k.description, k.kinds,
	k.opens_at, k.closes_at, k.published_at, k.closed_at, k.updated_at, k.version,
	COALESCE(p.title, c.title), COALESCE(p.slug, ''), c.lead_org_id,
	(SELECT COUNT(*) FROM proposals x WHERE x.consultation_id = k.id AND x.hidden_at IS NULL),
	(SELECT COUNT(*) FROM proposals x WHERE x.consultation_id = k.id AND x.hidden_at IS NULL
		AND NOT EXISTS (SELECT 1 FROM proposal_responses r WHERE r.proposal_id = x.id))
	FROM consultations k
	LEFT JOIN plans p ON p.id = k.plan_id
	LEFT JOIN commitments c ON c.id = k.commitment_id`

func scanConsultation(row interface{ Scan(...any) error }, now time.Time) (*Consultation, error) {
	var c Consultation
	var planID, commitmentID, lead sql.NullInt64
	var kinds, planSlug string
	err := row.Scan(&c.ID, &c.SiteID, &planID, &commitmentID, &c.Title, &c.Description, &kinds,
		&c.OpensAt, &c.ClosesAt, &c.PublishedAt, &c.ClosedAt, &c.UpdatedAt, &c.Version,
		&c.SubjectTitle, &planSlug, &lead, &c.ProposalCount, &c.UnansweredLeft)
	if err != nil {
		return nil, db.NotFound(err)
	}
	if planID.Valid {
		c.PlanID = &planID.Int64
		c.SubjectURL = "/plans/" + planSlug
	}
	if commitmentID.Valid {
		c.CommitmentID = &commitmentID.Int64
		c.SubjectURL = fmt.Sprintf("/commitments/%d", commitmentID.Int64)
	}
	if lead.Valid {
		c.SubjectLeadID = &lead.Int64
	}
	for _, k := range strings.Split(kinds, ",") {
		if k != "" {
			c.Kinds = append(c.Kinds, Kind(k))
		}
	}
	if !c.ClosedAt.IsZero() {
		closed := c.ClosedAt.Time
		c.Closed = &closed
	}
	c.Phase = PhaseAt(&c, now)
	c.Documents = []Document{}
	return &c, nil
}

// ConsultationByID returns the site's consultation id with its documents
// and its phase at now, or db.ErrNotFound.
func ConsultationByID(ctx context.Context, q db.Querier, siteID, id int64, now time.Time) (*Consultation, error) {
	c, err := scanConsultation(q.QueryRowContext(ctx, consultationSelect+` WHERE k.site_id = ? AND k.id = ?`, siteID, id), now)
	if err != nil {
		return nil, err
	}
	rows, err := q.QueryContext(ctx, `SELECT title, url, COALESCE(file_hash, '') FROM consultation_documents
		WHERE consultation_id = ? ORDER BY position`, c.ID)
	if err != nil {
		return nil, fmt.Errorf("consultation documents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var d Document
		if err := rows.Scan(&d.Title, &d.URL, &d.FileHash); err != nil {
			return nil, err
		}
		c.Documents = append(c.Documents, d)
	}
	return c, rows.Err()
}

// Consultations lists the site's consultations by id after the cursor, at
// most limit; drafts only when withDrafts (the administration). Documents are
// not filled.
func Consultations(ctx context.Context, q db.Querier, siteID int64, withDrafts bool, after int64, limit int, now time.Time) ([]Consultation, error) {
	where := ` WHERE k.site_id = ? AND k.id > ?`
	if !withDrafts {
		where += ` AND k.published_at IS NOT NULL`
	}
	rows, err := q.QueryContext(ctx, consultationSelect+where+` ORDER BY k.id LIMIT ?`, siteID, after, limit)
	if err != nil {
		return nil, fmt.Errorf("list consultations: %w", err)
	}
	defer rows.Close()
	var out []Consultation
	for rows.Next() {
		c, err := scanConsultation(rows, now)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

// OpenConsultations lists the site's consultations open at now (published,
// opened, not yet closing, not closed by the administration), closing
// soonest first, at most limit. Documents are not filled.
func OpenConsultations(ctx context.Context, q db.Querier, siteID int64, now time.Time, limit int) ([]Consultation, error) {
	at := db.Timestamp{Time: now}
	rows, err := q.QueryContext(ctx, consultationSelect+` WHERE k.site_id = ? AND k.published_at IS NOT NULL
		AND k.closed_at IS NULL AND k.opens_at <= ? AND k.closes_at > ? ORDER BY k.closes_at, k.id LIMIT ?`,
		siteID, at, at, limit)
	if err != nil {
		return nil, fmt.Errorf("open consultations: %w", err)
	}
	defer rows.Close()
	var out []Consultation
	for rows.Next() {
		c, err := scanConsultation(rows, now)
		if err != nil {
			return nil, err
		}
		out = append(out, *c)
	}
	return out, rows.Err()
}

func joinKinds(ks []Kind) string {
	s := make([]string, len(ks))
	for i, k := range ks {
		s[i] = string(k)
	}
	return strings.Join(s, ",")
}

// CreateConsultation stores c (a draft unless PublishedAt is set) with its
// documents and sets its ID.
func CreateConsultation(ctx context.Context, tx *db.Tx, c *Consultation) error {
	now := db.Timestamp{Time: tx.Now()}
	err := tx.QueryRowContext(ctx, `INSERT INTO consultations (site_id, plan_id, commitment_id, title, description,
		kinds, opens_at, closes_at, published_at, closed_at, created_at, updated_at)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		c.SiteID, c.PlanID, c.CommitmentID, c.Title, c.Description, joinKinds(c.Kinds), c.OpensAt, c.ClosesAt,
		c.PublishedAt, c.ClosedAt, now, now).Scan(&c.ID)
	if err != nil {
		return fmt.Errorf("create consultation: %w", err)
	}
	c.Version = 1
	if err := writeDocuments(ctx, tx, c); err != nil {
		return err
	}
	return indexConsultation(ctx, tx, c.SiteID, c.ID)
}

// ErrStale is returned by UpdateConsultation when the row changed since the
// form was read.
var ErrStale = fmt.Errorf("consult: the consultation changed since the form was opened")

// UpdateConsultation saves the editable fields of c (subject, texts, kinds,
// dates, documents) if its row is still at version.
func UpdateConsultation(ctx context.Context, tx *db.Tx, c *Consultation, version int) error {
	res, err := tx.ExecContext(ctx, `UPDATE consultations SET plan_id = ?, commitment_id = ?, title = ?,
		description = ?, kinds = ?, opens_at = ?, closes_at = ?, updated_at = ?, version = version + 1
		WHERE site_id = ? AND id = ? AND version = ?`,
		c.PlanID, c.CommitmentID, c.Title, c.Description, joinKinds(c.Kinds), c.OpensAt, c.ClosesAt,
		db.Timestamp{Time: tx.Now()}, c.SiteID, c.ID, version)
	if err != nil {
		return fmt.Errorf("update consultation: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrStale
	}
	if _, err := tx.ExecContext(ctx, `DELETE FROM consultation_documents WHERE consultation_id = ?`, c.ID); err != nil {
		return err
	}
	if err := writeDocuments(ctx, tx, c); err != nil {
		return err
	}
	return indexConsultation(ctx, tx, c.SiteID, c.ID)
}

func writeDocuments(ctx context.Context, tx *db.Tx, c *Consultation) error {
	for i, d := range c.Documents {
		var hash *string
		if d.FileHash != "" {
			hash = &d.FileHash
		}
		if _, err := tx.ExecContext(ctx, `INSERT INTO consultation_documents (consultation_id, position, title, url, file_hash)
			VALUES (?, ?, ?, ?, ?)`, c.ID, i+1, d.Title, d.URL, hash); err != nil {
			return fmt.Errorf("consultation document: %w", err)
		}
	}
	return nil
}

// SetPublished publishes the consultation (at) so the public sees it.
func SetPublished(ctx context.Context, tx *db.Tx, siteID, id int64, at time.Time) error {
	if _, err := tx.ExecContext(ctx, `UPDATE consultations SET published_at = ?, updated_at = ?, version = version + 1
		WHERE site_id = ? AND id = ?`, db.Timestamp{Time: at}, db.Timestamp{Time: tx.Now()}, siteID, id); err != nil {
		return err
	}
	// Publishing shows the consultation and the proposals it may already have.
	if err := indexConsultation(ctx, tx, siteID, id); err != nil {
		return err
	}
	ps, err := AllProposalsOf(ctx, tx, siteID, id)
	if err != nil {
		return err
	}
	for _, p := range ps {
		if err := indexProposal(ctx, tx, p.ID); err != nil {
			return err
		}
	}
	return nil
}

// SetClosed closes the consultation at at.
func SetClosed(ctx context.Context, tx *db.Tx, siteID, id int64, at time.Time) error {
	_, err := tx.ExecContext(ctx, `UPDATE consultations SET closed_at = ?, updated_at = ?, version = version + 1
		WHERE site_id = ? AND id = ?`, db.Timestamp{Time: at}, db.Timestamp{Time: tx.Now()}, siteID, id)
	return err
}

const proposalSelect = `SELECT p.id, p.site_id, p.consultation_id, p.author_id, p.organisation_id, p.kind, p.title,
	p.body, p.status, p.created_at, u.name, u.deleted_at IS NOT NULL, o.name,
	(SELECT COUNT(*) FROM proposal_supports s WHERE s.proposal_id = p.id),
	r.outcome, r.commitment_id, r.reason, r.responder_id, COALESCE(r.responder_name, ''), r.responded_at,
	COALESCE(c.ref, ''), c.title, p.hidden_at IS NOT NULL
	FROM proposals p
	JOIN users u ON u.id = p.author_id
	LEFT JOIN organisations o ON o.id = p.organisation_id
	LEFT JOIN proposal_responses r ON r.proposal_id = p.id
	LEFT JOIN commitments c ON c.id = r.commitment_id`

func scanProposal(row interface{ Scan(...any) error }) (*Proposal, error) {
	var p Proposal
	var org, commitmentID, responder sql.NullInt64
	var outcomeS sql.NullString
	var orgName, reason, cTitle i18n.Text
	var responderName, cRef string
	var respondedAt db.Timestamp
	err := row.Scan(&p.ID, &p.SiteID, &p.ConsultationID, &p.AuthorID, &org, &p.Kind, &p.Title, &p.Body, &p.Status,
		&p.CreatedAt, &p.Author.Name, &p.Author.Deleted, &orgName, &p.Supports,
		&outcomeS, &commitmentID, &reason, &responder, &responderName, &respondedAt, &cRef, &cTitle, &p.Hidden)
	if err != nil {
		return nil, db.NotFound(err)
	}
	p.Author.Kind = "person"
	if p.Author.Deleted {
		p.Author.Name = ""
	}
	if org.Valid {
		p.OrganisationID = &org.Int64
		p.Author = Author{Kind: "organisation", Organisation: orgName, OrganisationID: &org.Int64}
	}
	if outcomeS.Valid {
		r := &Response{Outcome: Outcome(outcomeS.String), Reason: reason, ResponderName: responderName, RespondedAt: respondedAt}
		if r.Reason == nil {
			r.Reason = i18n.Text{}
		}
		if commitmentID.Valid {
			r.CommitmentID = &commitmentID.Int64
			r.Commitment = &CommitmentRef{ID: commitmentID.Int64, Ref: cRef, Title: cTitle}
		}
		if responder.Valid {
			r.ResponderID = &responder.Int64
		}
		p.Response = r
	}
	return &p, nil
}

func collectProposals(rows *sql.Rows) ([]Proposal, error) {
	defer rows.Close()
	var out []Proposal
	for rows.Next() {
		p, err := scanProposal(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *p)
	}
	return out, rows.Err()
}

// ProposalsOf lists a consultation's public proposals, oldest first:
// those moderation hid are left out.
func ProposalsOf(ctx context.Context, q db.Querier, siteID, consultationID int64) ([]Proposal, error) {
	rows, err := q.QueryContext(ctx, proposalSelect+` WHERE p.site_id = ? AND p.consultation_id = ? AND p.hidden_at IS NULL
		ORDER BY p.id`, siteID, consultationID)
	if err != nil {
		return nil, fmt.Errorf("list proposals: %w", err)
	}
	return collectProposals(rows)
}

// AllProposalsOf lists a consultation's proposals, hidden ones included
// (Proposal.Hidden), oldest first: for moderators and the administration.
func AllProposalsOf(ctx context.Context, q db.Querier, siteID, consultationID int64) ([]Proposal, error) {
	rows, err := q.QueryContext(ctx, proposalSelect+` WHERE p.site_id = ? AND p.consultation_id = ? ORDER BY p.id`,
		siteID, consultationID)
	if err != nil {
		return nil, fmt.Errorf("list proposals: %w", err)
	}
	return collectProposals(rows)
}

// ProposalsPage lists the site's proposals of published consultations by id
// after the cursor, at most limit, of one consultation when consultationID > 0.
func ProposalsPage(ctx context.Context, q db.Querier, siteID, consultationID, after int64, limit int) ([]Proposal, error) {
	where := ` WHERE p.site_id = ? AND p.id > ? AND p.hidden_at IS NULL
		AND EXISTS (SELECT 1 FROM consultations k WHERE k.id = p.consultation_id AND k.published_at IS NOT NULL)`
	args := []any{siteID, after}
	if consultationID > 0 {
		where += ` AND p.consultation_id = ?`
		args = append(args, consultationID)
	}
	rows, err := q.QueryContext(ctx, proposalSelect+where+` ORDER BY p.id LIMIT ?`, append(args, limit)...)
	if err != nil {
		return nil, fmt.Errorf("list proposals: %w", err)
	}
	return collectProposals(rows)
}

// ProposalByID returns the site's proposal id, hidden or not (callers
// showing it to the public check Hidden), or db.ErrNotFound.
func ProposalByID(ctx context.Context, q db.Querier, siteID, id int64) (*Proposal, error) {
	return scanProposal(q.QueryRowContext(ctx, proposalSelect+` WHERE p.site_id = ? AND p.id = ?`, siteID, id))
}

// LastProposalBy returns the person's most recent proposal on the site, or
// nil when they sent none.
func LastProposalBy(ctx context.Context, q db.Querier, siteID, userID int64) (*Proposal, error) {
	p, err := scanProposal(q.QueryRowContext(ctx, proposalSelect+` WHERE p.site_id = ? AND p.author_id = ?
		ORDER BY p.id DESC LIMIT 1`, siteID, userID))
	if err == db.ErrNotFound {
		return nil, nil
	}
	return p, err
}

// AddProposal stores p and sets its ID, status and creation time (now,
// unless CreatedAt is set: imports and the demo keep their dates).
func AddProposal(ctx context.Context, tx *db.Tx, p *Proposal) error {
	if p.CreatedAt.IsZero() {
		p.CreatedAt = db.Timestamp{Time: tx.Now()}
	}
	p.Status = Submitted
	err := tx.QueryRowContext(ctx, `INSERT INTO proposals (site_id, consultation_id, author_id, organisation_id, kind,
		title, body, status, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`,
		p.SiteID, p.ConsultationID, p.AuthorID, p.OrganisationID, p.Kind, p.Title, p.Body, p.Status, p.CreatedAt).Scan(&p.ID)
	if err != nil {
		return fmt.Errorf("add proposal: %w", err)
	}
	return indexProposal(ctx, tx, p.ID)
}

// SetHidden hides a proposal (moderation, or the site's number of reports)
// or shows it again, and takes it out of the search index or puts it back.
// A hidden proposal is left out of the public pages, the API, the report and
// its exports, the figures and the search; moderators and the
// administration still see it, marked hidden.
func SetHidden(ctx context.Context, tx *db.Tx, siteID, id int64, hidden bool) error {
	var at any
	if hidden {
		at = db.Timestamp{Time: tx.Now()}
	}
	res, err := tx.ExecContext(ctx, `UPDATE proposals SET hidden_at = ? WHERE site_id = ? AND id = ?`, at, siteID, id)
	if err != nil {
		return fmt.Errorf("hide proposal: %w", err)
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return db.ErrNotFound
	}
	return indexProposal(ctx, tx, id)
}

// Supports reports whether the person supports the proposal.
func Supports(ctx context.Context, q db.Querier, proposalID, userID int64) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM proposal_supports WHERE proposal_id = ? AND user_id = ?`,
		proposalID, userID).Scan(&n)
	return n > 0, err
}

// SupportedIn returns the proposals of a consultation the person supports.
func SupportedIn(ctx context.Context, q db.Querier, consultationID, userID int64) (map[int64]bool, error) {
	rows, err := q.QueryContext(ctx, `SELECT s.proposal_id FROM proposal_supports s
		JOIN proposals p ON p.id = s.proposal_id WHERE p.consultation_id = ? AND s.user_id = ?`, consultationID, userID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	out := map[int64]bool{}
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		out[id] = true
	}
	return out, rows.Err()
}

// AddSupport records the person's support of the proposal; a second
// support is ErrAlreadySupports. On PostgreSQL a failed insert would abort
// the transaction, so the row is inserted only when absent.
func AddSupport(ctx context.Context, tx *db.Tx, proposalID, userID int64) error {
	res, err := tx.ExecContext(ctx, `INSERT INTO proposal_supports (proposal_id, user_id, created_at) VALUES (?, ?, ?)
		ON CONFLICT (proposal_id, user_id) DO NOTHING`, proposalID, userID, db.Timestamp{Time: tx.Now()})
	if err == nil {
		if n, _ := res.RowsAffected(); n == 0 {
			return ErrAlreadySupports
		}
	}
	if db.IsUniqueViolation(err) {
		return ErrAlreadySupports
	}
	return err
}

// RemoveSupport takes the person's support back; ErrNoSupport when there was none.
func RemoveSupport(ctx context.Context, tx *db.Tx, proposalID, userID int64) error {
	res, err := tx.ExecContext(ctx, `DELETE FROM proposal_supports WHERE proposal_id = ? AND user_id = ?`, proposalID, userID)
	if err != nil {
		return err
	}
	if n, _ := res.RowsAffected(); n == 0 {
		return ErrNoSupport
	}
	return nil
}

// SetResponse gives the proposal its response (replacing an earlier one),
// dated now unless RespondedAt is set, and sets its status to the outcome.
func SetResponse(ctx context.Context, tx *db.Tx, proposalID int64, r *Response) error {
	if r.RespondedAt.IsZero() {
		r.RespondedAt = db.Timestamp{Time: tx.Now()}
	}
	if r.Reason == nil {
		r.Reason = i18n.Text{}
	}
	_, err := tx.ExecContext(ctx, `INSERT INTO proposal_responses (proposal_id, outcome, commitment_id, reason,
		responder_id, responder_name, responded_at) VALUES (?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (proposal_id) DO UPDATE SET outcome = excluded.outcome, commitment_id = excluded.commitment_id,
		reason = excluded.reason, responder_id = excluded.responder_id, responder_name = excluded.responder_name,
		responded_at = excluded.responded_at`,
		proposalID, r.Outcome, r.CommitmentID, r.Reason, r.ResponderID, r.ResponderName, r.RespondedAt)
	if err != nil {
		return fmt.Errorf("set response: %w", err)
	}
	if _, err = tx.ExecContext(ctx, `UPDATE proposals SET status = ? WHERE id = ?`, string(r.Outcome), proposalID); err != nil {
		return err
	}
	return indexProposal(ctx, tx, proposalID)
}

// OrgChoice is an organisation a person could speak for, and how they stand with it.
type OrgChoice struct {
	ID      int64
	Name    i18n.Text
	Acronym string
	Membership
}

// OrganisationsOf lists the site's organisations the person has asked to
// join or belongs to, with their membership and verification.
func OrganisationsOf(ctx context.Context, q db.Querier, siteID, userID int64) ([]OrgChoice, error) {
	rows, err := q.QueryContext(ctx, `SELECT o.id, o.name, o.acronym, m.status = 'active', o.verified
		FROM memberships m JOIN organisations o ON o.id = m.organisation_id
		WHERE m.user_id = ? AND o.site_id = ? ORDER BY o.id`, userID, siteID)
	if err != nil {
		return nil, fmt.Errorf("organisations of a person: %w", err)
	}
	defer rows.Close()
	var out []OrgChoice
	for rows.Next() {
		var o OrgChoice
		if err := rows.Scan(&o.ID, &o.Name, &o.Acronym, &o.Active, &o.Verified); err != nil {
			return nil, err
		}
		out = append(out, o)
	}
	return out, rows.Err()
}

// CommitmentOption is a commitment offered as a subject or merge target.
type CommitmentOption struct {
	ID    int64
	Ref   string
	Title i18n.Text
	Lead  *int64
}

// CommitmentOptions lists the site's commitments by reference.
func CommitmentOptions(ctx context.Context, q db.Querier, siteID int64) ([]CommitmentOption, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, ref, title, lead_org_id FROM commitments WHERE site_id = ? ORDER BY ref, id`, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []CommitmentOption
	for rows.Next() {
		var c CommitmentOption
		var lead sql.NullInt64
		if err := rows.Scan(&c.ID, &c.Ref, &c.Title, &lead); err != nil {
			return nil, err
		}
		if lead.Valid {
			c.Lead = &lead.Int64
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// PlanOption is a plan offered as a subject.
type PlanOption struct {
	ID    int64
	Title i18n.Text
}

// PlanOptions lists the site's plans.
func PlanOptions(ctx context.Context, q db.Querier, siteID int64) ([]PlanOption, error) {
	rows, err := q.QueryContext(ctx, `SELECT id, title FROM plans WHERE site_id = ? ORDER BY period_start DESC, id`, siteID)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []PlanOption
	for rows.Next() {
		var p PlanOption
		if err := rows.Scan(&p.ID, &p.Title); err != nil {
			return nil, err
		}
		out = append(out, p)
	}
	return out, rows.Err()
}

// FileOfSite reports whether the site has a stored file with that hash.
func FileOfSite(ctx context.Context, q db.Querier, siteID int64, hash string) (bool, error) {
	var n int
	err := q.QueryRowContext(ctx, `SELECT COUNT(*) FROM file_sites WHERE site_id = ? AND hash = ?`, siteID, hash).Scan(&n)
	return n > 0, err
}
