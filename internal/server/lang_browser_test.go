package server_test

import (
	"context"
	"fmt"
	"net/http/httptest"
	"path/filepath"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"github.com/infitah/infitah/internal/browsertest"
	"github.com/infitah/infitah/internal/demo"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/server"
)

// arabicOnlyResults is the early results of the plan's self-assessment once
// the test has taken their French and English away: an Arabic sentence
// whose full stop belongs at its left end.
const arabicOnlyResults = "نشر أول محضر."

// langServer serves the demo, the self-assessment's early results in
// Arabic only.
func langServer(t *testing.T) *httptest.Server {
	t.Helper()
	ctx := context.Background()
	d := dbtest.SQLite(t)
	if _, err := demo.Load(ctx, d); err != nil {
		t.Fatalf("demo: %v", err)
	}
	res, err := d.Writer().ExecContext(ctx, `UPDATE assessments SET early_results = ? WHERE kind = 'self' AND commitment_id IS NULL`,
		`{"ar":"`+arabicOnlyResults+`"}`)
	if n, _ := res.RowsAffected(); err != nil || n != 1 {
		t.Fatalf("self-assessment: %v, %d rows", err, n)
	}
	srv, err := server.New(ctx, d, server.Options{Now: func() time.Time { return time.Date(2023, 3, 1, 12, 0, 0, 0, time.UTC) }})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(srv.Handler())
	t.Cleanup(ts.Close)
	return ts
}

// rectsJS returns, for each [selector, text] pair, the box of text's first
// occurrence inside the first element matching selector ({missing: true}
// when there is none), with the language and direction of the nearest
// elements that set them.
const rectsJS = `((pairs) => pairs.map(([sel, s]) => {
	const el = document.querySelector(sel);
	if (!el) return {missing: true};
	const w = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
	for (let n = w.nextNode(); n; n = w.nextNode()) {
		const i = n.data.indexOf(s);
		if (i < 0) continue;
		const r = document.createRange();
		r.setStart(n, i);
		r.setEnd(n, i + s.length);
		const b = r.getBoundingClientRect();
		const p = n.parentElement;
		return {left: b.left, right: b.right, top: b.top, lang: (p.closest('[lang]') || {}).lang || '',
			dir: (p.closest('[dir]') || {}).dir || ''};
	}
	return {missing: true};
}))(%s)`

type textBox struct {
	Missing          bool
	Left, Right, Top float64
	Lang, Dir        string
}

func boxes(t *testing.T, ctx context.Context, pairs ...[2]string) []textBox {
	t.Helper()
	arg := "["
	for i, p := range pairs {
		if i > 0 {
			arg += ","
		}
		arg += fmt.Sprintf("[%q,%q]", p[0], p[1])
	}
	got, err := chromedp.Run(ctx, chromedp.Evaluate[[]textBox](fmt.Sprintf(rectsJS, arg+"]")))
	if err != nil {
		t.Fatal(err)
	}
	for i, b := range got {
		if b.Missing {
			t.Fatalf("no %q in %s", pairs[i][1], pairs[i][0])
		}
	}
	return got
}

// TestLanguagesLaidOutInBrowser reads, in a real Chromium, the parts that
// the bidirectional algorithm used to scramble: on the Amazigh and Arabic
// home pages the plan's period reads 2021 then 2023 from left to right, and
// its progress reads "66 %" (or "66%"), the sign right after the number,
// and a date reads day first in the page's direction; on
// the French plan page, an Arabic sentence shown for want of a French one is
// marked Arabic, right to left, with its full stop at its left end. Then it
// saves screenshots of the main pages in every language on a desktop and a
// phone (in $INFITAH_TEST_ARTIFACTS when set), and axe-core finds no serious
// or critical violation on any of them.
func TestLanguagesLaidOutInBrowser(t *testing.T) {
	ts := langServer(t)
	ctx := browsertest.New(t)

	for _, l := range []i18n.Locale{i18n.ZGH, i18n.AR} {
		t.Run("home "+string(l), func(t *testing.T) {
			if err := chromedp.Do(ctx, browsertest.Desktop(), chromedp.Navigate(ts.URL+"/?lang="+string(l))); err != nil {
				t.Fatal(err)
			}
			const period, progress = "section.card .commitment-meta span", ".big-progress .progress-label"
			b := boxes(t, ctx, [2]string{period, "2021"}, [2]string{period, "2023"}, [2]string{progress, "66"}, [2]string{progress, "%"},
				[2]string{"#current-plan", "2021"}, [2]string{"#current-plan", "2023"})
			if !(b[0].Left < b[1].Left) {
				t.Errorf("the period reads %v before 2021 at %v: want 2021–2023 from left to right", b[1].Left, b[0].Left)
			}
			if !(b[2].Right <= b[3].Left+0.5 && b[3].Left-b[2].Right < 12 && b[2].Top == b[3].Top) {
				t.Errorf("the percentage is split or reordered: 66 at [%v, %v], %% at [%v, %v]", b[2].Left, b[2].Right, b[3].Left, b[3].Right)
			}
			if !(b[4].Left < b[5].Left) {
				t.Errorf("the plan's title shows 2023 (at %v) before 2021 (at %v)", b[5].Left, b[4].Left)
			}
			if l == i18n.ZGH && (b[2].Lang != "ar" || b[2].Dir != "rtl") {
				t.Errorf("the Arabic progress message on the zgh page is marked lang=%q dir=%q; want ar, rtl", b[2].Lang, b[2].Dir)
			}
			// The page's own direction, and a date, which reads day first:
			// from the left in Tifinagh, from the right in Arabic.
			html, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[document.documentElement.lang, document.documentElement.dir]`))
			if err != nil || len(html) != 2 || html[0] != string(l) || html[1] != l.Dir() {
				t.Errorf("<html lang dir> = %v (%v); want %s %s", html, err, l, l.Dir())
			}
			date := boxes(t, ctx, [2]string{".timeline time", "20"}, [2]string{".timeline time", "2023"})
			if dayFirst := date[0].Left < date[1].Left; dayFirst != (l.Dir() == "ltr") {
				t.Errorf("the date's day is at %v and its year at %v, in a %s page", date[0].Left, date[1].Left, l.Dir())
			}
		})
	}

	t.Run("French plan, Arabic results", func(t *testing.T) {
		if err := chromedp.Do(ctx, browsertest.Desktop(), chromedp.Navigate(ts.URL+"/plans/plan-2021-2023?lang=fr")); err != nil {
			t.Fatal(err)
		}
		// The boxes of the sentence's first word, last word and full stop.
		got, err := chromedp.Run(ctx, chromedp.Evaluate[[]textBox](`((s, parts) => {
			const w = document.createTreeWalker(document.querySelector('main'), NodeFilter.SHOW_TEXT);
			for (let n = w.nextNode(); n; n = w.nextNode()) {
				const i = n.data.indexOf(s);
				if (i < 0) continue;
				const p = n.parentElement;
				return parts.map(([from, to]) => {
					const r = document.createRange();
					r.setStart(n, i + from);
					r.setEnd(n, i + to);
					const b = r.getBoundingClientRect();
					return {left: b.left, right: b.right, top: b.top, lang: (p.closest('[lang]') || {}).lang || '',
						dir: (p.closest('[dir]') || {}).dir || ''};
				});
			}
			return [];
		})(`+fmt.Sprintf("%q", arabicOnlyResults)+`, [[0, 3], [8, 12], [12, 13]])`))
		if err != nil || len(got) != 3 {
			t.Fatalf("no %q on the page: %v", arabicOnlyResults, err)
		}
		first, last, stop := got[0], got[1], got[2]
		if first.Lang != "ar" || first.Dir != "rtl" {
			t.Errorf("the Arabic results are marked lang=%q dir=%q; want ar, rtl", first.Lang, first.Dir)
		}
		if !(last.Left < first.Left) {
			t.Errorf("the sentence does not read right to left: its last word at %v, its first at %v", last.Left, first.Left)
		}
		if !(stop.Right <= last.Left+0.5) {
			t.Errorf("the full stop is at %v, not left of the sentence's last word at %v", stop.Left, last.Left)
		}
	})

	dir := browsertest.ArtifactDir(t)
	pages := []struct{ name, path string }{
		{"home", "/"}, {"plan", "/plans/plan-2021-2023"}, {"commitment", "/commitments/" + firstField(t, ts, "/api/v1/commitments", "id")},
		{"news", "/news/" + firstField(t, ts, "/api/v1/news", "slug")}, {"documents", "/documents"},
	}
	for _, vp := range []struct {
		name   string
		action chromedp.Action[chromedp.Void]
	}{{"1280", browsertest.Desktop()}, {"390", browsertest.PhoneAt(1)}} {
		for _, l := range i18n.Locales {
			for _, p := range pages {
				name := fmt.Sprintf("%s-%s-%s", p.name, l, vp.name)
				t.Run(name, func(t *testing.T) {
					if err := chromedp.Do(ctx, vp.action, chromedp.Navigate(ts.URL+p.path+sep(p.path)+"lang="+string(l))); err != nil {
						t.Fatal(err)
					}
					browsertest.Screenshot(t, ctx, filepath.Join(dir, name+".png"))
					browsertest.NoSerious(t, ctx)
				})
			}
		}
	}
	t.Logf("screenshots in %s", dir)
}
