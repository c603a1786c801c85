package account

import (
	"errors"
	"net/http"
	"strconv"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// orgMembersPage is what an organisation's members page shows: a table
// each of pending requests, active members and rejected requests.
type orgMembersPage struct {
	Org    *Organisation
	Tables []memberTable
	Notice string
}

// memberTable is one table of the members page; Title and Empty are
// message keys, Actions the actions offered on each row.
type memberTable struct {
	Status  MembershipStatus
	Title   string
	Empty   string
	Rows    []Membership
	Actions []MembershipAction
}

func (h *OrgAdmin) members(w http.ResponseWriter, r *http.Request) {
	o, ok := h.load(w, r)
	if !ok {
		return
	}
	h.showMembers(w, r, o, notices[r.URL.Query().Get("done")])
}

func (h *OrgAdmin) showMembers(w http.ResponseWriter, r *http.Request, o *Organisation, notice string) {
	ms, err := MembershipsOfOrganisation(r.Context(), h.DB.R(), o.SiteID, o.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	p := orgMembersPage{Org: o, Notice: notice, Tables: []memberTable{
		{Status: MembershipPending, Title: "org.members.pending", Empty: "org.members.none_pending", Actions: []MembershipAction{ActionApprove, ActionReject}},
		{Status: MembershipActive, Title: "org.members.active", Empty: "org.members.none_active", Actions: []MembershipAction{ActionRemove}},
		{Status: MembershipRejected, Title: "org.members.rejected", Empty: "org.members.none_rejected", Actions: []MembershipAction{ActionApprove}},
	}}
	for _, m := range ms {
		for i := range p.Tables {
			if p.Tables[i].Status == m.Status {
				p.Tables[i].Rows = append(p.Tables[i].Rows, m)
			}
		}
	}
	h.render(w, r, http.StatusOK, "org_members", p)
}

// decide applies the posted action (approve, reject, remove) to the posted
// user's membership.
func (h *OrgAdmin) decide(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	o, ok := h.load(w, r)
	if !ok {
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	userID, err := strconv.ParseInt(f.Get("user"), 10, 64)
	action := MembershipAction(f.Get("action"))
	if err != nil || userID <= 0 || (action != ActionApprove && action != ActionReject && action != ActionRemove) {
		h.Errors.BadRequest(w, r, "error.bad_form")
		return
	}
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		return DecideMembership(ctx, tx, o.SiteID, auth.UserFrom(ctx), userID, o.ID, action)
	})
	switch {
	case errors.Is(err, ErrBadAction):
		h.Errors.BadRequest(w, r, "org.members.bad_action")
		return
	case err != nil && !errors.Is(err, ErrNoChange):
		h.Errors.Error(w, r, err)
		return
	}
	seeOther(w, r, "/admin/organisations/"+strconv.FormatInt(o.ID, 10)+"/members", string(action))
}
