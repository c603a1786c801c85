package demo_test

import (
	"context"
	"database/sql"
	"maps"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/site"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

var tables = []string{"sites", "organisations", "plans", "plan_stages", "commitments", "commitment_partners",
	"milestones", "progress_updates", "evidence", "assessments",
	"consultations", "consultation_documents", "proposals", "proposal_supports", "proposal_responses"}

func counts(t *testing.T, d *db.DB) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range tables {
		var n int
		if err := d.R().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM `+table).Scan(&n); err != nil {
			t.Fatalf("count %s: %v", table, err)
		}
		out[table] = n
	}
	return out
}

func TestLoad(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		loaded, err := demo.Load(ctx, d)
		if err != nil || !loaded {
			t.Fatalf("first Load = %v, %v; want true, nil", loaded, err)
		}
		first := counts(t, d)
		loaded, err = demo.Load(ctx, d)
		if err != nil || loaded {
			t.Fatalf("second Load = %v, %v; want false, nil", loaded, err)
		}
		if again := counts(t, d); !maps.Equal(first, again) {
			t.Fatalf("second Load changed the counts: %v, then %v", first, again)
		}
		t.Logf("%s: %v", d.Dialect, first)
		if first["sites"] != 1 || first["plans"] != 1 || first["organisations"] < 10 {
			t.Errorf("counts %v", first)
		}

		s, err := site.BySlug(ctx, d.R(), demo.Slug)
		if err != nil {
			t.Fatal(err)
		}
		if !s.IsDemo || s.Timezone != "Africa/Casablanca" || s.Host != "" {
			t.Errorf("site %+v", s)
		}
		p, err := plan.PlanBySlug(ctx, d.R(), s.ID, "plan-2021-2023")
		if err != nil {
			t.Fatal(err)
		}
		if p.Status != plan.PlanImplementing || p.PeriodStart != 2021 || p.PeriodEnd != 2023 || len(p.Stages) < 4 {
			t.Errorf("plan %+v", p)
		}
		checkCommitments(t, d, s.ID, p.ID)

		as, err := plan.AssessmentsOf(ctx, d.R(), p.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		kinds := map[plan.AssessmentKind]int{}
		for _, a := range as {
			kinds[a.Kind]++
		}
		if kinds[plan.InceptionReview] < 1 || kinds[plan.EndOfCommitment] < 2 || kinds[plan.SelfAssessment] < 1 {
			t.Errorf("assessments by kind: %v", kinds)
		}

		checkConsultations(t, d, s.ID)
		checkNoEmail(t, d)
	})
}

func checkConsultations(t *testing.T, d *db.DB, siteID int64) {
	ctx := context.Background()
	now := time.Now()
	cs, err := consult.Consultations(ctx, d.R(), siteID, false, 0, 10, now)
	if err != nil || len(cs) != 2 {
		t.Fatalf("consultations %v %v", cs, err)
	}
	for _, c := range cs {
		for _, text := range []i18n.Text{c.Title, c.Description} {
			for _, l := range []i18n.Locale{i18n.AR, i18n.FR, i18n.EN} {
				if !text.Has(l) {
					t.Errorf("consultation %d has no %s text", c.ID, l)
				}
			}
		}
		ps, err := consult.ProposalsOf(ctx, d.R(), siteID, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		f := consult.Count(ps)
		switch c.Phase {
		case consult.Closed:
			if c.PlanID == nil || f.Proposals < 8 || f.Unanswered != 0 || f.Merged != 1 || f.NotAccepted != 1 ||
				f.Accepted < 3 || f.FromOrganisations < 2 || f.FromCitizens < 4 {
				t.Errorf("closed consultation: %+v", f)
			}
			for _, p := range ps {
				r := p.Response
				if r.Outcome != consult.WithdrawnByUser && (!r.Reason.Has(i18n.AR) || !r.Reason.Has(i18n.FR) || !r.Reason.Has(i18n.EN)) {
					t.Errorf("proposal %d: reason %v", p.ID, r.Reason)
				}
				if r.Outcome == consult.Merged && (r.Commitment == nil || r.Commitment.Ref == "") {
					t.Errorf("proposal %d merged into %v", p.ID, r.Commitment)
				}
			}
		case consult.Open:
			if c.CommitmentID == nil || f.Proposals == 0 {
				t.Errorf("open consultation: %+v", f)
			}
		default:
			t.Errorf("consultation %d is %s", c.ID, c.Phase)
		}
	}
}

var themes = []string{"gender", "inclusion", "budget", "fiscal_transparency", "access_to_information",
	"participation", "digital", "communication", "open_data"}

func checkCommitments(t *testing.T, d *db.DB, siteID, planID int64) {
	ctx := context.Background()
	cs, err := plan.Commitments(ctx, d.R(), siteID, planID)
	if err != nil {
		t.Fatal(err)
	}
	if len(cs) < 5 {
		t.Fatalf("%d commitments, want at least 5", len(cs))
	}
	seen := map[plan.Status]bool{}
	start, end := db.NewDate(2021, 1, 1), db.NewDate(2023, 12, 31)
	for i, c := range cs {
		if c.Position != i+1 {
			t.Errorf("%s: position %d, want %d", c.Ref, c.Position, i+1)
		}
		seen[c.Status] = true
		for name, text := range map[string]i18n.Text{"title": c.Title, "problem": c.Problem, "cause": c.Cause,
			"status quo": c.StatusQuo, "objective": c.Objective, "expected results": c.ExpectedResults,
			"solution": c.Solution, "contact": c.ContactName, "contact role": c.ContactRole} {
			for _, l := range []i18n.Locale{i18n.AR, i18n.FR, i18n.EN} {
				if !text.Has(l) {
					t.Errorf("%s: %s has no %s text", c.Ref, name, l)
				}
			}
		}
		if len(c.Values) < 2 || len(c.Values) > 3 {
			t.Errorf("%s: %d OGP values", c.Ref, len(c.Values))
		}
		for _, th := range c.Themes {
			if !slices.Contains(themes, th) {
				t.Errorf("%s: unknown theme %q", c.Ref, th)
			}
		}
		if c.Lead == nil || len(c.Partners) == 0 {
			t.Errorf("%s: lead %v, partners %v", c.Ref, c.Lead, c.Partners)
		}
		if c.StartDate.Before(start.Time) || c.EndDate.After(end.Time) || c.EndDate.Before(c.StartDate.Time) {
			t.Errorf("%s: runs %s to %s", c.Ref, c.StartDate, c.EndDate)
		}

		ms, err := plan.Milestones(ctx, d.R(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ms) < 3 || len(ms) > 6 {
			t.Errorf("%s: %d milestones, want 3–6", c.Ref, len(ms))
		}
		ups, err := plan.UpdatesOfCommitment(ctx, d.R(), c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(ups) < 2 {
			t.Errorf("%s: %d updates, want at least 2", c.Ref, len(ups))
		}
		for _, u := range ups {
			if len(u.Evidence) == 0 && u.MilestoneID != nil {
				t.Errorf("%s: update of %s has no evidence", c.Ref, u.OccurredOn)
			}
			for _, e := range u.Evidence {
				if !strings.HasPrefix(e.URL, "https://example.org/") && !strings.HasPrefix(e.URL, "https://www.opengovpartnership.org/") {
					t.Errorf("%s: evidence %q is not an illustrative address", c.Ref, e.URL)
				}
			}
			if u.OccurredOn.Year() < 2021 || u.OccurredOn.Year() > 2023 {
				t.Errorf("%s: update dated %s", c.Ref, u.OccurredOn)
			}
		}
		for _, m := range ms {
			seen[m.Status] = true
			if m.Title.In(i18n.FR) == "" || !m.Title.Has(i18n.AR) || !m.Deliverable.Has(i18n.AR) || m.Responsible == nil {
				t.Errorf("%s milestone %d: %+v", c.Ref, m.Position, m)
			}
			if m.StartDate.Before(c.StartDate.Time) || m.EndDate.After(c.EndDate.Time) {
				t.Errorf("%s milestone %d runs %s to %s, outside the commitment", c.Ref, m.Position, m.StartDate, m.EndDate)
			}
			if m.Status == plan.Completed && m.Progress != 100 || m.Status == plan.NotStarted && m.Progress != 0 {
				t.Errorf("%s milestone %d: %s at %d%%", c.Ref, m.Position, m.Status, m.Progress)
			}
			// The last update of a milestone is the state it is in.
			var last *plan.Update
			for i := range ups {
				if ups[i].MilestoneID != nil && *ups[i].MilestoneID == m.ID &&
					(last == nil || !ups[i].OccurredOn.Before(last.OccurredOn.Time)) {
					last = &ups[i]
				}
			}
			if last != nil && (last.Status != m.Status || last.Progress != m.Progress) {
				t.Errorf("%s milestone %d is %s %d%% but its last update says %s %d%%",
					c.Ref, m.Position, m.Status, m.Progress, last.Status, last.Progress)
			}
		}
	}
	for _, st := range []plan.Status{plan.Completed, plan.InProgress, plan.Delayed, plan.NotStarted, plan.Withdrawn} {
		if !seen[st] {
			t.Errorf("no commitment or milestone is %s", st)
		}
	}
}

// checkNoEmail scans every text column the demo fills for an email address.
func checkNoEmail(t *testing.T, d *db.DB) {
	t.Helper()
	columns := map[string][]string{
		"sites":              {"name", "description"},
		"organisations":      {"name", "description", "website"},
		"plans":              {"title", "summary"},
		"plan_stages":        {"title"},
		"commitments":        {"title", "problem", "cause", "status_quo", "objective", "expected_results", "solution", "contact_name", "contact_role"},
		"milestones":         {"title", "deliverable"},
		"progress_updates":   {"body", "author"},
		"evidence":           {"title", "url"},
		"assessments":        {"assessor", "early_results", "summary", "evidence_url"},
		"consultations":      {"title", "description"},
		"proposals":          {"title", "body"},
		"proposal_responses": {"reason", "responder_name"},
	}
	for table, cols := range columns {
		for _, col := range cols {
			rows, err := d.R().QueryContext(context.Background(), `SELECT `+col+` FROM `+table)
			if err != nil {
				t.Fatalf("%s.%s: %v", table, col, err)
			}
			for rows.Next() {
				var v sql.NullString
				if err := rows.Scan(&v); err != nil {
					t.Fatal(err)
				}
				if strings.Contains(v.String, "@") {
					t.Errorf("%s.%s holds an email-like value: %q", table, col, v.String)
				}
			}
			if err := rows.Close(); err != nil {
				t.Fatal(err)
			}
		}
	}
}
