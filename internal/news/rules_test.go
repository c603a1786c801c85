package news

import (
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
)

func TestValidSlug(t *testing.T) {
	for s, want := range map[string]bool{
		"forum-2020": true, "a": true, "open-and-smart-regions": true,
		"": false, "-a": false, "a-": false, "a--b": false, "Forum": false, "منتدى": false, "a b": false,
		strings.Repeat("a", MaxSlug): true, strings.Repeat("a", MaxSlug+1): false,
	} {
		if got := ValidSlug(s); got != want {
			t.Errorf("ValidSlug(%q) = %v, want %v", s, got, want)
		}
	}
}

func TestSlugify(t *testing.T) {
	for in, want := range map[string]string{
		"Forum : Régions ouvertes et intelligentes": "forum-regions-ouvertes-et-intelligentes",
		"  Open & Smart Regions 2020 ":              "open-smart-regions-2020",
		"جهات منفتحة وذكية":                         "",
	} {
		if got := Slugify(in); got != want || (got != "" && !ValidSlug(got)) {
			t.Errorf("Slugify(%q) = %q, want %q", in, got, want)
		}
	}
}

func TestParseTags(t *testing.T) {
	tags, bad, tooMany := ParseTags("Open Government, منتدى، open-government ; forum")
	if strings.Join(tags, "|") != "open-government|منتدى|forum" || bad != nil || tooMany {
		t.Errorf("ParseTags = %q %q %v", tags, bad, tooMany)
	}
	if _, bad, _ := ParseTags("ok, <script>"); len(bad) != 1 || bad[0] != "<script>" {
		t.Errorf("bad = %q", bad)
	}
	if _, _, tooMany := ParseTags("a,b,c,d,e,f,g,h,i,j,k"); !tooMany {
		t.Error("11 tags accepted")
	}
	if _, ok := NormalizeTag(strings.Repeat("ا", MaxTagLen+1)); ok {
		t.Error("a tag too long accepted")
	}
}

func TestPublicAt(t *testing.T) {
	now := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	draft := &Post{}
	past := &Post{PublishedAt: db.Timestamp{Time: now.Add(-time.Minute)}}
	exact := &Post{PublishedAt: db.Timestamp{Time: now}}
	future := &Post{PublishedAt: db.Timestamp{Time: now.Add(time.Minute)}}
	if draft.PublicAt(now) || !past.PublicAt(now) || !exact.PublicAt(now) || future.PublicAt(now) {
		t.Error("PublicAt: a draft and a future post are hidden, the rest shown")
	}
	if !future.Scheduled(now) || past.Scheduled(now) || draft.Scheduled(now) {
		t.Error("Scheduled")
	}
}

const firefox = "Mozilla/5.0 (X11; Linux x86_64; rv:128.0) Gecko/20100101 Firefox/128.0"

func TestIsBot(t *testing.T) {
	for ua, want := range map[string]bool{
		firefox: false,
		"Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 Mobile/15E148 Safari/604.1": false,
		"Mozilla/5.0 (compatible; Googlebot/2.1; +http://www.google.com/bot.html)":                                                                true,
		"facebookexternalhit/1.1": true, "curl/8.5.0": true, "Go-http-client/1.1": true, "": true, "x": true,
		"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/120.0 Safari/537.36": true,
	} {
		if got := IsBot(ua); got != want {
			t.Errorf("IsBot(%q) = %v, want %v", ua, got, want)
		}
	}
}

func TestViewCounterOncePerDay(t *testing.T) {
	var c ViewCounter
	casa, _ := time.LoadLocation("Africa/Casablanca")
	day := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	if !c.First(day, casa, "10.0.0.1", firefox, 1) {
		t.Fatal("first view not counted")
	}
	if c.First(day.Add(time.Hour), casa, "10.0.0.1", firefox, 1) {
		t.Error("second view the same day counted")
	}
	if !c.First(day, casa, "10.0.0.1", firefox, 2) {
		t.Error("another article not counted")
	}
	if !c.First(day, casa, "10.0.0.2", firefox, 1) {
		t.Error("another address not counted")
	}
	if !c.First(day, casa, "10.0.0.1", firefox+" other", 1) {
		t.Error("another browser not counted")
	}
	if c.First(day, casa, "10.0.0.9", "Googlebot/2.1", 1) {
		t.Error("a bot counted")
	}
	salt := c.salt
	if !c.First(day.Add(24*time.Hour), casa, "10.0.0.1", firefox, 1) {
		t.Error("the next day's view not counted")
	}
	if c.salt == salt {
		t.Error("the salt survived the day")
	}
	if len(c.seen) != 1 {
		t.Errorf("the new day remembers %d visitors, want 1", len(c.seen))
	}
}

func TestViewCounterConcurrent(t *testing.T) {
	var c ViewCounter
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	var counted atomic.Int64
	var wg sync.WaitGroup
	for i := 0; i < 200; i++ {
		wg.Add(1)
		go func(i int) {
			defer wg.Done()
			// 4 visitors, 50 views each.
			if c.First(now, time.UTC, "10.0.0."+string(rune('1'+i%4)), firefox, 7) {
				counted.Add(1)
			}
		}(i)
	}
	wg.Wait()
	if counted.Load() != 4 {
		t.Errorf("counted %d views, want 4", counted.Load())
	}
}

func TestViewCounterBound(t *testing.T) {
	c := ViewCounter{Max: 2}
	now := time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)
	c.First(now, time.UTC, "a", firefox, 1)
	c.First(now, time.UTC, "b", firefox, 1)
	c.First(now, time.UTC, "c", firefox, 1)
	if len(c.seen) > 2 {
		t.Errorf("remembers %d visitors past its bound", len(c.seen))
	}
}

func TestMarkdownIsSanitized(t *testing.T) {
	out := string(Markdown("# Title\n\n**bold** <script>alert(1)</script> [x](javascript:alert(1)) <img src=x onerror=alert(1)>\n\n| a | b |\n|---|---|\n| 1 | 2 |"))
	for _, bad := range []string{"<script", "javascript:", "onerror"} {
		if strings.Contains(out, bad) {
			t.Errorf("rendered markdown keeps %q: %s", bad, out)
		}
	}
	for _, good := range []string{"<h1", "<strong>bold</strong>", "<table>"} {
		if !strings.Contains(out, good) {
			t.Errorf("rendered markdown lacks %q: %s", good, out)
		}
	}
}
