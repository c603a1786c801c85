package account

import (
	"errors"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// MembershipStatus is where a person's request to join an organisation
// stands. There is one request per person and organisation: a rejected one
// stays rejected (an administrator may still approve it later), so nobody
// can ask again and again; removing a member deletes the row, and the
// person may then ask anew.
type MembershipStatus string

const (
	MembershipPending  MembershipStatus = "pending"
	MembershipActive   MembershipStatus = "active"
	MembershipRejected MembershipStatus = "rejected"
)

// MembershipAction is what an administrator does with a membership.
type MembershipAction string

const (
	ActionApprove MembershipAction = "approve"
	ActionReject  MembershipAction = "reject"
	ActionRemove  MembershipAction = "remove"
)

// Membership is a person's membership of an organisation, as the
// administration sees it. Email is private: only administrators see it.
type Membership struct {
	UserID         int64
	UserName       string
	Email          string
	UserDeleted    bool
	OrganisationID int64
	OrgName        i18n.Text
	Status         MembershipStatus
	CreatedAt      db.Timestamp
	DecidedAt      db.Timestamp
}

// ErrNoChange is returned when an action would leave a membership as it is
// (approving an active member, rejecting a rejected request).
var ErrNoChange = errors.New("account: nothing to change")

// ErrBadAction is an action that does not apply to a membership's status.
var ErrBadAction = errors.New("account: action does not apply")

// NextMembership returns what action does to a membership in status cur:
// its new status, or remove when the row goes. Approving works on a pending
// or rejected request, rejecting on a pending one, removing on any.
func NextMembership(cur MembershipStatus, action MembershipAction) (next MembershipStatus, remove bool, err error) {
	switch action {
	case ActionApprove:
		if cur == MembershipActive {
			return cur, false, ErrNoChange
		}
		return MembershipActive, false, nil
	case ActionReject:
		switch cur {
		case MembershipPending:
			return MembershipRejected, false, nil
		case MembershipRejected:
			return cur, false, ErrNoChange
		}
		return cur, false, ErrBadAction
	case ActionRemove:
		return "", true, nil
	}
	return cur, false, ErrBadAction
}

// RoleAfterApproval is the role of a person whose membership was approved:
// at least Member, so a citizen becomes an organisation member and nobody
// is demoted.
func RoleAfterApproval(r auth.Role) auth.Role {
	if r.Rank() < auth.Member.Rank() {
		return auth.Member
	}
	return r
}

// RoleAfterRemoval is the role of a person who left an organisation and is
// still an active member of `others` other organisations: a plain Member of none
// goes back to Citizen; higher roles were given on purpose and stay.
func RoleAfterRemoval(r auth.Role, others int) auth.Role {
	if r == auth.Member && others == 0 {
		return auth.Citizen
	}
	return r
}
