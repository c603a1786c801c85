package consult

import (
	"context"
	"errors"
	"net/http"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/notify"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/ratelimit"
	"github.com/infitah/infitah/internal/platform/web"
)

// ProposalPage is what /proposals/{id} shows.
type ProposalPage struct {
	P            ProposalView
	C            ConsultationView
	SignedIn     bool
	Supports     bool // the person supports it
	CanSupport   bool
	CanUnsupport bool
	CanWithdraw  bool
	Posted       bool
	Alert        string
	RespondedOn  time.Time
	CreatedOn    time.Time
	CanManage    bool
	Hidden       bool // hidden by moderation: only moderators and the administration see this page
	CanModerate  bool // the moderators' forms: hide, restore
	CanReport    bool // the report form: signed in, not the author, not blocked
	Reasons      []string
	Follow       notify.Button // the follow button; no Target on a draft
	Thread       any           // the comment thread, for the "comment_thread" partial; nil without one
}

func (h *Handler) proposalAndConsultation(w http.ResponseWriter, r *http.Request) (*Proposal, *Consultation, bool) {
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
	u := auth.UserFrom(ctx)
	if c.Phase == Draft && !CanManage(u, c) || p.Hidden && !SeesHidden(u, c) {
		h.Errors.NotFound(w, r)
		return nil, nil, false
	}
	return p, c, true
}

func (h *Handler) proposalPage(r *http.Request, p *Proposal, c *Consultation) (*ProposalPage, error) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	u := auth.UserFrom(ctx)
	page := &ProposalPage{P: proposalView(*p), C: view(c, site.Location), SignedIn: u != nil,
		CreatedOn: p.CreatedAt.In(site.Location), CanManage: CanManage(u, c), Posted: r.URL.Query().Get("posted") == "1",
		Hidden: p.Hidden, CanModerate: u.AtLeast(auth.Moderator) && c.Phase != Draft, Reasons: ReportReasons}
	if p.Response != nil {
		page.RespondedOn = p.Response.RespondedAt.In(site.Location)
	}
	if c.Phase != Draft && !p.Hidden {
		var err error
		if page.Follow, err = notify.ButtonFor(ctx, h.DB.R(), notify.Target{Kind: FollowProposal, ID: p.ID}, proposalPath(p.ID)); err != nil {
			return nil, err
		}
		if page.Thread, err = h.thread(r, p.ID); err != nil {
			return nil, err
		}
	}
	if u != nil {
		supports, err := Supports(ctx, h.DB.R(), p.ID, u.ID)
		if err != nil {
			return nil, err
		}
		blocked, err := h.blocked(ctx, u)
		if err != nil {
			return nil, err
		}
		page.Supports = supports
		page.CanSupport = CanSupport(c.Phase, Participant{User: u, Blocked: blocked}, p, supports) == nil
		page.CanUnsupport = CanWithdrawSupport(c.Phase, u, supports) == nil
		page.CanWithdraw = CanWithdraw(c.Phase, u, p) == nil
		page.CanReport = !blocked && !p.Hidden && c.Phase != Draft && p.AuthorID != u.ID
		if p.Hidden {
			page.CanSupport, page.CanUnsupport, page.CanWithdraw = false, false, false
		}
	}
	return page, nil
}

func (h *Handler) proposal(w http.ResponseWriter, r *http.Request) {
	p, c, ok := h.proposalAndConsultation(w, r)
	if !ok {
		return
	}
	page, err := h.proposalPage(r, p, c)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, "consult_proposal", page)
}

// refuse shows the proposal page again with the rule's message.
func (h *Handler) refuse(w http.ResponseWriter, r *http.Request, p *Proposal, c *Consultation, status int, err error) {
	page, perr := h.proposalPage(r, p, c)
	if perr != nil {
		h.Errors.Error(w, r, perr)
		return
	}
	page.Alert = h.printer(r).T(ruleKey(err))
	h.render(w, r, status, "consult_proposal", page)
}

func ruleStatus(err error) int {
	switch err {
	case ErrBlocked, ErrNotAuthor, ErrOwnProposal:
		return http.StatusForbidden
	case ErrTooFast:
		return http.StatusTooManyRequests
	}
	return http.StatusConflict
}

func (h *Handler) support(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, c, ok := h.proposalAndConsultation(w, r)
	if !ok {
		return
	}
	if p.Hidden {
		h.Errors.NotFound(w, r)
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	u := auth.UserFrom(ctx)
	now := h.now()
	if !h.limits.supportUser.Allow(strconv.FormatInt(u.ID, 10), now) || !h.limits.supportIP.Allow(ratelimit.ClientIP(r), now) {
		h.refuse(w, r, p, c, http.StatusTooManyRequests, ErrTooFast)
		return
	}
	err = h.applySupport(ctx, u, p, c, f.Get("action") == "withdraw")
	var re *RuleError
	switch {
	case errors.As(err, &re):
		h.refuse(w, r, p, c, ruleStatus(re), re)
	case err != nil:
		h.Errors.Error(w, r, err)
	default:
		http.Redirect(w, r, "/proposals/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
	}
}

// applySupport gives u's support to p (or takes it back when withdraw), under
// the rules: a *RuleError when one refuses it (ErrOwnProposal for one's own
// proposal).
func (h *Handler) applySupport(ctx context.Context, u *auth.User, p *Proposal, c *Consultation, withdraw bool) error {
	return h.DB.InTx(ctx, func(tx *db.Tx) error {
		supports, err := Supports(ctx, tx, p.ID, u.ID)
		if err != nil {
			return err
		}
		if withdraw {
			if err := CanWithdrawSupport(c.Phase, u, supports); err != nil {
				return err
			}
			return RemoveSupport(ctx, tx, p.ID, u.ID)
		}
		blocked, err := h.blocked(ctx, u)
		if err != nil {
			return err
		}
		if err := CanSupport(c.Phase, Participant{User: u, Blocked: blocked}, p, supports); err != nil {
			return err
		}
		return AddSupport(ctx, tx, p.ID, u.ID)
	})
}

// withdraw is the author taking their proposal back: its response becomes
// "withdrawn by its author".
func (h *Handler) withdraw(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, c, ok := h.proposalAndConsultation(w, r)
	if !ok {
		return
	}
	if p.Hidden {
		h.Errors.NotFound(w, r)
		return
	}
	if _, err := web.ParseForm(w, r); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	u := auth.UserFrom(ctx)
	if err := CanWithdraw(c.Phase, u, p); err != nil {
		h.refuse(w, r, p, c, ruleStatus(err), err)
		return
	}
	err := h.DB.InTx(ctx, func(tx *db.Tx) error {
		return SetResponse(ctx, tx, p.ID, &Response{Outcome: WithdrawnByUser, ResponderID: &u.ID})
	})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, "/proposals/"+strconv.FormatInt(p.ID, 10), http.StatusSeeOther)
}
