package event_test

import (
	"context"
	"errors"
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/account/accounttest"
	"github.com/infitah/infitah/internal/event"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/site"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

func at(h int) db.Timestamp {
	return db.Timestamp{Time: time.Date(2026, 5, 20, 0, 0, 0, 0, time.UTC).Add(time.Duration(h) * time.Hour)}
}

type fixture struct {
	d              *db.DB
	siteID         int64
	council, assoc int64
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
		}{{"council", &f.council}, {"assoc", &f.assoc}} {
			org := &account.Organisation{SiteID: s.ID, Slug: o.slug, Kind: account.Government, Name: i18n.Text{i18n.AR: o.slug}}
			if err := account.UpsertOrganisation(ctx, tx, org); err != nil {
				return err
			}
			*o.id = org.ID
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func (f *fixture) event(t *testing.T, slug string, start, end int, capacity int) *event.Event {
	t.Helper()
	e := &event.Event{SiteID: f.siteID, Slug: slug, Kind: event.Forum, Title: i18n.Text{i18n.AR: "منتدى " + slug},
		StartsAt: at(start), EndsAt: at(end), Timezone: "Africa/Casablanca", OnlineURL: "https://example.org/live",
		Registration: true, Capacity: capacity, Organisers: []event.OrgRef{{ID: f.council}}, Partners: []event.OrgRef{{ID: f.assoc}},
		Speakers: []event.Speaker{{Name: "Fatima", Role: i18n.Text{i18n.FR: "Présidente"}}, {Name: "Ali", Role: i18n.Text{}}}}
	if err := f.d.InTx(context.Background(), func(tx *db.Tx) error { return event.Create(context.Background(), tx, e) }); err != nil {
		t.Fatal(err)
	}
	return e
}

func (f *fixture) register(t *testing.T, e *event.Event, userID int64, name, email string, now time.Time) (*event.Registration, string, error) {
	t.Helper()
	var r *event.Registration
	var token string
	err := f.d.InTx(context.Background(), func(tx *db.Tx) error {
		var err error
		r, token, err = event.Register(context.Background(), tx, e, userID, name, email, "ar", now)
		return err
	})
	return r, token, err
}

func (f *fixture) counts(t *testing.T, id int64) (confirmed, waiting int) {
	t.Helper()
	e, err := event.ByID(context.Background(), f.d.R(), f.siteID, id)
	if err != nil {
		t.Fatal(err)
	}
	return e.Registered, e.Waiting
}

func TestStoreEvents(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		f := newFixture(t, d)
		held := f.event(t, "held", -48, -45, 0)
		soon := f.event(t, "soon", 24, 27, 10)
		later := f.event(t, "later", 48, 50, 0)

		got, err := event.ByID(ctx, d.R(), f.siteID, soon.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Organisers) != 1 || got.Organisers[0].ID != f.council || len(got.Partners) != 1 || got.Partners[0].ID != f.assoc ||
			len(got.Speakers) != 2 || got.Speakers[0].Name != "Fatima" || got.Speakers[0].Role[i18n.FR] != "Présidente" ||
			!got.StartsAt.Equal(at(24).Time) || got.Capacity != 10 || !got.Registration || got.Timezone != "Africa/Casablanca" {
			t.Errorf("read back %+v", got)
		}
		if _, err := event.ByID(ctx, d.R(), f.siteID+1000, soon.ID); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("another site: %v", err)
		}
		if bySlug, err := event.BySlug(ctx, d.R(), f.siteID, "later"); err != nil || bySlug.ID != later.ID {
			t.Errorf("by slug: %v", err)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error {
			return event.Create(ctx, tx, &event.Event{SiteID: f.siteID, Slug: "soon", Kind: event.Other, StartsAt: at(1), EndsAt: at(2), Timezone: "UTC"})
		})
		if !db.IsUniqueViolation(err) {
			t.Errorf("duplicate slug: %v", err)
		}

		now := at(0).Time
		up, err := event.List(ctx, d.R(), f.siteID, event.Filter{Upcoming: &now})
		if err != nil || len(up) != 2 || up[0].ID != soon.ID || up[1].ID != later.ID {
			t.Errorf("upcoming %v %v", up, err)
		}
		past, err := event.List(ctx, d.R(), f.siteID, event.Filter{Past: &now})
		if err != nil || len(past) != 1 || past[0].ID != held.ID {
			t.Errorf("past %v %v", past, err)
		}
		page, _ := event.List(ctx, d.R(), f.siteID, event.Filter{After: held.ID, Limit: 1})
		if len(page) != 1 || page[0].ID != soon.ID {
			t.Errorf("page after %d: %v", held.ID, page)
		}

		// Update keeps the parts given and refuses a stale version.
		got.Speakers = got.Speakers[:1]
		got.Partners = nil
		got.Capacity = 20
		if err := d.InTx(ctx, func(tx *db.Tx) error { return event.Update(ctx, tx, got, got.Version+5) }); !event.IsStale(err) {
			t.Errorf("stale update: %v", err)
		}
		if err := d.InTx(ctx, func(tx *db.Tx) error { return event.Update(ctx, tx, got, got.Version) }); err != nil {
			t.Fatal(err)
		}
		again, _ := event.ByID(ctx, d.R(), f.siteID, soon.ID)
		if len(again.Speakers) != 1 || len(again.Partners) != 0 || again.Capacity != 20 || len(again.Organisers) != 1 {
			t.Errorf("updated %+v", again)
		}
	})
}

func TestStoreWaitingList(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		f := newFixture(t, d)
		e := f.event(t, "forum", 24, 27, 2)
		now := at(0).Time
		a, _ := accounttest.NewUser(t, d, f.siteID, auth.Citizen)
		b, _ := accounttest.NewUser(t, d, f.siteID, auth.Citizen)
		dd, _ := accounttest.NewUser(t, d, f.siteID, auth.Citizen)

		ra, _, err := f.register(t, e, a.ID, a.Name, a.Email, now)
		if err != nil || ra.Status != event.Confirmed {
			t.Fatalf("A: %v %v", ra, err)
		}
		// A person's name and address stay in their account: no copy to
		// outlive its deletion.
		var storedName, storedEmail string
		if err := d.R().QueryRowContext(ctx, `SELECT name, email FROM event_registrations WHERE id = ?`, ra.ID).Scan(&storedName, &storedEmail); err != nil ||
			storedName != "" || storedEmail != "" || ra.Email != a.Email {
			t.Errorf("stored %q %q, %v", storedName, storedEmail, err)
		}
		rb, cancelB, err := f.register(t, e, b.ID, b.Name, b.Email, now)
		if err != nil || rb.Status != event.Confirmed {
			t.Fatalf("B: %v %v", rb, err)
		}
		// A guest waits for their address to be confirmed, and takes no place meanwhile.
		rc, confirmC, err := f.register(t, e, 0, "Guest C", "c@example.org", now)
		if err != nil || rc.Status != event.Pending {
			t.Fatalf("C: %v %v", rc, err)
		}
		if c, w := f.counts(t, e.ID); c != 2 || w != 0 {
			t.Errorf("counts %d/%d", c, w)
		}
		// The same person again: refused.
		if _, _, err := f.register(t, e, a.ID, a.Name, a.Email, now); !errors.Is(err, event.ErrDuplicate) {
			t.Errorf("A again: %v", err)
		}
		// The same unconfirmed address again: the registration is renewed
		// with a new link, and the first one stops working.
		rc2, confirmC2, err := f.register(t, e, 0, "Other name", "c@example.org", now)
		if err != nil || rc2.ID != rc.ID || rc2.Status != event.Pending || confirmC2 == confirmC {
			t.Fatalf("C's address again: %+v %v", rc2, err)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error { _, _, _, err := event.Confirm(ctx, tx, f.siteID, confirmC, now); return err })
		if !errors.Is(err, db.ErrNotFound) {
			t.Errorf("the replaced confirmation link: %v", err)
		}
		confirmC = confirmC2
		// A's address as a guest: A's own registration, unchanged but for a
		// new cancellation link (for the mail to A); no new row.
		ra2, cancelA, err := f.register(t, e, 0, "A as a guest", a.Email, now)
		if err != nil || ra2.ID != ra.ID || ra2.Status != event.Confirmed || ra2.Name != a.Name || cancelA == "" {
			t.Fatalf("A's address as a guest: %+v %v", ra2, err)
		}
		var rows int
		if err := d.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM event_registrations WHERE event_id = ?`, e.ID).Scan(&rows); err != nil || rows != 3 {
			t.Errorf("%d registrations, want 3 (%v)", rows, err)
		}
		var cancelC string
		err = d.InTx(ctx, func(tx *db.Tx) error {
			r, _, cancel, err := event.Confirm(ctx, tx, f.siteID, confirmC, now)
			if err == nil && r.Status != event.Waiting {
				err = fmt.Errorf("C confirmed as %s, want waiting", r.Status)
			}
			cancelC = cancel
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		err = d.InTx(ctx, func(tx *db.Tx) error { _, _, _, err := event.Confirm(ctx, tx, f.siteID, confirmC, now); return err })
		if !errors.Is(err, db.ErrNotFound) {
			t.Errorf("a confirmation link used twice: %v", err)
		}
		rd, _, err := f.register(t, e, dd.ID, dd.Name, dd.Email, now.Add(time.Minute))
		if err != nil || rd.Status != event.Waiting {
			t.Fatalf("D: %v %v", rd, err)
		}
		if c, w := f.counts(t, e.ID); c != 2 || w != 2 {
			t.Errorf("counts %d/%d, want 2/2", c, w)
		}

		// B cancels: C, first on the list, gets the place; D still waits.
		var promoted []event.Promoted
		err = d.InTx(ctx, func(tx *db.Tx) error {
			var err error
			_, _, promoted, err = event.Cancel(ctx, tx, f.siteID, cancelB)
			return err
		})
		if err != nil || len(promoted) != 1 || promoted[0].Email != "c@example.org" || promoted[0].Cancel == "" {
			t.Fatalf("cancel B: %v %+v", err, promoted)
		}
		if c, w := f.counts(t, e.ID); c != 2 || w != 1 {
			t.Errorf("counts %d/%d, want 2/1", c, w)
		}
		// The link of C's waiting-list email no longer works: the promotion sent a new one.
		err = d.InTx(ctx, func(tx *db.Tx) error { _, _, _, err := event.Cancel(ctx, tx, f.siteID, cancelC); return err })
		if !errors.Is(err, db.ErrNotFound) {
			t.Errorf("C's old link: %v", err)
		}
		// Cancelling from the waiting list frees no place.
		err = d.InTx(ctx, func(tx *db.Tx) error {
			_, p, err := event.CancelUser(ctx, tx, e, dd.ID)
			if len(p) != 0 {
				t.Errorf("D leaving the list promoted %v", p)
			}
			return err
		})
		if err != nil {
			t.Fatal(err)
		}
		// B, having cancelled, may register again (and waits: the event is full).
		if rb2, _, err := f.register(t, e, b.ID, b.Name, b.Email, now); err != nil || rb2.Status != event.Waiting {
			t.Errorf("B again: %v %v", rb2, err)
		}
		// Closed registration.
		if _, _, err := f.register(t, e, 0, "Late", "late@example.org", at(24).Time); !errors.Is(err, event.ErrClosed) {
			t.Errorf("late: %v", err)
		}
	})
}

// TestStoreConcurrentConfirmations: however many take a place at once,
// never more confirmed than places, and the rest wait.
func TestStoreConcurrentConfirmations(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		f := newFixture(t, d)
		e := f.event(t, "forum", 24, 27, 3)
		var tokens []string
		for i := range 12 {
			_, token, err := f.register(t, e, 0, "G", fmt.Sprintf("g%d@example.org", i), at(0).Time)
			if err != nil {
				t.Fatal(err)
			}
			tokens = append(tokens, token)
		}
		var wg sync.WaitGroup
		errs := make(chan error, len(tokens))
		for _, token := range tokens {
			wg.Add(1)
			go func() {
				defer wg.Done()
				errs <- d.InTx(context.Background(), func(tx *db.Tx) error {
					_, _, _, err := event.Confirm(context.Background(), tx, f.siteID, token, at(0).Time)
					return err
				})
			}()
		}
		wg.Wait()
		close(errs)
		for err := range errs {
			if err != nil {
				t.Fatal(err)
			}
		}
		if c, w := f.counts(t, e.ID); c != 3 || w != 9 {
			t.Errorf("confirmed %d, waiting %d; want 3 and 9", c, w)
		}
	})
}

// TestStoreGuestDoesNotBlockOwner: a registration that a stranger makes with
// someone's address, and never confirms (they cannot), neither blocks that
// person nor takes a place; the owner's own registration, signed in or
// confirmed from the mailbox, replaces it.
func TestStoreGuestDoesNotBlockOwner(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := context.Background()
		f := newFixture(t, d)
		e := f.event(t, "forum", 24, 27, 2)
		now := at(0).Time
		owner, _ := accounttest.NewUser(t, d, f.siteID, auth.Citizen)
		confirm := func(token string) (*event.Registration, error) {
			var r *event.Registration
			err := d.InTx(ctx, func(tx *db.Tx) error {
				var err error
				r, _, _, err = event.Confirm(ctx, tx, f.siteID, token, now)
				return err
			})
			return r, err
		}

		// Signed in: the stranger's pending registration becomes the owner's.
		stranger, strangerToken, err := f.register(t, e, 0, "Stranger", owner.Email, now)
		if err != nil || stranger.Status != event.Pending {
			t.Fatalf("stranger: %+v %v", stranger, err)
		}
		mine, _, err := f.register(t, e, owner.ID, owner.Name, owner.Email, now)
		if err != nil || mine.Status != event.Confirmed || mine.ID != stranger.ID {
			t.Fatalf("the owner, signed in: %+v %v", mine, err)
		}
		var name, email string
		var userID int64
		if err := d.R().QueryRowContext(ctx, `SELECT COALESCE(user_id, 0), name, email FROM event_registrations WHERE id = ?`, mine.ID).Scan(&userID, &name, &email); err != nil ||
			userID != owner.ID || name != "" || email != "" {
			t.Errorf("the registration holds user %d, %q, %q (%v)", userID, name, email, err)
		}
		if _, err := confirm(strangerToken); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("the stranger's link still works: %v", err)
		}

		// A person who had cancelled: the stranger's new attempt is dropped.
		err = d.InTx(ctx, func(tx *db.Tx) error { _, _, err := event.CancelUser(ctx, tx, e, owner.ID); return err })
		if err != nil {
			t.Fatal(err)
		}
		stranger, strangerToken, err = f.register(t, e, 0, "Stranger", owner.Email, now)
		if err != nil || stranger.Status != event.Pending || stranger.ID == mine.ID {
			t.Fatalf("stranger again: %+v %v", stranger, err)
		}
		again, _, err := f.register(t, e, owner.ID, owner.Name, owner.Email, now)
		if err != nil || again.ID != mine.ID || again.Status != event.Confirmed {
			t.Fatalf("the owner again: %+v %v", again, err)
		}
		if _, err := confirm(strangerToken); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("the stranger's second link still works: %v", err)
		}

		// As a guest: the owner's registration renews the stranger's, and
		// confirming from the mailbox takes the last place in the owner's name.
		if _, token, err := f.register(t, e, 0, "Stranger", "guest@example.org", now); err != nil {
			t.Fatal(err)
		} else {
			strangerToken = token
		}
		if c, w := f.counts(t, e.ID); c != 1 || w != 0 {
			t.Errorf("counts %d/%d: a pending registration takes no place", c, w)
		}
		_, ownerToken, err := f.register(t, e, 0, "Guest Owner", "guest@example.org", now)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := confirm(strangerToken); !errors.Is(err, db.ErrNotFound) {
			t.Errorf("the stranger's guest link still works: %v", err)
		}
		r, err := confirm(ownerToken)
		if err != nil || r.Status != event.Confirmed || r.Name != "Guest Owner" {
			t.Fatalf("the owner confirms: %+v %v", r, err)
		}
		// Full now: a stranger's attempt with the owner's address changes nothing.
		held, _, err := f.register(t, e, 0, "Stranger", "guest@example.org", now)
		if err != nil || held.ID != r.ID || held.Status != event.Confirmed || held.Name != "Guest Owner" {
			t.Errorf("a known address: %+v %v", held, err)
		}
		if c, w := f.counts(t, e.ID); c != 2 || w != 0 {
			t.Errorf("counts %d/%d, want 2/0", c, w)
		}
		late, _ := accounttest.NewUser(t, d, f.siteID, auth.Citizen)
		if r, _, err := f.register(t, e, late.ID, late.Name, late.Email, now); err != nil || r.Status != event.Waiting {
			t.Errorf("after the last place: %+v %v", r, err)
		}
	})
}
