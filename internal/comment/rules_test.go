package comment

import (
	"strings"
	"testing"
	"time"
)

func TestCheck(t *testing.T) {
	long := strings.Repeat("ب", MaxBodyLen+1)
	for _, tc := range []struct {
		name          string
		in            Input
		links         int
		stance, guest bool
		want          map[string]string
	}{
		{"OK", Input{Body: "رأي"}, 0, false, false, map[string]string{}},
		{"ErrBodyRequired", Input{Body: "  \n "}, 0, false, false, map[string]string{"body": "form.required"}},
		{"OKAtLimit", Input{Body: strings.Repeat("ب", MaxBodyLen)}, 0, false, false, map[string]string{}},
		{"ErrTooLong", Input{Body: long}, 0, false, false, map[string]string{"body": "comment.error.too_long"}},
		{"OKThreeLinks", Input{Body: "x"}, 3, false, false, map[string]string{}},
		{"ErrFourLinks", Input{Body: "x"}, 4, false, false, map[string]string{"body": "comment.error.too_many_links"}},
		{"ErrStanceRequired", Input{Body: "x"}, 0, true, false, map[string]string{"stance": "comment.error.stance"}},
		{"ErrStanceUnknown", Input{Body: "x", Stance: "maybe"}, 0, true, false, map[string]string{"stance": "comment.error.stance"}},
		{"ErrStanceNotAsked", Input{Body: "x", Stance: Favour}, 0, false, false, map[string]string{"stance": "comment.error.stance"}},
		{"OKStance", Input{Body: "x", Stance: Against}, 0, true, false, map[string]string{}},
		{"ErrGuestFields", Input{Body: "x"}, 0, false, true, map[string]string{"name": "form.required", "email": "form.required"}},
		{"ErrGuestEmail", Input{Body: "x", GuestName: "Amina", GuestEmail: "amina@"}, 0, false, true, map[string]string{"email": "comment.error.email"}},
		{"OKGuest", Input{Body: "x", GuestName: "Amina", GuestEmail: "amina@example.ma"}, 0, false, true, map[string]string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got := Check(tc.in, tc.links, tc.stance, tc.guest)
			if len(got) != len(tc.want) {
				t.Fatalf("Check = %v, want %v", got, tc.want)
			}
			for k, v := range tc.want {
				if got[k] != v {
					t.Errorf("%s: %q, want %q", k, got[k], v)
				}
			}
		})
	}
}

func TestDepth(t *testing.T) {
	for depth, want := range []bool{true, true, true, false, false} {
		if got := CanReply(depth); got != want {
			t.Errorf("CanReply(%d) = %v, want %v", depth, got, want)
		}
	}
}

func TestEditWindow(t *testing.T) {
	posted := time.Date(2026, 3, 1, 10, 0, 0, 0, time.UTC)
	for _, tc := range []struct {
		after time.Duration
		want  bool
	}{{0, true}, {14*time.Minute + 59*time.Second, true}, {15 * time.Minute, false}, {time.Hour, false}, {-time.Minute, false}} {
		if got := CanEdit(posted, posted.Add(tc.after)); got != tc.want {
			t.Errorf("CanEdit after %v = %v, want %v", tc.after, got, tc.want)
		}
	}
}

func TestDuplicate(t *testing.T) {
	if !Duplicate("Hello  world", "hello world\n") {
		t.Error("same text with other spaces and case is a duplicate")
	}
	if Duplicate("", "x") || Duplicate("a", "b") {
		t.Error("different texts are not duplicates")
	}
}

func TestHiddenByReports(t *testing.T) {
	for _, tc := range []struct {
		reports, threshold int
		want               bool
	}{{2, 3, false}, {3, 3, true}, {4, 3, true}, {1, 1, true}, {2, 0, false}, {3, 0, true}, {5, 10, false}} {
		if got := HiddenByReports(tc.reports, tc.threshold); got != tc.want {
			t.Errorf("HiddenByReports(%d, %d) = %v, want %v", tc.reports, tc.threshold, got, tc.want)
		}
	}
}

func TestOnDelete(t *testing.T) {
	if OnDelete(0) || !OnDelete(2) {
		t.Error("a comment with replies leaves a placeholder; one without does not")
	}
}

func TestParseTarget(t *testing.T) {
	if got, err := ParseTarget("commitment:12"); err != nil || got != (Target{"commitment", 12}) || got.String() != "commitment:12" {
		t.Errorf("ParseTarget = %v, %v", got, err)
	}
	for _, bad := range []string{"", "commitment", "commitment:", "commitment:0", "commitment:-1", "Commitment:1", ":1", "a b:1", "x:1:2"} {
		if _, err := ParseTarget(bad); err == nil {
			t.Errorf("ParseTarget(%q) accepted", bad)
		}
	}
}

func TestKinds(t *testing.T) {
	ks := NewKinds()
	url := func(id int64) string { return "/x" }
	if err := ks.Register(Kind{Name: "news", URL: url}); err != nil {
		t.Fatal(err)
	}
	if ks.Register(Kind{Name: "news", URL: url}) == nil {
		t.Error("a kind registered twice")
	}
	if ks.Register(Kind{Name: "Bad Name", URL: url}) == nil || ks.Register(Kind{Name: "event"}) == nil {
		t.Error("a malformed kind registered")
	}
	if err := ks.SetLookup("news", nil); err != nil {
		t.Error(err)
	}
	if ks.SetLookup("petition", nil) == nil {
		t.Error("SetLookup on an unknown kind")
	}
}

// TestRender checks the markdown subset and that nothing dangerous survives.
func TestRender(t *testing.T) {
	for _, tc := range []struct {
		name, in    string
		want, avoid []string
		links       int
	}{
		{"Emphasis", "*مهم* و **جداً**", []string{"<em>مهم</em>", "<strong>جداً</strong>"}, nil, 0},
		{"Link", "[site](https://example.ma/a)", []string{`<a href="https://example.ma/a" rel="nofollow ugc noopener">site</a>`}, nil, 1},
		{"BareURL", "see https://example.ma", []string{`href="https://example.ma"`, `rel="nofollow ugc noopener"`}, nil, 1},
		{"List", "- a\n- b", []string{"<ul>", "<li>a</li>"}, nil, 0},
		{"Quote", "> said", []string{"<blockquote>"}, nil, 0},
		{"ScriptTag", "<script>alert(1)</script>hi", nil, []string{"<script", "alert(1)</script"}, 0},
		{"RawHTML", `<b onclick="x()">b</b><iframe src="https://evil"></iframe>`, nil, []string{"<b", "onclick", "<iframe"}, 0},
		{"JSLink", "[x](javascript:alert(1))", nil, []string{"javascript:", "<a "}, 0},
		{"DataLink", "[x](data:text/html;base64,PHNjcmlwdD4=)", nil, []string{"data:", "<a "}, 0},
		{"Image", "![pic](https://example.ma/p.png)", nil, []string{"<img"}, 0},
		{"EncodedJS", "[x](jav&#x09;ascript:alert(1))", nil, []string{"ascript:alert", "<a "}, 0},
		{"AttrBreakout", `[x](https://a.ma/"onmouseover="alert(1))`, nil, []string{`" onmouseover`, `"onmouseover="`}, -1},
		{"Heading", "# big", []string{"big"}, []string{"<h1"}, 0},
		{"RelOverride", `<a href="https://a.ma" rel="follow">x</a>`, nil, []string{`rel="follow"`}, 0},
	} {
		t.Run(tc.name, func(t *testing.T) {
			html, links := Render(tc.in)
			for _, w := range tc.want {
				if !strings.Contains(html, w) {
					t.Errorf("Render(%q) = %q, want it to contain %q", tc.in, html, w)
				}
			}
			for _, a := range tc.avoid {
				if strings.Contains(html, a) {
					t.Errorf("Render(%q) = %q, must not contain %q", tc.in, html, a)
				}
			}
			if tc.links >= 0 && links != tc.links {
				t.Errorf("Render(%q): %d links, want %d", tc.in, links, tc.links)
			}
		})
	}
}

func TestCanVote(t *testing.T) {
	cases := []struct {
		author, voter int64
		want          bool
	}{
		{author: 7, voter: 7, want: false}, // one's own comment
		{author: 7, voter: 8, want: true},
		{author: 0, voter: 8, want: true}, // a guest's comment belongs to no account
	}
	for _, c := range cases {
		if got := CanVote(c.author, c.voter); got != c.want {
			t.Errorf("CanVote(%d, %d) = %v", c.author, c.voter, got)
		}
	}
}

func TestDecide(t *testing.T) {
	cases := []struct {
		from Status
		d    Decision
		to   Status
		ok   bool
	}{
		{Visible, Hide, Hidden, true},
		{Pending, Hide, Hidden, true},
		{Hidden, Hide, Hidden, true}, // confirms a hiding by reports: it leaves the queue
		{Hidden, Restore, Visible, true},
		{Pending, Approve, Visible, true},
		{Visible, Dismiss, Visible, true}, // kept visible, its reports cleared
		// Decisions that do not fit the state: a stale page, or another moderator was first.
		{Visible, Restore, Visible, false},
		{Visible, Approve, Visible, false},
		{Hidden, Dismiss, Hidden, false},
		{Pending, Dismiss, Pending, false},
		{Hidden, Approve, Hidden, false},
		{Deleted, Hide, Deleted, false},
		{Deleted, Restore, Deleted, false},
		{Visible, Decision("purge"), Visible, false},
	}
	for _, c := range cases {
		to, ok := Decide(c.from, c.d)
		if to != c.to || ok != c.ok {
			t.Errorf("Decide(%s, %s) = %s, %v; want %s, %v", c.from, c.d, to, ok, c.to, c.ok)
		}
	}
}
