package plan

import (
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
)

// Who may do what in the administration of plans. Roles are not simply
// ordered here: a moderator outranks an editor but moderates contributions,
// and manages no plan.

// CanAdministerPlans reports whether u may use the plan administration at
// all: administrators and editors.
func CanAdministerPlans(u *auth.User) bool {
	return u != nil && (u.Role == auth.Admin || u.Role == auth.Editor)
}

// CanManageCommitment reports whether u may add milestones, progress updates
// and self-assessments to c: an administrator always, an editor when c's
// lead agency is one of their organisations.
func CanManageCommitment(u *auth.User, c *Commitment) bool {
	if u == nil {
		return false
	}
	switch u.Role {
	case auth.Admin:
		return true
	case auth.Editor:
		return c != nil && c.Lead != nil && u.MemberOf(c.Lead.ID)
	}
	return false
}

// CanAssess reports whether u may record an assessment of kind k on c (nil
// for a plan-wide assessment): an administrator any kind, anywhere; an editor
// only the government's self-assessment of a commitment they manage.
func CanAssess(u *auth.User, c *Commitment, k AssessmentKind) bool {
	if u != nil && u.Role == auth.Admin {
		return true
	}
	return c != nil && k == SelfAssessment && CanManageCommitment(u, c)
}

// StaleAfterMonths is how long a commitment under way may go without a progress
// update before the dashboard asks for one.
const StaleAfterMonths = 4

// NeedsUpdate reports whether a commitment should get a progress update on
// the day today: it is neither completed nor withdrawn, it has started (its
// start date has come, or it has no start date), and its last update — or,
// without any, its start — is more than StaleAfterMonths old.
func NeedsUpdate(status Status, start, lastUpdate db.Date, today time.Time) bool {
	if status == Completed || status == Withdrawn || today.IsZero() {
		return false
	}
	since := lastUpdate
	if since.IsZero() {
		if start.IsZero() {
			return true
		}
		since = start
	}
	day := time.Date(today.Year(), today.Month(), today.Day(), 0, 0, 0, 0, time.UTC)
	return since.AddDate(0, StaleAfterMonths, 0).Before(day)
}
