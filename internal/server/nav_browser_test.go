package server_test

import (
	"context"
	"fmt"
	"testing"

	"github.com/chromedp/chromedp"
	"github.com/chromedp/chromedp/kb"
	"github.com/infitah/infitah/internal/browsertest"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// The narrowest phone the pages are made for.
const narrowWidth, narrowHeight = 360, 740

func narrowPhone() chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(narrowWidth, narrowHeight,
		chromedp.EmulateScale(3), chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
}

// headerState is what the tests read of the page's header and width.
type headerState struct {
	Header   float64 `json:"header"`   // the header's height, in CSS pixels
	Viewport float64 `json:"viewport"` // the window's inner height
	Overflow bool    `json:"overflow"` // the document is wider than the window
	Open     bool    `json:"open"`     // the menu's <details> is open
	Summary  bool    `json:"summary"`  // its summary is shown
	Links    bool    `json:"links"`    // the navigation's links are shown
	Name     string  `json:"name"`     // the summary's text: its accessible name
}

const readHeader = `(() => {
	const menu = document.querySelector('header .main-nav details.menu');
	const summary = menu.querySelector('summary');
	const link = menu.querySelector('ul a[href="/plans"]');
	return {
		header: document.querySelector('header.top').getBoundingClientRect().height,
		viewport: window.innerHeight,
		overflow: document.documentElement.scrollWidth > window.innerWidth + 1,
		open: menu.open,
		summary: summary.checkVisibility(),
		links: link.checkVisibility() && link.getBoundingClientRect().height > 0,
		name: summary.textContent.trim(),
	};
})()`

func header(t *testing.T, ctx context.Context) headerState {
	t.Helper()
	h, err := chromedp.Run(ctx, chromedp.Evaluate[headerState](readHeader))
	if err != nil {
		t.Fatal(err)
	}
	return h
}

// tabToSummary presses Tab until the menu's summary has the focus, and
// checks that the focus shows.
func tabToSummary(t *testing.T, ctx context.Context) {
	t.Helper()
	for range 20 {
		if err := chromedp.Do(ctx, chromedp.KeyEvent(kb.Tab)); err != nil {
			t.Fatal(err)
		}
		on, err := chromedp.Run(ctx, chromedp.Evaluate[[]string](`[String(document.activeElement.matches('header details.menu > summary')),
			getComputedStyle(document.activeElement).outlineStyle]`))
		if err != nil {
			t.Fatal(err)
		}
		if on[0] == "true" {
			if on[1] == "none" {
				t.Error("the summary has the focus without showing it")
			}
			return
		}
	}
	t.Error("the summary is not reached with the Tab key")
}

// TestCompactNavigationInBrowser: on a 360 px phone the header takes less
// than a quarter of the screen, its navigation folded into a "Menu"
// disclosure that opens without JavaScript; no page scrolls sideways; on a
// desktop the whole navigation shows and the summary is hidden; axe-core
// finds nothing serious, menu closed or open.
func TestCompactNavigationInBrowser(t *testing.T) {
	ts := demoServer(t, dbtest.SQLite(t))
	cid := firstID(t, ts, "/api/v1/commitments")
	ctx := browsertest.New(t)
	paths := []string{"/", "/plans/plan-2021-2023", "/commitments/" + itoa(cid), "/news", "/news/open-smart-regions-forum"}
	menu := map[string]string{"ar": "القائمة", "fr": "Menu"}

	for _, lang := range []string{"ar", "fr"} {
		for _, path := range paths {
			url := fmt.Sprintf("%s%s?lang=%s", ts.URL, path, lang)
			t.Run("phone/"+lang+path, func(t *testing.T) {
				if err := chromedp.Do(ctx, narrowPhone(), chromedp.Navigate(url)); err != nil {
					t.Fatal(err)
				}
				h := header(t, ctx)
				if h.Viewport != narrowHeight {
					t.Fatalf("viewport height %v, want %d", h.Viewport, narrowHeight)
				}
				if h.Header > h.Viewport/4 {
					t.Errorf("the header is %v px high, more than a quarter of the %v px screen", h.Header, h.Viewport)
				}
				if h.Overflow {
					t.Errorf("the page is wider than %d px", narrowWidth)
				}
				if h.Open || !h.Summary || h.Links {
					t.Errorf("menu closed at first, summary shown, links hidden: got %+v", h)
				}
				if h.Name != menu[lang] {
					t.Errorf("summary %q, want %q", h.Name, menu[lang])
				}
				tabToSummary(t, ctx)
				browsertest.NoSerious(t, ctx)

				// The summary opens the menu: a browser's own disclosure, no script.
				if err := chromedp.Do(ctx, chromedp.Click(chromedp.CSS("header details.menu > summary"))); err != nil {
					t.Fatal(err)
				}
				h = header(t, ctx)
				if !h.Open || !h.Links || h.Overflow {
					t.Errorf("after a tap on the summary: %+v", h)
				}
				browsertest.NoSerious(t, ctx)
			})
		}
	}
	t.Run("desktop", func(t *testing.T) {
		if err := chromedp.Do(ctx, browsertest.Desktop(), chromedp.Navigate(ts.URL+"/?lang=ar")); err != nil {
			t.Fatal(err)
		}
		h := header(t, ctx)
		if h.Summary || !h.Links || h.Overflow {
			t.Errorf("on a desktop the links show and the summary does not: %+v", h)
		}
	})
}
