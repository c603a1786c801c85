package accounttest_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/comment"
	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/event"
	"github.com/infitah/infitah/internal/notify"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
)

// activityFixture is a commitment, an open consultation on its plan and an
// event open for registration, on the env's site.
type activityFixture struct{ commitment, consultation, event int64 }

func newActivityFixture(t *testing.T, e *env) activityFixture {
	t.Helper()
	ctx := context.Background()
	var f activityFixture
	now := e.clock.Now()
	err := e.d.InTx(ctx, func(tx *db.Tx) error {
		lead := account.Organisation{SiteID: e.siteID, Slug: "council", Kind: account.Government, Name: i18n.Text{i18n.AR: "مجلس الجهة"}}
		if err := account.UpsertOrganisation(ctx, tx, &lead); err != nil {
			return err
		}
		p := plan.Plan{SiteID: e.siteID, Slug: "plan", Title: i18n.Text{i18n.AR: "خطة"}, PeriodStart: 2025, PeriodEnd: 2027, Status: plan.PlanCoCreation}
		if err := plan.UpsertPlan(ctx, tx, &p); err != nil {
			return err
		}
		c := plan.Commitment{PlanID: p.ID, Ref: "C-01", Title: i18n.Text{i18n.AR: "الميزانية المواطنة"}, Status: plan.NotStarted, Lead: &plan.OrgRef{ID: lead.ID}}
		if err := plan.UpsertCommitment(ctx, tx, e.siteID, &c); err != nil {
			return err
		}
		k := &consult.Consultation{SiteID: e.siteID, PlanID: &p.ID, Title: i18n.Text{i18n.AR: "استشارة"},
			Kinds:   []consult.Kind{consult.General},
			OpensAt: db.Timestamp{Time: now.Add(-time.Hour)}, ClosesAt: db.Timestamp{Time: now.Add(48 * time.Hour)}}
		if err := consult.CreateConsultation(ctx, tx, k); err != nil {
			return err
		}
		if err := consult.SetPublished(ctx, tx, e.siteID, k.ID, now.Add(-time.Hour)); err != nil {
			return err
		}
		ev := &event.Event{SiteID: e.siteID, Slug: "forum", Kind: event.Kind("forum"), Title: i18n.Text{i18n.AR: "منتدى"},
			StartsAt: db.Timestamp{Time: now.Add(72 * time.Hour)}, EndsAt: db.Timestamp{Time: now.Add(75 * time.Hour)},
			Timezone: "Africa/Casablanca", Place: i18n.Text{i18n.AR: "الرباط"}, Registration: true, Capacity: 1}
		if err := event.Create(ctx, tx, ev); err != nil {
			return err
		}
		f = activityFixture{commitment: c.ID, consultation: k.ID, event: ev.ID}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

// idOf returns the one id the query finds.
func idOf(t *testing.T, d *db.DB, query string, args ...any) int64 {
	t.Helper()
	var id int64
	if err := d.R().QueryRowContext(context.Background(), query, args...).Scan(&id); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return id
}

// section decodes the named section of the export's activity into v.
func section(t *testing.T, got *account.Export, name string, v any) {
	t.Helper()
	raw, ok := got.Activity[name]
	if !ok {
		names := make([]string, 0, len(got.Activity))
		for n := range got.Activity {
			names = append(names, n)
		}
		t.Fatalf("the export has no %q section, only %q", name, names)
	}
	if err := json.Unmarshal(raw, v); err != nil {
		t.Fatalf("section %q: %v\n%s", name, err, raw)
	}
}

// TestExportHoldsActivity has a person comment, reply-to, vote, report,
// follow, choose a digest, propose, support and register for an event,
// while another person of the site does the same around them (replying
// with their email in the text, proposing with it in the body), and checks
// that the person's download holds each of their acts and nothing that
// names or reaches the other person.
func TestExportHoldsActivity(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		e := newEnv(t, d)
		f := newActivityFixture(t, e)
		u, pw := accounttest.NewUser(t, d, e.siteID, auth.Citizen)
		other, opw := accounttest.NewUser(t, d, e.siteID, auth.Citizen)
		c := accounttest.Login(t, e.ts.URL, u.Email, pw)
		oc := accounttest.Login(t, e.ts.URL, other.Email, opw)
		itoa := func(n int64) string { return strconv.FormatInt(n, 10) }
		target := "commitment:" + itoa(f.commitment)
		ok := func(what string, p page) {
			t.Helper()
			wantStatus(t, what, p, 200)
		}

		// The other person takes the only place: the person waits.
		ok("their registration", e.post(oc, "/events/"+itoa(f.event)+"/register", nil))
		ok("registration", e.post(c, "/events/"+itoa(f.event)+"/register", nil))
		ok("follow", e.post(c, "/follow", url.Values{"target": {target}}))
		ok("comment", e.post(c, "/comments", url.Values{"target": {target}, "body": {"Publish the budget every quarter."}}))
		mine := idOf(t, d, `SELECT id FROM comments WHERE user_id = ?`, u.ID)
		ok("their reply", e.post(oc, "/comments", url.Values{"target": {target}, "parent": {itoa(mine)},
			"body": {"Agreed, write to me at " + other.Email}}))
		theirs := idOf(t, d, `SELECT id FROM comments WHERE user_id = ?`, other.ID)
		ok("vote", e.post(c, "/comments/"+itoa(theirs)+"/vote", url.Values{"value": {"up"}}))
		ok("report", e.post(c, "/comments/"+itoa(theirs)+"/report", url.Values{"reason": {"off_topic"}}))
		ok("digest", e.post(c, "/account/notifications", url.Values{"frequency": {"weekly"}}))
		proposals := "/consultations/" + itoa(f.consultation) + "/proposals"
		ok("proposal", e.post(c, proposals, url.Values{"kind": {"general"}, "title": {"Open budget data"},
			"body": {"Publish the budget as open data, line by line."}}))
		ok("their proposal", e.post(oc, proposals, url.Values{"kind": {"general"}, "title": {"A citizens' forum"},
			"body": {"Hold a forum each season; contact " + other.Email}}))
		myProposal := idOf(t, d, `SELECT id FROM proposals WHERE author_id = ?`, u.ID)
		theirProposal := idOf(t, d, `SELECT id FROM proposals WHERE author_id = ?`, other.ID)
		ok("support", e.post(c, "/proposals/"+itoa(theirProposal)+"/support", nil))
		err := d.InTx(ctx, func(tx *db.Tx) error {
			return consult.SetResponse(ctx, tx, myProposal, &consult.Response{Outcome: consult.Accepted,
				Reason: i18n.Text{i18n.AR: "سننشر الميزانية"}, ResponderName: "مجلس الجهة"})
		})
		if err != nil {
			t.Fatal(err)
		}

		// Comments left as a guest before signing up: the one confirmed
		// with the person's address is theirs; an unconfirmed one with it,
		// or one with another address, is not.
		err = d.InTx(ctx, func(tx *db.Tx) error {
			for _, g := range []struct{ email, body, status string }{
				{strings.ToUpper(u.Email), "A guest comment of mine.", "visible"},
				{u.Email, "Someone typed my address.", "pending"},
				{"guest@example.org", "Another guest entirely.", "visible"},
			} {
				if _, err := tx.ExecContext(ctx, `INSERT INTO comments (site_id, target_kind, target_id, guest_name, guest_email,
					body, body_html, stance, status, created_at) VALUES (?, 'commitment', ?, 'Guest', ?, ?, '', '', ?, ?)`,
					e.siteID, f.commitment, account.NormalizeEmail(g.email), g.body, g.status, db.Timestamp{Time: tx.Now()}); err != nil {
					return err
				}
			}
			// And a registration for the same event, confirmed as a guest.
			at := db.Timestamp{Time: tx.Now()}
			_, err := tx.ExecContext(ctx, `INSERT INTO event_registrations (event_id, name, email, status, cancel_hash,
				created_at, queued_at, updated_at) VALUES (?, 'Guest', ?, 'confirmed', 'x', ?, ?, ?)`,
				f.event, account.NormalizeEmail(u.Email), at, at, at)
			return err
		})
		if err != nil {
			t.Fatal(err)
		}

		res, err := c.Get(e.ts.URL + "/account/export.json")
		if err != nil {
			t.Fatal(err)
		}
		p := read(t, res)
		wantStatus(t, "export", p, 200)
		var got account.Export
		if err := json.Unmarshal([]byte(p.body), &got); err != nil {
			t.Fatal(err)
		}

		var comments comment.ExportData
		section(t, &got, "comments", &comments)
		if w := comments.Written; len(w) != 2 || w[1].Body != "A guest comment of mine." {
			t.Errorf("the confirmed guest comment with the person's address: %+v", w)
		}
		if w := comments.Written; len(w) < 1 || w[0].ID != mine || w[0].Body != "Publish the budget every quarter." ||
			w[0].TargetKind != "commitment" || w[0].TargetID != f.commitment || w[0].Status != comment.Visible ||
			w[0].TargetURL != "/commitments/"+itoa(f.commitment) || !strings.HasSuffix(w[0].URL, "#comment-"+itoa(mine)) ||
			w[0].CreatedAt.IsZero() {
			t.Errorf("comments written: %+v", w)
		}
		if v := comments.Votes; len(v) != 1 || v[0].CommentID != theirs || v[0].Value != 1 {
			t.Errorf("votes: %+v", v)
		}
		if r := comments.Reports; len(r) != 1 || r[0].CommentID != theirs || r[0].Reason != comment.OffTopic {
			t.Errorf("reports: %+v", r)
		}

		var consultations consult.ExportData
		section(t, &got, "consultations", &consultations)
		if ps := consultations.Proposals; len(ps) != 1 || ps[0].ID != myProposal || ps[0].Title != "Open budget data" ||
			!strings.Contains(ps[0].Body, "line by line") || ps[0].Status != string(consult.Accepted) ||
			ps[0].Response == nil || ps[0].Response.Reason[i18n.AR] != "سننشر الميزانية" || ps[0].URL != "/proposals/"+itoa(myProposal) {
			t.Errorf("proposals: %+v", ps)
		}
		if s := consultations.Supports; len(s) != 1 || s[0].ProposalID != theirProposal || s[0].CreatedAt.IsZero() {
			t.Errorf("supports: %+v", s)
		}

		var regs []event.ExportRegistration
		section(t, &got, "event_registrations", &regs)
		if len(regs) != 2 || regs[0].EventID != f.event || regs[0].Status != event.Waiting || regs[0].EventURL != "/events/"+itoa(f.event) ||
			regs[1].Status != event.Confirmed {
			t.Errorf("event registrations: %+v", regs)
		}

		var notes notify.ExportData
		section(t, &got, "notifications", &notes)
		if notes.Frequency != notify.Weekly || len(notes.Follows) != 1 || notes.Follows[0].TargetKind != "commitment" ||
			notes.Follows[0].TargetID != f.commitment || notes.Follows[0].URL != "/commitments/"+itoa(f.commitment) {
			t.Errorf("notification settings and follows: %+v", notes)
		}
		replied := false
		for _, n := range notes.Notifications {
			replied = replied || n.Kind == notify.KindReply
		}
		if !replied {
			t.Errorf("the reply's notification is missing: %+v", notes.Notifications)
		}

		for _, leak := range []string{other.Email, other.Name, "write to me", "Hold a forum", "argon2id",
			"Someone typed my address", "Another guest entirely", "guest@example.org"} {
			if strings.Contains(p.body, leak) {
				t.Errorf("the export holds %q:\n%s", leak, p.body)
			}
		}
	})
}
