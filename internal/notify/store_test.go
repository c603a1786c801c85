package notify

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/platform/outbox"
)

func TestMain(m *testing.M) { os.Exit(dbtest.Main(m)) }

// fixture is a site with people, over one database.
type fixture struct {
	t    *testing.T
	d    *db.DB
	site int64
}

func newFixture(t *testing.T, d *db.DB) *fixture {
	t.Helper()
	f := &fixture{t: t, d: d}
	f.site = f.newSite("region")
	return f
}

func (f *fixture) tx(fn func(tx *db.Tx) error) {
	f.t.Helper()
	if err := f.d.InTx(context.Background(), fn); err != nil {
		f.t.Fatal(err)
	}
}

func (f *fixture) newSite(slug string) int64 {
	f.t.Helper()
	var id int64
	f.tx(func(tx *db.Tx) error {
		return tx.QueryRowContext(context.Background(), `INSERT INTO sites (slug, name, timezone, created_at) VALUES (?, ?, 'Africa/Casablanca', ?) RETURNING id`,
			slug, i18n.Text{i18n.AR: "جهة " + slug, i18n.FR: "Région " + slug}, db.Timestamp{Time: tx.Now()}).Scan(&id)
	})
	return id
}

type person struct {
	verified, deleted bool
	locale            i18n.Locale
	site              int64
}

func (f *fixture) user(name string, p person) int64 {
	f.t.Helper()
	if p.site == 0 {
		p.site = f.site
	}
	if p.locale == "" {
		p.locale = i18n.AR
	}
	var id int64
	f.tx(func(tx *db.Tx) error {
		now := db.Timestamp{Time: tx.Now()}
		var verified, deleted db.Timestamp
		if p.verified {
			verified = now
		}
		if p.deleted {
			deleted = now
		}
		return tx.QueryRowContext(context.Background(), `INSERT INTO users (site_id, email, email_verified_at, name, password_hash, locale, deleted_at, created_at, updated_at)
			VALUES (?, ?, ?, ?, 'x', ?, ?, ?, ?) RETURNING id`, p.site, name+"@example.ma", verified, name, p.locale, deleted, now, now).Scan(&id)
	})
	return id
}

func (f *fixture) follow(userID int64, t Target) {
	f.t.Helper()
	f.tx(func(tx *db.Tx) error { return Follow(context.Background(), tx, f.site, userID, t) })
}

func (f *fixture) setFrequency(userID int64, fr Frequency) {
	f.t.Helper()
	f.tx(func(tx *db.Tx) error { return SetFrequency(context.Background(), tx, userID, fr) })
}

func (f *fixture) publish(e Event) {
	f.t.Helper()
	if e.SiteID == 0 {
		e.SiteID = f.site
	}
	f.tx(func(tx *db.Tx) error { return Publish(context.Background(), tx, e) })
}

// pending returns user id → frequency of the unsent notifications.
func (f *fixture) pending() map[int64][]Frequency {
	f.t.Helper()
	rows, err := f.d.R().QueryContext(context.Background(), `SELECT user_id, frequency FROM notifications WHERE sent_at IS NULL ORDER BY id`)
	if err != nil {
		f.t.Fatal(err)
	}
	defer rows.Close()
	out := map[int64][]Frequency{}
	for rows.Next() {
		var u int64
		var fr Frequency
		if err := rows.Scan(&u, &fr); err != nil {
			f.t.Fatal(err)
		}
		out[u] = append(out[u], fr)
	}
	return out
}

var commitment = Target{Kind: "commitment", ID: 12}

func event(title string) Event {
	return Event{Kind: KindProgress, Target: commitment, Title: i18n.Text{i18n.AR: "ميزانية " + title, i18n.FR: "Budget " + title},
		URL: "/commitments/12#updates", ActorName: "Fatima Alaoui", Excerpt: i18n.Text{i18n.AR: "نص " + title, i18n.FR: "Texte " + title}}
}

func TestFollows(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		ctx := t.Context()
		f := newFixture(t, d)
		a := f.user("amina", person{verified: true})
		f.follow(a, commitment)
		f.follow(a, commitment) // twice is once
		f.follow(a, Target{Kind: "proposal", ID: 12})
		ids, err := Followers(ctx, d.R(), f.site, commitment)
		if err != nil || len(ids) != 1 || ids[0] != a {
			t.Fatalf("followers %v %v", ids, err)
		}
		if ok, err := IsFollowing(ctx, d.R(), f.site, a, commitment); !ok || err != nil {
			t.Errorf("IsFollowing: %v %v", ok, err)
		}
		if ok, _ := IsFollowing(ctx, d.R(), f.newSite("other"), a, commitment); ok {
			t.Error("follows leak across sites")
		}
		f.tx(func(tx *db.Tx) error { return Unfollow(ctx, tx, f.site, a, commitment) })
		if ok, _ := IsFollowing(ctx, d.R(), f.site, a, commitment); ok {
			t.Error("still following after Unfollow")
		}
		if ok, _ := IsFollowing(ctx, d.R(), f.site, a, Target{Kind: "proposal", ID: 12}); !ok {
			t.Error("Unfollow removed another kind's follow")
		}
		if fr, err := FrequencyOf(ctx, d.R(), a); fr != Instant || err != nil {
			t.Errorf("default frequency %q %v", fr, err)
		}
		f.setFrequency(a, Weekly)
		f.setFrequency(a, Daily)
		if fr, _ := FrequencyOf(ctx, d.R(), a); fr != Daily {
			t.Errorf("frequency %q", fr)
		}
	})
}

func TestPublishRecipients(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		f := newFixture(t, d)
		instant := f.user("instant", person{verified: true})
		daily := f.user("daily", person{verified: true})
		off := f.user("off", person{verified: true})
		unverified := f.user("unverified", person{})
		deleted := f.user("deleted", person{verified: true, deleted: true})
		actor := f.user("actor", person{verified: true})
		explicit := f.user("explicit", person{verified: true})
		bystander := f.user("bystander", person{verified: true})
		other := f.newSite("other")
		foreign := f.user("foreign", person{verified: true, site: other})
		for _, u := range []int64{instant, daily, off, unverified, deleted, actor} {
			f.follow(u, commitment)
		}
		f.follow(bystander, Target{Kind: "commitment", ID: 13})
		f.tx(func(tx *db.Tx) error { return Follow(context.Background(), tx, other, foreign, commitment) })
		f.setFrequency(daily, Daily)
		f.setFrequency(off, Never)
		f.setFrequency(explicit, Weekly)

		// A rolled-back change tells nobody.
		err := d.InTx(t.Context(), func(tx *db.Tx) error {
			e := event("a")
			e.SiteID = f.site
			if err := Publish(t.Context(), tx, e); err != nil {
				return err
			}
			return errors.New("roll back")
		})
		if err == nil || len(f.pending()) != 0 {
			t.Fatalf("after rollback: %v %v", err, f.pending())
		}

		e := event("a")
		e.ActorID = actor
		e.To = []int64{explicit, instant, actor, foreign}
		f.publish(e)
		got := f.pending()
		want := map[int64][]Frequency{instant: {Instant}, daily: {Daily}, explicit: {Weekly}}
		if fmt.Sprint(got) != fmt.Sprint(want) {
			t.Errorf("recipients %v, want %v", got, want)
		}
		bad := event("b")
		bad.Kind = "like"
		if err := d.InTx(t.Context(), func(tx *db.Tx) error { bad.SiteID = f.site; return Publish(t.Context(), tx, bad) }); !errors.Is(err, ErrInvalidEvent) {
			t.Errorf("invalid event: %v", err)
		}
	})
}

// recorder is a mail.Sender that keeps what it is given.
type recorder struct {
	mu   sync.Mutex
	sent []mail.Message
}

func (r *recorder) Send(_ context.Context, m mail.Message) error {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.sent = append(r.sent, m)
	return nil
}

func (r *recorder) to(addr string) []mail.Message {
	r.mu.Lock()
	defer r.mu.Unlock()
	var out []mail.Message
	for _, m := range r.sent {
		if m.To[0] == addr {
			out = append(out, m)
		}
	}
	return out
}

type clock struct {
	mu sync.Mutex
	t  time.Time
}

func (c *clock) Now() time.Time { c.mu.Lock(); defer c.mu.Unlock(); return c.t }
func (c *clock) Set(t time.Time) {
	c.mu.Lock()
	c.t = t
	c.mu.Unlock()
}

func newOutbox(t *testing.T, d *db.DB, c *clock) (*outbox.Outbox, *recorder) {
	t.Helper()
	rec := &recorder{}
	o := &outbox.Outbox{DB: d, Sender: rec, Now: c.Now}
	svc := &Service{DB: d, Outbox: o, Catalog: i18n.MustLoad(), Origin: func(int64) string { return "http://region.test" }}
	o.Jobs = svc.Jobs()
	return o, rec
}

func drain(t *testing.T, o *outbox.Outbox) int {
	t.Helper()
	n, err := o.Drain(t.Context())
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestInstantEmailAndUnsubscribe(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		f := newFixture(t, d)
		c := &clock{t: time.Now().UTC()}
		o, rec := newOutbox(t, d, c)
		fr := f.user("claire", person{verified: true, locale: i18n.FR})
		ar := f.user("amina", person{verified: true})
		f.follow(fr, commitment)
		f.follow(ar, commitment)
		f.publish(event("2026"))
		if n := drain(t, o); n != 2 {
			t.Fatalf("sent %d, want 2", n)
		}
		if n := drain(t, o); n != 0 {
			t.Fatalf("a second drain sent %d", n)
		}
		ms := rec.to("claire@example.ma")
		if len(ms) != 1 {
			t.Fatalf("claire got %d emails", len(ms))
		}
		m := ms[0]
		for _, want := range []string{"Bonjour claire,", "Fatima Alaoui a publié une mise à jour de l’avancement de « Budget 2026 »",
			"« Texte 2026 »", "http://region.test/commitments/12#updates", "http://region.test/unsubscribe/u_", "http://region.test/account"} {
			if !strings.Contains(m.Text, want) {
				t.Errorf("French email lacks %q:\n%s", want, m.Text)
			}
		}
		if !strings.Contains(m.Subject, "Budget 2026") || !strings.Contains(m.Subject, "Région region") {
			t.Errorf("subject %q", m.Subject)
		}
		if a := rec.to("amina@example.ma"); len(a) != 1 || !strings.Contains(a[0].Text, "مرحبا amina") || !strings.Contains(a[0].Subject, "ميزانية 2026") {
			t.Errorf("Arabic email: %+v", a)
		}
		lu := m.Headers["List-Unsubscribe"]
		if m.Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" || !strings.HasPrefix(lu, "<http://region.test/unsubscribe/u_") {
			t.Fatalf("headers %v", m.Headers)
		}
		token := strings.TrimSuffix(strings.TrimPrefix(lu, "<http://region.test/unsubscribe/"), ">")

		// The token works on its site only, and garbage is refused.
		other := f.newSite("other")
		for _, bad := range []struct {
			site  int64
			token string
		}{{other, token}, {f.site, altered(token)}, {f.site, "nonsense"}} {
			err := d.InTx(t.Context(), func(tx *db.Tx) error { return Unsubscribe(t.Context(), tx, bad.site, bad.token) })
			if !errors.Is(err, ErrBadToken) {
				t.Errorf("Unsubscribe(%d, %q) = %v", bad.site, bad.token, err)
			}
		}
		f.tx(func(tx *db.Tx) error { return Unsubscribe(t.Context(), tx, f.site, token) })
		f.tx(func(tx *db.Tx) error { return Unsubscribe(t.Context(), tx, f.site, token) }) // again: still fine
		if got, _ := FrequencyOf(t.Context(), d.R(), fr); got != Never {
			t.Errorf("after unsubscribe: %q", got)
		}
		f.publish(event("2027"))
		drain(t, o)
		if len(rec.to("claire@example.ma")) != 1 || len(rec.to("amina@example.ma")) != 2 {
			t.Errorf("after unsubscribe: claire %d, amina %d emails", len(rec.to("claire@example.ma")), len(rec.to("amina@example.ma")))
		}
	})
}

// altered changes one character in the middle of token.
func altered(token string) string {
	b := []byte(token)
	i := len(b) / 2
	if b[i] == 'x' {
		b[i] = 'y'
	} else {
		b[i] = 'x'
	}
	return string(b)
}

// TestDigests publishes two events and moves the clock: daily followers
// get one email with both at the next 08:00 in Casablanca, weekly ones on
// the next Monday, and nobody gets anything before.
func TestDigests(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		f := newFixture(t, d)
		loc, err := time.LoadLocation("Africa/Casablanca")
		if err != nil {
			t.Skip(err)
		}
		start := time.Now().UTC()
		c := &clock{t: start}
		o, rec := newOutbox(t, d, c)
		daily := f.user("daily", person{verified: true, locale: i18n.EN})
		weekly := f.user("weekly", person{verified: true})
		for _, u := range []int64{daily, weekly} {
			f.follow(u, commitment)
		}
		f.setFrequency(daily, Daily)
		f.setFrequency(weekly, Weekly)
		f.publish(event("one"))
		f.publish(event("two"))
		if n := drain(t, o); n != 0 {
			t.Fatalf("sent %d before any digest time", n)
		}
		nextDaily := NextDigest(Daily, loc, start)
		c.Set(nextDaily.Add(-time.Minute))
		if n := drain(t, o); n != 0 {
			t.Fatalf("sent %d a minute before the daily digest", n)
		}
		c.Set(nextDaily)
		nextWeekly := NextDigest(Weekly, loc, start)
		want := 1
		if nextWeekly.Equal(nextDaily) {
			want = 2 // on a Sunday, the next daily digest time is Monday's
		}
		if n := drain(t, o); n != want {
			t.Fatalf("sent %d at the daily digest time, want %d", n, want)
		}
		ms := rec.to("daily@example.ma")
		if len(ms) != 1 {
			t.Fatalf("daily follower got %d emails", len(ms))
		}
		for _, want := range []string{"Your daily digest: 2 new items", "Fatima Alaoui posted a progress update on “ميزانية one”",
			"“ميزانية two”", "/unsubscribe/u_"} {
			if !strings.Contains(ms[0].Subject+"\n"+ms[0].Text, want) {
				t.Errorf("digest lacks %q:\n%s\n%s", want, ms[0].Subject, ms[0].Text)
			}
		}
		if ms[0].Headers["List-Unsubscribe-Post"] != "List-Unsubscribe=One-Click" {
			t.Errorf("digest headers %v", ms[0].Headers)
		}
		c.Set(nextDaily.Add(48 * time.Hour))
		drain(t, o)
		if len(rec.to("daily@example.ma")) != 1 {
			t.Error("the daily digest was sent again")
		}
		if nextWeekly.After(nextDaily.Add(48 * time.Hour)) {
			if n := len(rec.to("weekly@example.ma")); n != 0 {
				t.Fatalf("weekly follower got %d emails before Monday", n)
			}
		}
		c.Set(nextWeekly)
		drain(t, o)
		w := rec.to("weekly@example.ma")
		if len(w) != 1 || !strings.Contains(w[0].Subject, "ملخصكم الأسبوعي: مستجدان") {
			t.Fatalf("weekly digests: %+v", w)
		}
		if strings.Count(w[0].Text, "\n• ") != 2 {
			t.Errorf("weekly digest items:\n%s", w[0].Text)
		}
	})
}

// TestDigestOnce has two workers compose the same digests at once: each
// person gets one.
func TestDigestOnce(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		t.Parallel()
		f := newFixture(t, d)
		var users []int64
		for i := range 20 {
			u := f.user(fmt.Sprintf("u%d", i), person{verified: true})
			f.follow(u, commitment)
			f.setFrequency(u, Daily)
			users = append(users, u)
		}
		f.publish(event("x"))
		c := &clock{t: time.Now().UTC().Add(48 * time.Hour)}
		rec := &recorder{}
		var wg sync.WaitGroup
		for range 2 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				o := &outbox.Outbox{DB: d, Sender: rec, Now: c.Now}
				svc := &Service{DB: d, Outbox: o, Catalog: i18n.MustLoad()}
				o.Jobs = svc.Jobs()
				if _, err := o.Drain(t.Context()); err != nil {
					t.Error(err)
				}
			}()
		}
		wg.Wait()
		for i := range users {
			if n := len(rec.to(fmt.Sprintf("u%d@example.ma", i))); n != 1 {
				t.Errorf("u%d got %d digests", i, n)
			}
		}
	})
}
