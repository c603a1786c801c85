package plan

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"strings"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// WriteScope is the personal-access-token scope the API's writes need.
const WriteScope = "plans:write"

// WriteAPI serves the API's writes, for integrations that report progress
// from another system: personal access tokens (Authorization: Bearer) with
// the plans:write scope, and the same rules as the administration pages —
// an administrator may write to any commitment, an editor to those led by
// one of their organisations. Every write is recorded in the audit ledger.
// Documented in internal/server/openapi.json.
type WriteAPI struct {
	DB     *db.DB
	Errors *web.Errors
}

// Routes registers the write endpoints.
func (a *WriteAPI) Routes(mux *http.ServeMux) {
	mux.HandleFunc("POST /api/v1/commitments/{id}/updates", a.addUpdate)
	mux.HandleFunc("POST /api/v1/plans/{id}/commitments", a.createCommitment)
	mux.HandleFunc("PATCH /api/v1/commitments/{id}", a.patchCommitment)
}

// writer returns the request's user when it may use the write API at all,
// answering 401 (no credentials) or 403 (a token without the scope) otherwise.
func (a *WriteAPI) writer(w http.ResponseWriter, r *http.Request) *auth.User {
	u := auth.UserFrom(r.Context())
	switch {
	case u == nil:
		w.Header().Set("WWW-Authenticate", `Bearer realm="infitah"`)
		a.Errors.Unauthorized(w, r)
		return nil
	case !u.HasScope(WriteScope):
		w.Header().Set("WWW-Authenticate", `Bearer realm="infitah", error="insufficient_scope", scope="`+WriteScope+`"`)
		a.Errors.Forbidden(w, r)
		return nil
	}
	return u
}

// commitmentFor loads the commitment of the path for u, answering 404 or 403.
func (a *WriteAPI) commitmentFor(w http.ResponseWriter, r *http.Request, u *auth.User) *Commitment {
	id, ok := pathID(r)
	if !ok {
		a.Errors.NotFound(w, r)
		return nil
	}
	c, err := CommitmentByID(r.Context(), a.DB.R(), web.SiteOf(r.Context()).ID, id)
	if err != nil {
		a.Errors.Error(w, r, err)
		return nil
	}
	// The same rule as the administration pages.
	if !CanManageCommitment(u, c) {
		a.Errors.Forbidden(w, r)
		return nil
	}
	return c
}

func (a *WriteAPI) addUpdate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	u := a.writer(w, r)
	if u == nil {
		return
	}
	c := a.commitmentFor(w, r, u)
	if c == nil {
		return
	}
	var in UpdateInput
	if !a.decodeJSON(w, r, &in) {
		return
	}
	up, fe := in.update(c)
	if len(fe) > 0 {
		a.invalid(w, r, fe)
		return
	}
	up.Author = u.Name
	err := a.DB.InTx(ctx, func(tx *db.Tx) error {
		before := progressBefore(c, up)
		if err := AddUpdate(ctx, tx, siteID, up); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, siteID, audit.Change{ActorID: u.ID, ActorName: u.Name, Action: audit.ActionCreate,
			Entity: "progress_update", EntityID: up.ID, CommitmentID: &c.ID, OrganisationID: leadID(c),
			Summary: "Progress update on commitment " + c.Ref + " (API)", Before: before, After: updateSnapshot(up)}); err != nil {
			return err
		}
		return publishUpdate(ctx, tx, siteID, c, up, u.ID)
	})
	if errors.Is(err, ErrInvalid) {
		a.invalid(w, r, fieldErrors{{Field: "", Code: "invalid", key: "import.api.invalid"}})
		return
	}
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	up.Evidence = nonNil(up.Evidence)
	w.Header().Set("Location", "/api/v1/commitments/"+strconv.FormatInt(c.ID, 10))
	a.sendWritten(w, r, http.StatusCreated, up)
}

func updateSnapshot(u *Update) map[string]any {
	evidence := make([]map[string]any, 0, len(u.Evidence))
	for _, e := range u.Evidence {
		evidence = append(evidence, map[string]any{"title": e.Title, "url": e.URL, "kind": e.Kind})
	}
	return map[string]any{"milestone_id": u.MilestoneID, "date": u.OccurredOn, "text": u.Body,
		"status": u.Status, "progress": u.Progress, "evidence": evidence}
}

// answerError is a refusal decided inside a transaction, answered after it
// has rolled back.
type answerError struct {
	status int
	fields fieldErrors
}

func (e *answerError) Error() string { return "answer " + strconv.Itoa(e.status) }

func (a *WriteAPI) answer(w http.ResponseWriter, r *http.Request, err error) {
	var ans *answerError
	switch {
	case errors.As(err, &ans) && ans.status == http.StatusPreconditionFailed, errors.Is(err, errChangedMeanwhile):
		a.problem(w, r, ans.status, "import.api.precondition", "import.api.precondition.body", nil)
	case errors.As(err, &ans) && ans.status == http.StatusConflict:
		a.problem(w, r, ans.status, "import.api.conflict", "import.api.conflict.body", ans.fields)
	case errors.As(err, &ans) && ans.status == http.StatusForbidden:
		a.Errors.Forbidden(w, r)
	case errors.As(err, &ans):
		a.invalid(w, r, ans.fields)
	case errors.Is(err, ErrInvalid):
		a.invalid(w, r, fieldErrors{{Field: "", Code: "invalid", key: "import.api.invalid"}})
	default:
		a.Errors.Error(w, r, err)
	}
}

// orgLookupIn finds organisations of the site inside the transaction.
func orgLookupIn(ctx context.Context, q db.Querier, siteID int64) orgLookup {
	return func(id int64) (*OrgRef, Sector, bool) {
		o, err := account.OrganisationByID(ctx, q, siteID, id)
		if err != nil {
			return nil, "", false
		}
		return &OrgRef{ID: o.ID, Slug: o.Slug, Name: o.Name, Acronym: o.Acronym}, sectorOf(o.Kind), true
	}
}

func (a *WriteAPI) createCommitment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	u := a.writer(w, r)
	if u == nil {
		return
	}
	if u.Role != auth.Admin {
		a.Errors.Forbidden(w, r)
		return
	}
	planID, ok := pathID(r)
	if !ok {
		a.Errors.NotFound(w, r)
		return
	}
	if _, err := PlanByID(ctx, a.DB.R(), siteID, planID); err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	var in CommitmentInput
	if !a.decodeJSON(w, r, &in) {
		return
	}
	var c Commitment
	var written *Commitment // read back in the transaction that wrote it
	err := a.DB.InTx(ctx, func(tx *db.Tx) error {
		c = Commitment{PlanID: planID, Status: NotStarted}
		if fe := in.apply(&c, true, false, orgLookupIn(ctx, tx, siteID)); len(fe) > 0 {
			return &answerError{status: http.StatusUnprocessableEntity, fields: fe}
		}
		var taken int
		if err := tx.QueryRowContext(ctx, `SELECT COUNT(*) FROM commitments WHERE site_id = ? AND plan_id = ? AND ref = ?`,
			siteID, planID, c.Ref).Scan(&taken); err != nil {
			return err
		}
		if taken > 0 {
			return &answerError{status: http.StatusConflict, fields: fieldErrors{{Field: "ref", Code: "taken", key: "import.api.taken"}}}
		}
		if !in.Position.Set {
			if err := tx.QueryRowContext(ctx, `SELECT COALESCE(MAX(position), 0) + 1 FROM commitments WHERE site_id = ? AND plan_id = ?`,
				siteID, planID).Scan(&c.Position); err != nil {
				return err
			}
		}
		if err := storeCommitment(ctx, tx, siteID, nil, &c); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, siteID, audit.Change{ActorID: u.ID, ActorName: u.Name, Action: audit.ActionCreate,
			Entity: "commitment", EntityID: c.ID, CommitmentID: &c.ID, OrganisationID: leadID(&c),
			Summary: "Commitment " + c.Ref + " created (API)", After: commitmentSnapshot(&c).orNil()}); err != nil {
			return err
		}
		var err error
		written, err = CommitmentByID(ctx, tx, siteID, c.ID)
		return err
	})
	if err != nil {
		a.answer(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/commitments/"+strconv.FormatInt(c.ID, 10))
	a.sendCommitment(w, r, http.StatusCreated, written)
}

func (a *WriteAPI) patchCommitment(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	u := a.writer(w, r)
	if u == nil {
		return
	}
	stored := a.commitmentFor(w, r, u)
	if stored == nil {
		return
	}
	var in CommitmentInput
	if !a.decodeJSON(w, r, &in) {
		return
	}
	if in.LeadAgencyID.Set && u.Role != auth.Admin {
		// Handing a commitment to another organisation is the
		// administrators' call, as on the pages.
		a.Errors.Forbidden(w, r)
		return
	}
	var written *Commitment // read back in the transaction that wrote it
	err := a.DB.InTx(ctx, func(tx *db.Tx) error {
		// Merge into the commitment as it is now, inside the transaction.
		cur, err := CommitmentByID(ctx, tx, siteID, stored.ID)
		if err != nil {
			return err
		}
		if !ifMatch(r.Header.Get("If-Match"), cur.Version) {
			return &answerError{status: http.StatusPreconditionFailed}
		}
		if !CanManageCommitment(u, cur) {
			return &answerError{status: http.StatusForbidden}
		}
		next := cloneCommitment(cur)
		if fe := in.apply(&next, false, len(cur.Milestones) > 0, orgLookupIn(ctx, tx, siteID)); len(fe) > 0 {
			return &answerError{status: http.StatusUnprocessableEntity, fields: fe}
		}
		before, after := audit.Diff(commitmentSnapshot(cur).orNil(), commitmentSnapshot(&next).orNil())
		if len(before) == 0 && len(after) == 0 {
			written = cur
			return nil // nothing to change: no write, no ledger entry
		}
		if err := storeCommitment(ctx, tx, siteID, cur, &next); err != nil {
			return err
		}
		if err := audit.Record(ctx, tx, siteID, audit.Change{ActorID: u.ID, ActorName: u.Name, Action: audit.ActionUpdate,
			Entity: "commitment", EntityID: cur.ID, CommitmentID: &cur.ID, OrganisationID: leadID(&next),
			Summary: "Commitment " + cur.Ref + " updated (API)", Before: before, After: after}); err != nil {
			return err
		}
		written, err = CommitmentByID(ctx, tx, siteID, cur.ID)
		return err
	})
	if err != nil {
		a.answer(w, r, err)
		return
	}
	a.sendCommitment(w, r, http.StatusOK, written)
}

// ifMatch reports whether an If-Match header allows writing over version: no
// header, "*", or a list holding "<version>" (weak tags compared as strong
// ones: the version is the whole state).
func ifMatch(header string, version int) bool {
	if strings.TrimSpace(header) == "" {
		return true
	}
	want := `"` + strconv.Itoa(version) + `"`
	for _, tag := range strings.Split(header, ",") {
		tag = strings.TrimPrefix(strings.TrimSpace(tag), "W/")
		if tag == "*" || tag == want {
			return true
		}
	}
	return false
}

// sendCommitment answers c, as written and read back in the transaction
// that wrote it (so a committed write is never answered with an error of a
// later read), the way GET /api/v1/commitments/{id} shows it, with its
// version as the ETag for a later If-Match.
func (a *WriteAPI) sendCommitment(w http.ResponseWriter, r *http.Request, status int, c *Commitment) {
	tidyCommitment(c)
	d := CommitmentDetail{Commitment: c, Milestones: nonNil(c.Milestones), Updates: nonNil(c.Updates),
		Assessments: make([]Assessment, 0, len(c.Assessments))}
	for i := range d.Updates {
		d.Updates[i].Evidence = nonNil(d.Updates[i].Evidence)
	}
	for _, x := range c.Assessments {
		d.Assessments = append(d.Assessments, tidyAssessment(x))
	}
	w.Header().Set("ETag", `"`+strconv.Itoa(c.Version)+`"`)
	a.sendWritten(w, r, status, d)
}

func (a *WriteAPI) sendWritten(w http.ResponseWriter, r *http.Request, status int, v any) {
	w.Header().Set("Cache-Control", "no-store")
	if err := web.JSON(w, r, status, web.One{Data: v}); err != nil {
		a.Errors.Error(w, r, err)
	}
}
