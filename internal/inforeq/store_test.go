package inforeq_test

import (
	"context"
	"errors"
	"os"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/inforeq"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/site"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

var casablanca = time.FixedZone("Africa/Casablanca", 3600)

func date(y int, m time.Month, d int) db.Date { return db.NewDate(y, m, d) }

type fixture struct {
	d               *db.DB
	siteID          int64
	council, agency int64
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	ctx := context.Background()
	f := &fixture{d: d}
	err := d.InTx(ctx, func(tx *db.Tx) error {
		s := site.Site{Slug: "s", Name: i18n.Text{i18n.AR: "جهة"}, Timezone: "Africa/Casablanca"}
		if err := site.Upsert(ctx, tx, &s); err != nil {
			return err
		}
		f.siteID = s.ID
		for _, o := range []*struct {
			slug string
			id   *int64
		}{{"council", &f.council}, {"agency", &f.agency}} {
			org := &account.Organisation{SiteID: s.ID, Slug: o.slug, Kind: account.Government, Name: i18n.Text{i18n.AR: "هيئة " + o.slug}}
			if err := account.UpsertOrganisation(ctx, tx, org); err != nil {
				return err
			}
			*o.id = org.ID
		}
		return inforeq.SetBody(ctx, tx, s.ID, f.council, 0, "رئيس قسم التواصل")
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) submit(t *testing.T, at time.Time, urgent bool, id inforeq.Identity) *inforeq.Request {
	t.Helper()
	r := &inforeq.Request{SiteID: f.siteID, OrganisationID: f.council, Subject: "ميزانية 2025", Body: "أطلب نسخة من الميزانية",
		Form: inforeq.FormElectronic, Urgent: urgent, Locale: "ar"}
	if urgent {
		r.UrgencyReason = "سلامة السكان"
	}
	if err := f.d.InTx(context.Background(), func(tx *db.Tx) error {
		return inforeq.Submit(context.Background(), tx, r, id, at, casablanca)
	}); err != nil {
		t.Fatal(err)
	}
	return r
}

func (f *fixture) act(t *testing.T, r *inforeq.Request, d inforeq.Decision, at time.Time) error {
	t.Helper()
	return f.d.InTx(context.Background(), func(tx *db.Tx) error {
		_, err := inforeq.Act(context.Background(), tx, r, d, 0, at, casablanca)
		return err
	})
}

func (f *fixture) reload(t *testing.T, r *inforeq.Request) *inforeq.Request {
	t.Helper()
	got, err := inforeq.ByID(context.Background(), f.d.R(), f.siteID, r.ID)
	if err != nil {
		t.Fatal(err)
	}
	return got
}

var alice = inforeq.Identity{Name: "Alice Requester", IDNumber: "BE123456", Address: "12 rue des Oliviers, Rabat", Email: "alice@example.org"}

func TestSubmitAndHistory(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		bodies, err := inforeq.Bodies(ctx, d.R(), f.siteID)
		if err != nil || len(bodies) != 1 || bodies[0].OrganisationID != f.council || bodies[0].OfficerTitle == "" {
			t.Fatalf("bodies = %+v, %v", bodies, err)
		}
		// Friday 6 March 2026 at 21:30 in Casablanca, 20:30 UTC.
		r := f.submit(t, time.Date(2026, 3, 6, 20, 30, 0, 0, time.UTC), false, alice)
		if r.Number != "2026-0001" || r.State != inforeq.Received || r.ReceivedOn != date(2026, 3, 6) || r.Deadline != date(2026, 4, 3) {
			t.Fatalf("submitted: %+v", r)
		}
		if r2 := f.submit(t, time.Date(2026, 3, 7, 10, 0, 0, 0, time.UTC), false, alice); r2.Number != "2026-0002" {
			t.Errorf("second number %s", r2.Number)
		}
		got := f.reload(t, r)
		if got.Deadline != date(2026, 4, 3) || got.BodyName[i18n.AR] != "هيئة council" || got.PublicName != "" {
			t.Errorf("read back: %+v", got)
		}
		id, err := inforeq.IdentityOf(ctx, d.R(), r.ID)
		if err != nil || id != alice {
			t.Errorf("identity = %+v, %v", id, err)
		}

		// A clarification stops the clock, its answer restarts it.
		if err := f.act(t, got, inforeq.Decision{Action: inforeq.ActAsk, Reason: "أي سنة؟"}, time.Date(2026, 3, 11, 9, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		if got = f.reload(t, r); got.State != inforeq.Clarification || !got.Deadline.IsZero() {
			t.Fatalf("while waiting: %s %s", got.State, got.Deadline)
		}
		// 9, 10, 11 March used (3 days); answered on the 16th, 17 left.
		if err := f.act(t, got, inforeq.Decision{Action: inforeq.ActClarify}, time.Date(2026, 3, 16, 9, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		if got = f.reload(t, r); got.State != inforeq.Received || got.Deadline != date(2026, 4, 8) {
			t.Fatalf("after clarification: %s %s", got.State, got.Deadline)
		}
		// An extension with its reason, before the first deadline.
		if err := f.act(t, got, inforeq.Decision{Action: inforeq.ActExtend, Reason: "أرشيف كبير"}, time.Date(2026, 4, 8, 15, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		if got = f.reload(t, r); !got.Extended || got.FirstDeadline != date(2026, 4, 8) || got.Deadline != date(2026, 5, 7) {
			t.Fatalf("extended: %v %s %s", got.Extended, got.FirstDeadline, got.Deadline)
		}
		if err := f.act(t, got, inforeq.Decision{Action: inforeq.ActExtend, Reason: "again"}, time.Date(2026, 4, 9, 9, 0, 0, 0, time.UTC)); !errors.Is(err, inforeq.ErrAlreadyExtended) {
			t.Fatalf("second extension: %v", err)
		}
		// A refusal without a ground is refused, and leaves nothing behind.
		if err := f.act(t, got, inforeq.Decision{Action: inforeq.ActRefuse, Reason: "no"}, time.Date(2026, 4, 20, 9, 0, 0, 0, time.UTC)); !errors.Is(err, inforeq.ErrGroundRequired) {
			t.Fatalf("refusal without ground: %v", err)
		}
		if err := f.act(t, got, inforeq.Decision{Action: inforeq.ActPartial, Answer: "الجدول", Reason: "الباقي غير متوفر",
			Links: []string{"/documents/12", "https://example.org/b.pdf"}, Costs: "20 درهم"}, time.Date(2026, 4, 20, 9, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		if got = f.reload(t, r); got.State != inforeq.AnsweredPart || got.ClosedOn != date(2026, 4, 20) {
			t.Fatalf("answered: %s %s", got.State, got.ClosedOn)
		}
		events, err := inforeq.Events(ctx, d.R(), r.ID)
		if err != nil {
			t.Fatal(err)
		}
		var actions []string
		for _, e := range events {
			actions = append(actions, string(e.Action))
		}
		if strings.Join(actions, ",") != "receive,ask,clarify,extend,partial" {
			t.Errorf("history %v", actions)
		}
		if last := events[len(events)-1]; len(last.Links) != 2 || last.Costs != "20 درهم" || last.State != inforeq.AnsweredPart {
			t.Errorf("last event %+v", last)
		}
		if err := f.act(t, got, inforeq.Decision{Action: inforeq.ActAnswer, Answer: "x"}, time.Date(2026, 4, 21, 9, 0, 0, 0, time.UTC)); !errors.Is(err, inforeq.ErrNotAllowed) {
			t.Fatalf("answer after the outcome: %v", err)
		}
	})
}

func TestRefusalStored(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		r := f.submit(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), false, alice)
		if err := f.act(t, r, inforeq.Decision{Action: inforeq.ActRefuse, Ground: inforeq.GroundException, Exception: "private_life",
			Reason: "معطيات شخصية"}, time.Date(2026, 3, 5, 9, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		got := f.reload(t, r)
		if got.State != inforeq.Refused || got.Ground != inforeq.GroundException || got.Exception != "private_life" {
			t.Errorf("refused: %+v", got)
		}
	})
}

func TestListFiltersAndOverdue(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		if err := d.InTx(ctx, func(tx *db.Tx) error { return inforeq.SetBody(ctx, tx, f.siteID, f.agency, 0, "") }); err != nil {
			t.Fatal(err)
		}
		old := f.submit(t, time.Date(2026, 1, 5, 9, 0, 0, 0, time.UTC), false, alice) // deadline 2 Feb
		recent := f.submit(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), true, alice)
		other := &inforeq.Request{SiteID: f.siteID, OrganisationID: f.agency, Subject: "s", Body: "b", Form: inforeq.FormCopy}
		if err := d.InTx(ctx, func(tx *db.Tx) error {
			return inforeq.Submit(ctx, tx, other, alice, time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC), casablanca)
		}); err != nil {
			t.Fatal(err)
		}
		list := func(flt inforeq.Filter) []int64 {
			t.Helper()
			rs, err := inforeq.List(ctx, d.R(), f.siteID, flt)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, r := range rs {
				out = append(out, r.ID)
			}
			return out
		}
		eq := func(what string, got []int64, want ...int64) {
			t.Helper()
			if len(got) != len(want) {
				t.Errorf("%s: %v, want %v", what, got, want)
				return
			}
			for i := range got {
				if got[i] != want[i] {
					t.Errorf("%s: %v, want %v", what, got, want)
					return
				}
			}
		}
		eq("all", list(inforeq.Filter{}), other.ID, recent.ID, old.ID)
		eq("by body", list(inforeq.Filter{Body: f.agency}), other.ID)
		eq("by date", list(inforeq.Filter{From: time.Date(2026, 3, 1, 0, 0, 0, 0, time.UTC), To: time.Date(2026, 3, 2, 0, 0, 0, 0, time.UTC)}), recent.ID)
		eq("overdue on 3 March", list(inforeq.Filter{Overdue: time.Date(2026, 3, 3, 0, 0, 0, 0, time.UTC)}), old.ID)
		eq("overdue on 6 March", list(inforeq.Filter{Overdue: time.Date(2026, 3, 6, 0, 0, 0, 0, time.UTC)}), recent.ID, old.ID)
		if err := f.act(t, old, inforeq.Decision{Action: inforeq.ActNotHeld}, time.Date(2026, 3, 4, 9, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		eq("by state", list(inforeq.Filter{State: inforeq.NotHeld}), old.ID)
		eq("open", list(inforeq.Filter{Open: true}), other.ID, recent.ID)
		// Hidden requests leave the register unless asked for.
		if err := d.InTx(ctx, func(tx *db.Tx) error { return inforeq.Hide(ctx, tx, f.siteID, recent.ID, "abuse") }); err != nil {
			t.Fatal(err)
		}
		eq("without hidden", list(inforeq.Filter{}), other.ID, old.ID)
		eq("with hidden", list(inforeq.Filter{Hidden: true}), other.ID, recent.ID, old.ID)
		rs, _ := inforeq.List(ctx, d.R(), f.siteID, inforeq.Filter{})
		inforeq.MarkOverdue(rs, time.Date(2026, 4, 30, 0, 0, 0, 0, time.UTC))
		if !rs[0].Overdue || rs[1].Overdue {
			t.Errorf("overdue marks: %v %v", rs[0].Overdue, rs[1].Overdue)
		}
	})
}

// A movable holiday entered late moves the deadlines of open requests.
func TestHolidayChangeRecomputesDeadlines(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := context.Background()
		f := newFixture(t, d)
		r := f.submit(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), false, alice)
		closed := f.submit(t, time.Date(2026, 3, 2, 9, 0, 0, 0, time.UTC), false, alice)
		if err := f.act(t, closed, inforeq.Decision{Action: inforeq.ActNotHeld}, time.Date(2026, 3, 3, 9, 0, 0, 0, time.UTC)); err != nil {
			t.Fatal(err)
		}
		if got := f.reload(t, r); got.Deadline != date(2026, 3, 30) {
			t.Fatalf("before: %s", got.Deadline)
		}
		eid := []inforeq.Holiday{{Day: date(2026, 3, 20), Name: "عيد الفطر"}, {Day: date(2026, 3, 21), Name: "عيد الفطر"}}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return inforeq.SetHolidays(ctx, tx, f.siteID, eid) }); err != nil {
			t.Fatal(err)
		}
		if got := f.reload(t, r); got.Deadline != date(2026, 3, 31) {
			t.Errorf("after the Eid was entered: %s, want 2026-03-31", got.Deadline)
		}
		if got := f.reload(t, closed); got.Deadline != date(2026, 3, 30) {
			t.Errorf("a closed request moved: %s", got.Deadline)
		}
		hs, err := inforeq.Holidays(ctx, d.R(), f.siteID)
		if err != nil || len(hs) != 2 {
			t.Fatalf("holidays %v %v", hs, err)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return inforeq.DeleteHoliday(ctx, tx, f.siteID, date(2026, 3, 20)) }); err != nil {
			t.Fatal(err)
		}
		if got := f.reload(t, r); got.Deadline != date(2026, 3, 30) {
			t.Errorf("after the holiday was removed: %s", got.Deadline)
		}
	})
}
