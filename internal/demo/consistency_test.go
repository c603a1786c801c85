package demo_test

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/event"
	"github.com/infitah/infitah/internal/forum"
	"github.com/infitah/infitah/internal/news"
	"github.com/infitah/infitah/internal/plan"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server"
	"github.com/infitah/infitah/internal/site"
)

// TestDemoIsConsistent loads the demo into SQLite and checks that its parts
// tell one story: one plan period, named the same wherever a text names a
// plan's period; the co-creation workshop inside the co-creation timeline;
// no forum meeting attended by more people of a side than it has seats; and
// no page inviting a first comment where comments are closed.
func TestDemoIsConsistent(t *testing.T) {
	ctx := context.Background()
	d := dbtest.SQLite(t)
	if _, err := demo.Load(ctx, d); err != nil {
		t.Fatal(err)
	}
	s, err := site.BySlug(ctx, d.R(), demo.Slug)
	if err != nil {
		t.Fatal(err)
	}
	p, err := plan.PlanBySlug(ctx, d.R(), s.ID, "plan-2021-2023")
	if err != nil {
		t.Fatal(err)
	}

	t.Run("one plan period", func(t *testing.T) {
		if p.PeriodStart != 2021 || p.PeriodEnd != 2023 {
			t.Fatalf("the plan runs %d–%d", p.PeriodStart, p.PeriodEnd)
		}
		// Every span of years a demo text names is the plan's period.
		span := regexp.MustCompile(`\b(20\d\d)\s*[–-]\s*(20\d\d)\b`)
		columns := map[string][]string{
			"plans":            {"title", "summary"},
			"plan_stages":      {"title"},
			"commitments":      {"title", "problem", "cause", "status_quo", "objective", "expected_results", "solution"},
			"milestones":       {"title", "deliverable"},
			"progress_updates": {"body"},
			"assessments":      {"early_results", "summary"},
			"consultations":    {"title", "description"},
			"news_posts":       {"title", "summary", "body"},
			"events":           {"title", "description", "agenda", "minutes"},
			"forums":           {"name", "rules"},
			"forum_meetings":   {"title", "agenda", "minutes", "decisions"},
		}
		for table, cols := range columns {
			for _, col := range cols {
				for _, v := range strings.Split(columnText(t, d, table, col), "\n") {
					for _, m := range span.FindAllStringSubmatch(v, -1) {
						if m[1] != "2021" || m[2] != "2023" {
							t.Errorf("%s.%s names the period %s: %q", table, col, m[0], excerpt(v, m[0]))
						}
					}
				}
			}
		}
		// Co-creation comes before the period; its timeline ends by the
		// submission of the plan, early in its first year.
		last := p.Stages[len(p.Stages)-1]
		if first := p.Stages[0]; first.StartsOn.Year() >= p.PeriodStart || last.EndsOn.Year() != p.PeriodStart {
			t.Errorf("co-creation runs %s to %s", first.StartsOn, last.EndsOn)
		}
		assessments, err := plan.AssessmentsOf(ctx, d.R(), p.ID, nil)
		if err != nil {
			t.Fatal(err)
		}
		for _, a := range assessments {
			if y := a.AssessedOn.Year(); y < p.PeriodStart || y > p.PeriodEnd {
				t.Errorf("an assessment dated %s", a.AssessedOn)
			}
		}
	})

	t.Run("co-creation workshop", func(t *testing.T) {
		// The workshop that chose the commitments is one of the thematic
		// workshops of the timeline, before the forum validated the plan.
		e, err := event.BySlug(ctx, d.R(), s.ID, "co-creation-workshop-2021")
		if err != nil {
			t.Fatal(err)
		}
		workshops := p.Stages[2]
		if workshops.Title.In(i18n.EN) != "Thematic workshops with civil society" {
			t.Fatalf("the third stage is %q", workshops.Title.In(i18n.EN))
		}
		day := db.NewDate(e.StartsAt.Year(), e.StartsAt.Month(), e.StartsAt.Day())
		if day.Before(workshops.StartsOn.Time) || day.After(workshops.EndsOn.Time) {
			t.Errorf("the co-creation workshop on %s is outside the workshops stage (%s to %s)", day, workshops.StartsOn, workshops.EndsOn)
		}
	})

	t.Run("attendance within the seats", func(t *testing.T) {
		members, err := forum.Members(ctx, d.R(), s.ID)
		if err != nil {
			t.Fatal(err)
		}
		seats := map[forum.Seat]int{}
		for _, m := range members {
			seats[m.Seat]++
		}
		meetings, err := forum.Meetings(ctx, d.R(), s.ID)
		if err != nil || len(meetings) == 0 {
			t.Fatalf("%d meetings, %v", len(meetings), err)
		}
		for _, m := range meetings {
			if m.AttendanceGovernment > seats[forum.Government] || m.AttendanceCivilSociety > seats[forum.CivilSociety] {
				t.Errorf("the meeting of %s: %d and %d present for %d and %d seats", m.StartsAt.Format(time.DateOnly),
					m.AttendanceGovernment, m.AttendanceCivilSociety, seats[forum.Government], seats[forum.CivilSociety])
			}
		}
	})

	t.Run("closed comments invite no first comment", func(t *testing.T) {
		now := time.Now()
		srv, err := server.New(ctx, d, server.Options{DataDir: t.TempDir(), Now: func() time.Time { return now }})
		if err != nil {
			t.Fatal(err)
		}
		ts := httptest.NewServer(srv.Handler())
		defer ts.Close()
		cat, err := i18n.Load()
		if err != nil {
			t.Fatal(err)
		}
		var closed []string
		events, err := event.List(ctx, d.R(), s.ID, event.Filter{Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, e := range events {
			if !event.CommentsOpen(e.EndsAt.Time, now) {
				closed = append(closed, "/events/"+strconv.FormatInt(e.ID, 10))
			}
		}
		posts, err := news.Posts(ctx, d.R(), s.ID, news.ListFilter{PublicAt: now, Limit: 100})
		if err != nil {
			t.Fatal(err)
		}
		for _, p := range posts {
			if !p.CommentsOpen {
				closed = append(closed, "/news/"+p.Slug)
			}
		}
		if len(closed) == 0 {
			t.Fatal("no demo page with comments closed")
		}
		for _, path := range closed {
			for _, l := range []i18n.Locale{i18n.AR, i18n.FR, i18n.EN} {
				page := getPage(t, ts.URL+path+"?lang="+string(l))
				pr := cat.Printer(l)
				if !strings.Contains(page, pr.T("comment.closed")) {
					t.Errorf("%s (%s) does not say comments are closed", path, l)
				}
				if strings.Contains(page, pr.T("comment.none")) {
					t.Errorf("%s (%s) invites a first comment while comments are closed", path, l)
				}
			}
		}
	})
}

func columnText(t *testing.T, d *db.DB, table, col string) string {
	t.Helper()
	rows, err := d.R().QueryContext(context.Background(), `SELECT `+col+` FROM `+table)
	if err != nil {
		t.Fatalf("%s.%s: %v", table, col, err)
	}
	defer rows.Close()
	var b strings.Builder
	for rows.Next() {
		var v i18n.Text
		if err := rows.Scan(&v); err != nil {
			t.Fatalf("%s.%s: %v", table, col, err)
		}
		for _, s := range v {
			b.WriteString(s)
			b.WriteByte('\n')
		}
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// excerpt is the text around what, for a message.
func excerpt(s, what string) string {
	i := strings.Index(s, what)
	from, to := max(0, i-60), min(len(s), i+len(what)+60)
	for from > 0 && !isRuneStart(s[from]) {
		from--
	}
	for to < len(s) && !isRuneStart(s[to]) {
		to++
	}
	return s[from:to]
}

func isRuneStart(b byte) bool { return b&0xC0 != 0x80 }

func getPage(t *testing.T, url string) string {
	t.Helper()
	res, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil || res.StatusCode != http.StatusOK {
		t.Fatalf("GET %s: %d %v", url, res.StatusCode, err)
	}
	return string(b)
}
