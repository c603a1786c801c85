package consult

import (
	"fmt"
	"net/http"
	"net/url"
	"strconv"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// The reasoned response to a proposal.

func (h *Handler) managedProposal(w http.ResponseWriter, r *http.Request) (*Proposal, *Consultation, bool) {
	ctx := r.Context()
	id, ok := pathID(r)
	if !ok {
		h.Errors.NotFound(w, r)
		return nil, nil, false
	}
	site := web.SiteOf(ctx)
	p, err := ProposalByID(ctx, h.DB.R(), site.ID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return nil, nil, false
	}
	c, err := ConsultationByID(ctx, h.DB.R(), site.ID, p.ConsultationID, h.now())
	if err != nil {
		h.Errors.Error(w, r, err)
		return nil, nil, false
	}
	if !CanManage(auth.UserFrom(ctx), c) {
		h.Errors.Forbidden(w, r)
		return nil, nil, false
	}
	return p, c, true
}

func (h *Handler) showResponseForm(w http.ResponseWriter, r *http.Request, status int, f *web.Form, p *Proposal, c *Consultation) {
	ctx := r.Context()
	pr := h.printer(r)
	l := web.Locale(ctx)
	b := builder{p: pr, f: f}
	outcomes := []option{{Value: "", Label: pr.T("consult.admin.choose")}}
	for _, o := range OfficialOutcomes {
		outcomes = append(outcomes, option{Value: string(o), Label: pr.T("consult.outcome." + string(o))})
	}
	cs, err := CommitmentOptions(ctx, h.DB.R(), web.SiteOf(ctx).ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	commitments := []option{{Value: "", Label: pr.T("consult.admin.no_commitment")}}
	for _, cm := range cs {
		commitments = append(commitments, option{Value: strconv.FormatInt(cm.ID, 10), Label: cm.Ref + " — " + cm.Title.In(l)})
	}
	v := proposalView(*p)
	page := &FormPage{Heading: pr.T("consult.admin.respond_to", "Title", p.Title),
		Back:   fmt.Sprintf("/admin/consultations/%d", c.ID),
		Action: fmt.Sprintf("/admin/proposals/%d/response", p.ID), Submit: pr.T("consult.admin.publish_response"),
		Intro: &v}
	commitment := b.choice("commitment", "consult.admin.merged_into", commitments, false)
	commitment.Hint = pr.T("consult.admin.merged_into_hint")
	page.Fields = append(page.Fields, b.choice("outcome", "consult.admin.outcome", outcomes, true), commitment)
	reasons := b.texts("textarea", "reason", "consult.admin.reason", false)
	reasons[0].Hint = pr.T("consult.admin.reason_hint")
	page.Fields = append(page.Fields, reasons...)
	page.summarize()
	h.adminPage(w, r, status, "consult_admin_form", page)
}

func (h *Handler) responseForm(w http.ResponseWriter, r *http.Request) {
	p, c, ok := h.managedProposal(w, r)
	if !ok {
		return
	}
	vs := url.Values{}
	if res := p.Response; res != nil && res.Outcome != WithdrawnByUser {
		vs.Set("outcome", string(res.Outcome))
		if res.CommitmentID != nil {
			vs.Set("commitment", strconv.FormatInt(*res.CommitmentID, 10))
		}
		textValues(vs, "reason", res.Reason)
	}
	h.showResponseForm(w, r, http.StatusOK, web.NewForm(vs), p, c)
}

func (h *Handler) respond(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, c, ok := h.managedProposal(w, r)
	if !ok {
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	res := &Response{Outcome: Outcome(f.Get("outcome")), Reason: readText(f, "reason", MaxReason)}
	commitmentOK := false
	if v := f.Get("commitment"); v != "" && TakesCommitment(res.Outcome) {
		id, err := strconv.ParseInt(v, 10, 64)
		if err == nil {
			cs, err := CommitmentOptions(ctx, h.DB.R(), c.SiteID)
			if err != nil {
				h.Errors.Error(w, r, err)
				return
			}
			for _, cm := range cs {
				commitmentOK = commitmentOK || cm.ID == id
			}
			res.CommitmentID = &id
		}
	}
	for field, e := range CheckResponse(c.Phase, res.Outcome, res.Reason, res.CommitmentID, commitmentOK) {
		if field == "reason" {
			field = "reason_ar"
		}
		f.Fail(field, ruleKey(e))
	}
	if p.Response != nil && p.Response.Outcome == WithdrawnByUser {
		f.Fail("outcome", ErrAnswered.Key)
	}
	if !f.Valid() {
		h.showResponseForm(w, r, http.StatusUnprocessableEntity, f, p, c)
		return
	}
	u := auth.UserFrom(ctx)
	res.ResponderID, res.ResponderName = &u.ID, u.Name
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		if err := SetResponse(ctx, tx, p.ID, res); err != nil {
			return err
		}
		// The author and the followers are told of the response, and of
		// each change to it.
		if err := h.publishResponse(ctx, tx, p, c, res, u.ID, u.Name); err != nil {
			return err
		}
		state := map[string]any{"proposal_id": p.ID, "outcome": res.Outcome, "commitment_id": res.CommitmentID, "reason": res.Reason}
		change := audit.Change{Action: audit.ActionCreate, Entity: "proposal_response", EntityID: p.ID,
			CommitmentID: c.CommitmentID, Summary: fmt.Sprintf("Response to proposal %d: %s", p.ID, res.Outcome), After: state}
		if old := p.Response; old != nil {
			change.Action = audit.ActionUpdate
			change.Before, change.After = audit.Diff(map[string]any{"proposal_id": p.ID, "outcome": old.Outcome,
				"commitment_id": old.CommitmentID, "reason": old.Reason}, state)
		}
		return record(ctx, tx, change)
	})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, fmt.Sprintf("/admin/consultations/%d?saved=1", c.ID), http.StatusSeeOther)
}
