package plan

import (
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
)

func TestCanManageCommitment(t *testing.T) {
	own := &Commitment{Lead: &OrgRef{ID: 7}}
	other := &Commitment{Lead: &OrgRef{ID: 8}}
	orphan := &Commitment{}
	editor := &auth.User{Role: auth.Editor, OrgIDs: []int64{7}}
	for _, tt := range []struct {
		name string
		u    *auth.User
		c    *Commitment
		want bool
	}{
		{"anonymous", nil, own, false},
		{"admin", &auth.User{Role: auth.Admin}, other, true},
		{"admin without lead", &auth.User{Role: auth.Admin}, orphan, true},
		{"editor own", editor, own, true},
		{"editor other", editor, other, false},
		{"editor without lead", editor, orphan, false},
		{"moderator member", &auth.User{Role: auth.Moderator, OrgIDs: []int64{7}}, own, false},
		{"member", &auth.User{Role: auth.Member, OrgIDs: []int64{7}}, own, false},
		{"citizen", &auth.User{Role: auth.Citizen}, own, false},
	} {
		if got := CanManageCommitment(tt.u, tt.c); got != tt.want {
			t.Errorf("%s: CanManageCommitment = %v, want %v", tt.name, got, tt.want)
		}
	}
	if CanAdministerPlans(&auth.User{Role: auth.Moderator}) || CanAdministerPlans(nil) || !CanAdministerPlans(editor) {
		t.Error("CanAdministerPlans: only editors and administrators")
	}
}

func TestCanAssess(t *testing.T) {
	own := &Commitment{Lead: &OrgRef{ID: 7}}
	editor := &auth.User{Role: auth.Editor, OrgIDs: []int64{7}}
	admin := &auth.User{Role: auth.Admin}
	switch {
	case !CanAssess(editor, own, SelfAssessment):
		t.Error("an editor self-assesses their commitment")
	case CanAssess(editor, own, InceptionReview), CanAssess(editor, own, EndOfCommitment):
		t.Error("an editor records no independent assessment")
	case CanAssess(editor, nil, SelfAssessment):
		t.Error("an editor records no plan-wide assessment")
	case CanAssess(editor, &Commitment{Lead: &OrgRef{ID: 8}}, SelfAssessment):
		t.Error("an editor assesses only their commitments")
	case !CanAssess(admin, nil, InceptionReview), !CanAssess(admin, own, EndOfCommitment):
		t.Error("an administrator records every assessment")
	}
}

func TestNeedsUpdate(t *testing.T) {
	today := time.Date(2023, 6, 15, 10, 0, 0, 0, time.UTC)
	d := func(y int, m time.Month, day int) db.Date { return db.NewDate(y, m, day) }
	for _, tt := range []struct {
		name        string
		status      Status
		start, last db.Date
		want        bool
	}{
		{"recent update", InProgress, d(2022, 1, 1), d(2023, 5, 1), false},
		{"exactly four months", InProgress, d(2022, 1, 1), d(2023, 2, 15), false},
		{"four months and a day", InProgress, d(2022, 1, 1), d(2023, 2, 14), true},
		{"never updated, started long ago", NotStarted, d(2022, 1, 1), db.Date{}, true},
		{"never updated, started lately", NotStarted, d(2023, 5, 1), db.Date{}, false},
		{"starts later", NotStarted, d(2024, 1, 1), db.Date{}, false},
		{"no dates, no update", NotStarted, db.Date{}, db.Date{}, true},
		{"completed", Completed, d(2020, 1, 1), d(2020, 2, 1), false},
		{"withdrawn", Withdrawn, d(2020, 1, 1), db.Date{}, false},
		{"delayed and silent", Delayed, d(2020, 1, 1), d(2022, 1, 1), true},
	} {
		if got := NeedsUpdate(tt.status, tt.start, tt.last, today); got != tt.want {
			t.Errorf("%s: NeedsUpdate = %v, want %v", tt.name, got, tt.want)
		}
	}
	if NeedsUpdate(InProgress, db.Date{}, db.Date{}, time.Time{}) {
		t.Error("a zero today needs nothing")
	}
}
