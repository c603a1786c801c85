package consult

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
)

var (
	t0     = time.Date(2024, 3, 1, 9, 0, 0, 0, time.UTC)
	t1     = time.Date(2024, 3, 31, 18, 0, 0, 0, time.UTC)
	ts     = func(t time.Time) db.Timestamp { return db.Timestamp{Time: t} }
	id     = func(n int64) *int64 { return &n }
	during = t0.Add(24 * time.Hour)
)

func TestPhaseAt(t *testing.T) {
	c := &Consultation{OpensAt: ts(t0), ClosesAt: ts(t1)}
	if got := PhaseAt(c, during); got != Draft {
		t.Errorf("unpublished: %s", got)
	}
	c.PublishedAt = ts(t0.Add(-time.Hour))
	for _, tt := range []struct {
		now  time.Time
		want Phase
	}{
		{t0.Add(-time.Second), Upcoming},
		{t0, Open},
		{t1.Add(-time.Second), Open},
		{t1, Review},
		{t1.AddDate(1, 0, 0), Review},
	} {
		if got := PhaseAt(c, tt.now); got != tt.want {
			t.Errorf("PhaseAt(%s) = %s, want %s", tt.now, got, tt.want)
		}
	}
	c.ClosedAt = ts(during)
	if got := PhaseAt(c, during); got != Closed {
		t.Errorf("closed early: %s", got)
	}
}

func TestCanParticipate(t *testing.T) {
	citizen := &auth.User{ID: 1, Role: auth.Citizen}
	for _, tt := range []struct {
		name string
		p    Participant
		ph   Phase
		want error
	}{
		{"visitor", Participant{}, Open, ErrSignIn},
		{"blocked", Participant{User: citizen, Blocked: true}, Open, ErrBlocked},
		{"upcoming", Participant{User: citizen}, Upcoming, ErrNotOpen},
		{"review", Participant{User: citizen}, Review, ErrNotOpen},
		{"closed", Participant{User: citizen}, Closed, ErrNotOpen},
		{"draft", Participant{User: citizen}, Draft, ErrNotOpen},
		{"ok", Participant{User: citizen}, Open, nil},
	} {
		if got := CanParticipate(tt.p, tt.ph); !errors.Is(got, tt.want) {
			t.Errorf("%s: %v, want %v", tt.name, got, tt.want)
		}
	}
}

func TestCanSpeakFor(t *testing.T) {
	if err := CanSpeakFor(Membership{Active: true, Verified: true}); err != nil {
		t.Error(err)
	}
	if err := CanSpeakFor(Membership{Active: false, Verified: true}); err != ErrNotMember {
		t.Errorf("pending member: %v", err)
	}
	if err := CanSpeakFor(Membership{Active: true, Verified: false}); err != ErrNotVerified {
		t.Errorf("unverified organisation: %v", err)
	}
}

func TestCheckProposal(t *testing.T) {
	c := &Consultation{Kinds: []Kind{NewCommitment, General}}
	ok := DraftProposal{Kind: General, Title: "نشر محاضر الدورات", Body: "نقترح نشر محاضر دورات المجلس داخل أجل شهر."}
	if errs := CheckProposal(c, ok, nil); len(errs) != 0 {
		t.Fatalf("valid draft: %v", errs)
	}
	bad := func(d DraftProposal, last *Proposal, field string, want error) {
		t.Helper()
		if got := CheckProposal(c, d, last)[field]; got != want {
			t.Errorf("%s: %v, want %v", field, got, want)
		}
	}
	d := ok
	d.Kind = Amendment // not taken by this consultation
	bad(d, nil, "kind", ErrKind)
	d.Kind = "petition"
	bad(d, nil, "kind", ErrKind)
	d = ok
	d.Title = "قصير"
	bad(d, nil, "title", ErrTitleLength)
	d.Title = strings.Repeat("ع", MaxTitle+1)
	bad(d, nil, "title", ErrTitleLength)
	d = ok
	d.Body = "قصير جدا"
	bad(d, nil, "body", ErrBodyLength)
	d.Body = strings.Repeat("ب", MaxBody+1)
	bad(d, nil, "body", ErrBodyLength)
	d.Body = ok.Body + " https://a.example http://b.example www.c.example https://www.d.example"
	bad(d, nil, "body", ErrTooManyLinks)
	d.Body = ok.Body + " https://a.example https://www.b.example www.c.example"
	if errs := CheckProposal(c, d, nil); len(errs) != 0 {
		t.Errorf("three links are allowed: %v", errs)
	}
	// The same text twice in a row, but for case and spacing.
	last := &Proposal{Title: ok.Title, Body: "  " + strings.ReplaceAll(ok.Body, " ", "\n ") + " "}
	bad(ok, last, "body", ErrDuplicate)
	last.Body = "شيء آخر تماما لا علاقة له بالمقترح."
	if errs := CheckProposal(c, ok, last); len(errs) != 0 {
		t.Errorf("a different previous proposal: %v", errs)
	}
}

func TestSupports(t *testing.T) {
	author := &auth.User{ID: 1, Role: auth.Citizen}
	other := &auth.User{ID: 2, Role: auth.Citizen}
	pr := &Proposal{AuthorID: 1}
	if err := CanSupport(Open, Participant{User: other}, pr, false); err != nil {
		t.Errorf("support: %v", err)
	}
	if err := CanSupport(Open, Participant{User: other}, pr, true); err != ErrAlreadySupports {
		t.Errorf("support twice: %v", err)
	}
	if err := CanSupport(Open, Participant{User: author}, pr, false); err != ErrOwnProposal {
		t.Errorf("own proposal: %v", err)
	}
	if err := CanSupport(Review, Participant{User: other}, pr, false); err != ErrNotOpen {
		t.Errorf("after closing: %v", err)
	}
	if err := CanSupport(Open, Participant{}, pr, false); err != ErrSignIn {
		t.Errorf("visitor: %v", err)
	}
	answered := &Proposal{AuthorID: 1, Response: &Response{Outcome: WithdrawnByUser}}
	if err := CanSupport(Open, Participant{User: other}, answered, false); err != ErrAnswered {
		t.Errorf("withdrawn proposal: %v", err)
	}
	if err := CanWithdrawSupport(Open, other, true); err != nil {
		t.Errorf("withdraw support: %v", err)
	}
	if err := CanWithdrawSupport(Open, other, false); err != ErrNoSupport {
		t.Errorf("withdraw a support never given: %v", err)
	}
	for _, ph := range []Phase{Review, Closed} {
		if err := CanWithdrawSupport(ph, other, true); err != ErrNotOpen {
			t.Errorf("withdraw support in %s: %v", ph, err)
		}
	}
}

func TestCanWithdraw(t *testing.T) {
	author := &auth.User{ID: 1}
	pr := &Proposal{AuthorID: 1}
	if err := CanWithdraw(Open, author, pr); err != nil {
		t.Error(err)
	}
	if err := CanWithdraw(Review, author, pr); err != nil {
		t.Errorf("in review, before a response: %v", err)
	}
	if err := CanWithdraw(Open, &auth.User{ID: 2, Role: auth.Admin}, pr); err != ErrNotAuthor {
		t.Errorf("someone else: %v", err)
	}
	if err := CanWithdraw(Closed, author, pr); err != ErrAlreadyClosed {
		t.Errorf("closed: %v", err)
	}
	pr.Response = &Response{Outcome: Accepted}
	if err := CanWithdraw(Open, author, pr); err != ErrAnswered {
		t.Errorf("answered: %v", err)
	}
}

func TestCheckResponse(t *testing.T) {
	reason := i18n.Text{i18n.FR: "Repris dans l’engagement TTA-03."}
	if errs := CheckResponse(Review, Accepted, reason, nil, false); len(errs) != 0 {
		t.Errorf("accepted: %v", errs)
	}
	if errs := CheckResponse(Review, Merged, reason, id(4), true); len(errs) != 0 {
		t.Errorf("merged: %v", errs)
	}
	if got := CheckResponse(Review, Merged, reason, nil, false)["commitment"]; got != ErrMergeTarget {
		t.Errorf("merged without a commitment: %v", got)
	}
	if got := CheckResponse(Review, Merged, reason, id(99), false)["commitment"]; got != ErrMergeTarget {
		t.Errorf("merged into an unknown commitment: %v", got)
	}
	if got := CheckResponse(Open, NotAccepted, i18n.Text{i18n.AR: "  "}, nil, false)["reason"]; got != ErrReason {
		t.Errorf("no reason: %v", got)
	}
	if got := CheckResponse(Open, WithdrawnByUser, reason, nil, false)["outcome"]; got != ErrOutcome {
		t.Errorf("officials do not withdraw: %v", got)
	}
	if got := CheckResponse(Closed, Accepted, reason, nil, false)["outcome"]; got != ErrAlreadyClosed {
		t.Errorf("closed: %v", got)
	}
	// An acceptance may name the commitment that takes the proposal in, if it is the site's.
	if errs := CheckResponse(Review, Accepted, reason, id(4), true); len(errs) != 0 {
		t.Errorf("accepted into a commitment: %v", errs)
	}
	if got := CheckResponse(Review, PartlyAccepted, reason, id(99), false)["commitment"]; got != ErrMergeTarget {
		t.Errorf("accepted into an unknown commitment: %v", got)
	}
}

func TestAdopted(t *testing.T) {
	c := id(7)
	cases := []struct {
		r    *Response
		want bool
	}{
		{nil, false},
		{&Response{Outcome: Merged, CommitmentID: c}, true},
		{&Response{Outcome: Accepted, CommitmentID: c}, true},
		{&Response{Outcome: PartlyAccepted, CommitmentID: c}, true},
		// An acceptance that names no commitment is accepted, not adopted.
		{&Response{Outcome: Accepted}, false},
		{&Response{Outcome: PartlyAccepted}, false},
		// A commitment beside a refusal or a withdrawal takes nothing in.
		{&Response{Outcome: NotAccepted, CommitmentID: c}, false},
		{&Response{Outcome: WithdrawnByUser, CommitmentID: c}, false},
	}
	for _, k := range cases {
		if got := Adopted(k.r); got != k.want {
			t.Errorf("Adopted(%+v) = %v", k.r, got)
		}
	}
}

func TestCanClose(t *testing.T) {
	if err := CanClose(Review, 0); err != nil {
		t.Error(err)
	}
	if err := CanClose(Open, 0); err != nil {
		t.Errorf("early close with every proposal answered: %v", err)
	}
	if err := CanClose(Review, 1); err != ErrUnanswered {
		t.Errorf("one unanswered: %v", err)
	}
	if err := CanClose(Draft, 0); err != ErrNotPublished {
		t.Errorf("draft: %v", err)
	}
	if err := CanClose(Closed, 0); err != ErrAlreadyClosed {
		t.Errorf("closed: %v", err)
	}
}

func TestCheckDates(t *testing.T) {
	if CheckDates(t0, t1) != nil || CheckDates(t1, t0) != ErrDates || CheckDates(t0, t0) != ErrDates ||
		CheckDates(time.Time{}, t1) != ErrDates {
		t.Error("CheckDates")
	}
}

func TestCanManage(t *testing.T) {
	onCommitment := &Consultation{CommitmentID: id(3), SubjectLeadID: id(7)}
	onPlan := &Consultation{PlanID: id(1)}
	for _, tt := range []struct {
		u    *auth.User
		c    *Consultation
		want bool
	}{
		{nil, onPlan, false},
		{&auth.User{Role: auth.Admin}, onPlan, true},
		{&auth.User{Role: auth.Editor, OrgIDs: []int64{7}}, onCommitment, true},
		{&auth.User{Role: auth.Editor, OrgIDs: []int64{8}}, onCommitment, false},
		{&auth.User{Role: auth.Editor, OrgIDs: []int64{7}}, onPlan, false},
		{&auth.User{Role: auth.Moderator, OrgIDs: []int64{7}}, onCommitment, false},
		{&auth.User{Role: auth.Citizen}, onPlan, false},
	} {
		if got := CanManage(tt.u, tt.c); got != tt.want {
			t.Errorf("CanManage(%+v, %+v) = %v", tt.u, tt.c, got)
		}
	}
}

func TestCount(t *testing.T) {
	resp := func(o Outcome) *Response { return &Response{Outcome: o} }
	ps := []Proposal{
		{Supports: 3, Response: resp(Accepted)},
		{Supports: 1, OrganisationID: id(2), Response: resp(PartlyAccepted)},
		{Response: resp(Merged)},
		{OrganisationID: id(2), Response: resp(NotAccepted), Supports: 5},
		{Response: resp(WithdrawnByUser)},
		{Supports: 2},
	}
	f := Count(ps)
	want := Figures{Proposals: 6, FromCitizens: 4, FromOrganisations: 2, Supports: 11, Responded: 4, Accepted: 1,
		PartlyAccepted: 1, Merged: 1, Adopted: 0, NotAccepted: 1, Withdrawn: 1, Unanswered: 1, AcceptedShare: 50}
	if f != want {
		t.Errorf("Count = %+v\nwant    %+v", f, want)
	}
	// 2 of 3 is 66.7%, rounded to 67.
	if got := Count(ps[:3]).AcceptedShare; got != 67 {
		t.Errorf("share of 2/3 = %d", got)
	}
	if got := Count(nil); got != (Figures{}) {
		t.Errorf("no proposals: %+v", got)
	}
	// A merged proposal and an accepted one naming its commitment are
	// adopted; an accepted one naming none is not.
	c := id(3)
	adopted := Count([]Proposal{
		{Response: &Response{Outcome: Merged, CommitmentID: c}},
		{Response: &Response{Outcome: Accepted, CommitmentID: c}},
		{Response: &Response{Outcome: Accepted}},
		{Response: &Response{Outcome: NotAccepted}},
	})
	if adopted.Adopted != 2 || adopted.Merged != 1 || adopted.Accepted != 2 || adopted.AcceptedShare != 50 {
		t.Errorf("adopted: %+v", adopted)
	}
}

func TestBuildReportCommitments(t *testing.T) {
	c3 := &CommitmentRef{ID: 3, Ref: "C-03"}
	c5 := &CommitmentRef{ID: 5, Ref: "C-05"}
	ps := []Proposal{
		{ID: 1, Response: &Response{Outcome: Merged, CommitmentID: &c3.ID, Commitment: c3}},
		{ID: 2, Response: &Response{Outcome: Accepted, CommitmentID: &c5.ID, Commitment: c5}},
		{ID: 3, Response: &Response{Outcome: PartlyAccepted, CommitmentID: &c3.ID, Commitment: c3}},
		{ID: 4, Response: &Response{Outcome: Accepted}},
	}
	rep := BuildReport(&Consultation{}, ps)
	if len(rep.Commitments) != 2 || rep.Commitments[0].Ref != "C-03" || rep.Commitments[1].Ref != "C-05" || rep.Figures.Adopted != 3 {
		t.Errorf("commitments %+v, figures %+v", rep.Commitments, rep.Figures)
	}
}
