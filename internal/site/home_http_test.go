package site_test

import (
	"context"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/consult"
	"github.com/infitah/infitah/internal/event"
	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server/servertest"
)

// homeNow is the server's clock in the home page's tests.
var homeNow = time.Date(2026, 4, 15, 10, 0, 0, 0, time.UTC)

func tx(ar, fr string) i18n.Text { return i18n.Text{i18n.AR: ar, i18n.FR: fr} }

// homeContent is what seedHome wrote, for the tests to look for.
type homeContent struct {
	current, older           plan.Plan
	currentC, olderC         plan.Commitment
	open, closed             int64 // consultations
	upcoming, past           int64 // events
	coverHash                string
	publishedSlug, laterSlug string
}

// seedHome gives the site two plans with an update each (the older plan's
// the newest), an open and a closed consultation, an event to come and one
// held, a published post with a cover and a scheduled one.
func seedHome(t *testing.T, d *db.DB, siteID int64) homeContent {
	t.Helper()
	ctx := context.Background()
	var h homeContent
	day := func(days int) db.Timestamp { return db.Timestamp{Time: homeNow.AddDate(0, 0, days)} }
	err := d.InTx(ctx, func(tx2 *db.Tx) error {
		h.current = plan.Plan{SiteID: siteID, Slug: "plan-2025-2027", Title: tx("خطة 2025–2027", "Plan 2025–2027"),
			PeriodStart: 2025, PeriodEnd: 2027, Status: plan.PlanImplementing}
		h.older = plan.Plan{SiteID: siteID, Slug: "plan-2021-2023", Title: tx("خطة 2021–2023", "Plan 2021–2023"),
			PeriodStart: 2021, PeriodEnd: 2023, Status: plan.PlanClosed}
		for _, p := range []*plan.Plan{&h.current, &h.older} {
			if err := plan.UpsertPlan(ctx, tx2, p); err != nil {
				return err
			}
		}
		h.currentC = plan.Commitment{PlanID: h.current.ID, Ref: "NEW-1", Title: tx("ميزانية مفتوحة", "Budget ouvert"), Status: plan.InProgress}
		h.olderC = plan.Commitment{PlanID: h.older.ID, Ref: "OLD-7", Title: tx("سجل الطلبات", "Registre des demandes"), Status: plan.InProgress}
		for _, c := range []*plan.Commitment{&h.currentC, &h.olderC} {
			if err := plan.UpsertCommitment(ctx, tx2, siteID, c); err != nil {
				return err
			}
		}
		for _, u := range []plan.Update{
			{CommitmentID: h.currentC.ID, OccurredOn: db.NewDate(2026, 3, 1), Body: tx("نشر المسودة", "Projet publié"), Status: plan.InProgress, Progress: 30},
			{CommitmentID: h.olderC.ID, OccurredOn: db.NewDate(2026, 4, 1), Body: tx("تقرير ختامي", "Rapport final"), Status: plan.Completed, Progress: 100},
		} {
			if err := plan.AddUpdate(ctx, tx2, siteID, &u); err != nil {
				return err
			}
		}

		for _, c := range []struct {
			id            *int64
			title         string
			opens, closes int
			closedAt      db.Timestamp
		}{{&h.open, "Consultation ouverte", -5, 20, db.Timestamp{}}, {&h.closed, "Consultation close", -60, -30, day(-10)}} {
			k := &consult.Consultation{SiteID: siteID, PlanID: &h.current.ID, Title: tx("استشارة", c.title), Kinds: []consult.Kind{consult.General},
				OpensAt: day(c.opens), ClosesAt: day(c.closes), PublishedAt: day(c.opens - 1), ClosedAt: c.closedAt}
			if err := consult.CreateConsultation(ctx, tx2, k); err != nil {
				return err
			}
			*c.id = k.ID
		}

		for _, e := range []struct {
			id    *int64
			slug  string
			start int
		}{{&h.upcoming, "atelier-a-venir", 10}, {&h.past, "atelier-passe", -10}} {
			ev := &event.Event{SiteID: siteID, Slug: e.slug, Kind: event.Workshop, Title: tx("ورشة", "Atelier "+e.slug),
				StartsAt: day(e.start), EndsAt: db.Timestamp{Time: day(e.start).Add(3 * time.Hour)}, Timezone: "Africa/Casablanca",
				Place: tx("طنجة", "Tanger")}
			if err := event.Create(ctx, tx2, ev); err != nil {
				return err
			}
			*e.id = ev.ID
		}

		cover := files.Upload{Hash: strings.Repeat("c0", 32), Name: "cover.png", ContentType: "image/png", Size: 10}
		if err := files.Record(ctx, tx2, siteID, cover); err != nil {
			return err
		}
		h.coverHash, h.publishedSlug, h.laterSlug = cover.Hash, "forum-publie", "annonce-a-venir"
		for _, p := range []*news.Post{
			{SiteID: siteID, Slug: h.publishedSlug, Title: tx("منتدى", "Forum publié"), Summary: tx("ملخص", "Résumé du forum"),
				CoverHash: cover.Hash, CoverAlt: tx("صورة القاعة", "La salle du forum"), PublishedAt: day(-2)},
			{SiteID: siteID, Slug: h.laterSlug, Title: tx("لاحقاً", "Annonce à venir"), PublishedAt: day(3)},
		} {
			if err := news.Create(ctx, tx2, p); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		t.Fatalf("seed: %v", err)
	}
	return h
}

// TestHomeSections: the home page shows the current plan at a glance, the
// open consultation, the event to come, the published post with its cover,
// and the latest updates of both plans, each linking to its commitment with
// its reference and title (a second plan's updates were once empty links).
func TestHomeSections(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := servertest.New(t, d, homeNow)
		h := seedHome(t, d, e.SiteID)
		visitor := e.Visitor(servertest.BrowserUA)

		a := e.Get(visitor, "/?lang=fr")
		if a.Status != 200 {
			t.Fatalf("GET /: %d", a.Status)
		}
		page := a.Body
		servertest.Contains(t, "home (fr)", page,
			// The plan at a glance.
			`<a href="/plans/plan-2025-2027"><bdi>Plan 2025–2027</bdi></a>`, `class="statusbar"`, "Voir le plan d’action",
			// Open now.
			"Consultations ouvertes", fmt.Sprintf(`<a href="/consultations/%d"><bdi>Consultation ouverte</bdi></a>`, h.open),
			"Événements à venir", fmt.Sprintf(`<a href="/events/%d"><bdi>Atelier atelier-a-venir</bdi></a>`, h.upcoming),
			// News with its cover.
			"Dernières actualités", `<a href="/news/forum-publie"><bdi>Forum publié</bdi></a>`, "Résumé du forum",
			`<img class="home-cover" src="/files/`+h.coverHash+`" alt="La salle du forum" width="640" height="360" loading="lazy"`,
			// Updates of both plans, with non-empty links.
			"Dernières avancées",
			fmt.Sprintf(`<a href="/commitments/%d"><span class="ref">OLD-7</span> <bdi>Registre des demandes</bdi></a>`, h.olderC.ID),
			fmt.Sprintf(`<a href="/commitments/%d"><span class="ref">NEW-1</span> <bdi>Budget ouvert</bdi></a>`, h.currentC.ID),
			`<a href="/plans/plan-2021-2023"><bdi>Plan 2021–2023</bdi></a>`)
		servertest.Lacks(t, "home (fr)", page,
			`<span class="ref"></span>`, "<bdi></bdi>",
			"Consultation close", fmt.Sprintf(`/events/%d"`, h.past), "Annonce à venir", h.laterSlug)
		// The older plan's update is the newest: it comes first.
		if i, j := strings.Index(page, "OLD-7"), strings.Index(page, "NEW-1"); i < 0 || j < 0 || i > j {
			t.Errorf("updates out of order: OLD-7 at %d, NEW-1 at %d", i, j)
		}

		ar := e.Get(visitor, "/?lang=ar").Body
		servertest.Contains(t, "home (ar)", ar, "استشارات مفتوحة", "الأنشطة المقبلة", "آخر الأخبار", "آخر المستجدات",
			`alt="صورة القاعة"`, `<span class="ref">OLD-7</span> <bdi>سجل الطلبات</bdi>`)

		// The page is cached, and a write makes it new again.
		err := d.InTx(context.Background(), func(tx2 *db.Tx) error {
			return news.Create(context.Background(), tx2, &news.Post{SiteID: e.SiteID, Slug: "tout-frais", Title: tx("جديد", "Tout frais"),
				PublishedAt: db.Timestamp{Time: homeNow.Add(-time.Hour)}})
		})
		if err != nil {
			t.Fatal(err)
		}
		servertest.Contains(t, "home after a new post", e.Get(visitor, "/?lang=fr").Body, `<a href="/news/tout-frais">`)
	})
}

// TestHomeEmpty: a site with nothing yet says so in a line where people
// look for something to take part in, and leaves out the other sections.
func TestHomeEmpty(t *testing.T) {
	d := dbtest.SQLite(t)
	e := servertest.New(t, d, homeNow)
	a := e.Get(e.Visitor(servertest.BrowserUA), "/?lang=fr")
	if a.Status != 200 {
		t.Fatalf("GET /: %d", a.Status)
	}
	servertest.Contains(t, "empty home", a.Body, "Aucun plan d’action n’est encore publié.",
		"Aucune consultation n’est ouverte en ce moment.", "Aucun événement n’est prévu pour le moment.")
	servertest.Lacks(t, "empty home", a.Body, "Dernières actualités", "Dernières avancées", `class="home-cover"`)
}
