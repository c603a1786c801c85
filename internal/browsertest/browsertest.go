// Package browsertest runs page tests in a real headless Chromium, through
// github.com/chromedp/chromedp, and checks pages for accessibility with
// axe-core.
//
// A test opens a tab with New, drives it with chromedp, and checks the page:
//
//	ctx := browsertest.New(t)
//	if err := chromedp.Do(ctx, browsertest.Phone(), chromedp.Navigate(srv.URL+"/ar/")); err != nil {
//		t.Fatal(err)
//	}
//	browsertest.NoSerious(t, ctx)
//
// The browser comes from INFITAH_CHROMIUM, or else chromium, chromium-browser
// or google-chrome in PATH (Debian: apt-get install chromium). axe-core comes
// from npm: run `npm ci` at the repository root. When either is missing the
// test is skipped, or fails when INFITAH_TEST_STRICT=1 (as in CI).
package browsertest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// Environment variables that the helpers read.
const (
	// EnvChromium names the browser to run, a path or a command in PATH.
	EnvChromium = "INFITAH_CHROMIUM"
	// EnvStrict, set to 1, turns a skip for a missing browser or axe-core
	// into a failure.
	EnvStrict = "INFITAH_TEST_STRICT"
	// EnvArtifacts names a folder where tests keep what a person may want to
	// look at afterwards, such as screenshots (see ArtifactDir).
	EnvArtifacts = "INFITAH_TEST_ARTIFACTS"
)

// Desktop and phone viewports.
const (
	DesktopWidth, DesktopHeight = 1280, 900
	PhoneWidth, PhoneHeight     = 390, 844
)

func strict() bool {
	v := strings.TrimSpace(strings.ToLower(os.Getenv(EnvStrict)))
	return v == "1" || v == "true" || v == "yes"
}

func unavailable(t testing.TB, msg string) {
	t.Helper()
	if strict() {
		t.Fatalf("%s\n(%s=1: a missing test dependency is a failure, not a skip)", msg, EnvStrict)
	}
	t.Skip(msg)
}

// Browser returns the path of the browser that New starts, or skips t (fails
// it under INFITAH_TEST_STRICT=1) when there is none.
func Browser(t testing.TB) string {
	t.Helper()
	if name := strings.TrimSpace(os.Getenv(EnvChromium)); name != "" {
		path, err := exec.LookPath(name)
		if err != nil {
			t.Fatalf("browsertest: %s=%q: %v", EnvChromium, name, err)
		}
		return path
	}
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome", "google-chrome-stable"} {
		if path, err := exec.LookPath(name); err == nil {
			return path
		}
	}
	unavailable(t, "browsertest: no Chromium found (tried $"+EnvChromium+", chromium, chromium-browser, google-chrome in PATH); "+
		"install it (Debian: apt-get install chromium) or set "+EnvChromium+" to its path")
	return ""
}

// New starts a headless Chromium with a fresh profile and returns the context
// of its tab, with a 1280×900 desktop viewport. The browser is closed at
// cleanup. Run actions on the context with chromedp.Do and chromedp.Run.
// When the test has a deadline, the context ends a little before it, so that
// a stuck page fails the test instead of panicking the whole binary.
func New(t testing.TB) context.Context {
	t.Helper()
	exe := Browser(t)
	dir, err := os.MkdirTemp("", "infitah-chromium-")
	if err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	out := &limitedBuffer{max: 16 << 10}
	opts := append(chromedp.DefaultExecAllocatorOptions[:],
		chromedp.ExecPath(exe),
		chromedp.Headless,
		chromedp.NoSandbox, // CI runs as root
		chromedp.DisableGPU,
		chromedp.Flag("disable-quic", true),
		chromedp.NoFirstRun,
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("disable-sync", true),
		chromedp.Flag("disable-default-apps", true),
		chromedp.Flag("no-default-browser-check", true),
		chromedp.UserDataDir(dir),
		chromedp.WindowSize(DesktopWidth, DesktopHeight),
		chromedp.CombinedOutput(out),
	)
	allocCtx, allocCancel := chromedp.NewExecAllocator(context.Background(), opts...)
	ctx, cancel := chromedp.NewContext(allocCtx)
	cleanup := func() {
		cctx, ccancel := context.WithTimeout(ctx, 15*time.Second)
		_ = chromedp.Cancel(cctx) // closes the browser gracefully
		ccancel()
		cancel()
		allocCancel() // kills what is left and waits for the process
		for i := 0; i < 20; i++ {
			if err := os.RemoveAll(dir); err == nil {
				break
			}
			time.Sleep(50 * time.Millisecond)
		}
	}
	// The first action starts the browser and binds it to ctx, so it must
	// run on ctx itself, without a timeout.
	if err := chromedp.Do(ctx, Desktop()); err != nil {
		cleanup()
		t.Fatalf("browsertest: start %s: %v\n%s", exe, err, out.String())
	}
	t.Cleanup(cleanup)

	if dl, ok := t.(interface{ Deadline() (time.Time, bool) }); ok {
		if deadline, ok := dl.Deadline(); ok {
			dctx, dcancel := context.WithDeadline(ctx, deadline.Add(-10*time.Second))
			t.Cleanup(dcancel) // runs before cleanup above
			return dctx
		}
	}
	return ctx
}

// Desktop sets the 1280×900 desktop viewport that New starts with.
func Desktop() chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(DesktopWidth, DesktopHeight)
}

// Phone emulates a 390×844 phone: a mobile viewport at 3× scale, portrait,
// with touch. Run it before Navigate so that the page loads at that size.
func Phone() chromedp.Action[chromedp.Void] {
	return PhoneAt(3)
}

// PhoneAt is Phone at another device scale: 1 makes screenshots of the
// phone layout 390 pixels wide, a ninth of the pixels of 3×.
func PhoneAt(scale float64) chromedp.Action[chromedp.Void] {
	return chromedp.EmulateViewport(PhoneWidth, PhoneHeight,
		chromedp.EmulateScale(scale), chromedp.EmulateMobile, chromedp.EmulateTouch, chromedp.EmulatePortrait)
}

// Screenshot saves a PNG of the whole page at path (for a person to look at;
// use t.TempDir() or t.ArtifactDir() for the folder).
func Screenshot(t testing.TB, ctx context.Context, path string) {
	t.Helper()
	png, err := chromedp.Run(ctx, chromedp.FullScreenshot(100))
	if err != nil {
		t.Fatalf("browsertest: screenshot: %v", err)
	}
	if err := os.WriteFile(path, png, 0o644); err != nil {
		t.Fatalf("browsertest: %v", err)
	}
}

// ArtifactDir returns the folder where t keeps its artifacts (screenshots):
// $INFITAH_TEST_ARTIFACTS/<the test's name> when that variable is set, made
// if needed and kept after the test; otherwise t.ArtifactDir(), which `go
// test -artifacts` keeps and which is removed after the test without it.
func ArtifactDir(t testing.TB) string {
	t.Helper()
	root := strings.TrimSpace(os.Getenv(EnvArtifacts))
	if root == "" {
		return t.ArtifactDir()
	}
	dir := filepath.Join(root, strings.Map(func(r rune) rune {
		if r == '/' || r == '\\' || r == ':' || r < ' ' {
			return '_'
		}
		return r
	}, t.Name()))
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatalf("browsertest: %v", err)
	}
	return dir
}

// Violation is one failed axe-core rule on the current page.
type Violation struct {
	ID          string `json:"id"`     // the rule, e.g. "image-alt"
	Impact      string `json:"impact"` // minor, moderate, serious or critical
	Help        string `json:"help"`
	HelpURL     string `json:"helpUrl"`
	Description string `json:"description"`
	Nodes       []Node `json:"nodes"`
}

// Node is one element that fails a rule.
type Node struct {
	// Target is the CSS selector of the element, one per frame (and a
	// " >> " between the hosts of shadow roots).
	Target  []string `json:"target"`
	HTML    string   `json:"html"`
	Failure string   `json:"failureSummary"`
}

// Tags are the axe-core rule tags that Axe runs: WCAG 2.0 and 2.1, levels A
// and AA.
var Tags = []string{"wcag2a", "wcag2aa", "wcag21a", "wcag21aa"}

var axeSource struct {
	once sync.Once
	src  string
	path string
	err  error
}

// AxePath returns the path of node_modules/axe-core/axe.min.js in the
// repository (the folder with go.mod, found by walking up from the working
// directory).
func AxePath() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return filepath.Join(dir, "node_modules", "axe-core", "axe.min.js"), nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod above the working directory")
		}
		dir = parent
	}
}

func loadAxe(t testing.TB) string {
	t.Helper()
	axeSource.once.Do(func() {
		axeSource.path, axeSource.err = AxePath()
		if axeSource.err == nil {
			var b []byte
			b, axeSource.err = os.ReadFile(axeSource.path)
			axeSource.src = string(b)
		}
	})
	if axeSource.err != nil {
		unavailable(t, fmt.Sprintf("browsertest: axe-core is not installed (%v); run `npm ci` at the repository root", axeSource.err))
	}
	return axeSource.src
}

// axeRun runs axe on the document and returns its violations in the shape
// of Violation.
const axeRun = `(async () => {
	const r = await axe.run(document, {
		runOnly: {type: 'tag', values: %s},
		resultTypes: ['violations'],
	});
	const sel = t => Array.isArray(t) ? t.join(' >> ') : String(t);
	return r.violations.map(v => ({
		id: v.id, impact: v.impact || '', help: v.help, helpUrl: v.helpUrl, description: v.description,
		nodes: v.nodes.map(n => ({target: (n.target || []).map(sel), html: n.html || '', failureSummary: n.failureSummary || ''})),
	}));
})()`

// Axe injects axe-core into the current page and runs the WCAG 2.0/2.1 A and
// AA rules (Tags), returning the violations. It injects through the DevTools
// protocol (Runtime.evaluate), which the page's Content-Security-Policy does
// not block, so pages keep their strict CSP under test. It fails t when axe
// cannot run, and skips it (fails under INFITAH_TEST_STRICT=1) when axe-core
// is not installed.
func Axe(t testing.TB, ctx context.Context) []Violation {
	t.Helper()
	src := loadAxe(t)
	loaded, err := chromedp.Run(ctx, chromedp.Evaluate[bool](`typeof window.axe === 'object' && typeof window.axe.run === 'function'`))
	if err != nil {
		t.Fatalf("browsertest: axe: %v", err)
	}
	if !loaded {
		// "void 0" so that the evaluation returns nothing to serialise.
		if err := chromedp.Do(ctx, chromedp.Evaluate[chromedp.Void](src+"\n;void 0")); err != nil {
			t.Fatalf("browsertest: inject axe-core: %v", err)
		}
	}
	tags := `['` + strings.Join(Tags, `', '`) + `']`
	vs, err := chromedp.Run(ctx, chromedp.Evaluate[[]Violation](fmt.Sprintf(axeRun, tags), chromedp.EvalAwaitPromise))
	if err != nil {
		t.Fatalf("browsertest: run axe-core: %v", err)
	}
	return vs
}

// Serious keeps the violations whose impact is serious or critical.
func Serious(vs []Violation) []Violation {
	var out []Violation
	for _, v := range vs {
		if v.Impact == "serious" || v.Impact == "critical" {
			out = append(out, v)
		}
	}
	return out
}

// Format writes violations for a test message, one rule a paragraph with the
// elements that fail it.
func Format(vs []Violation) string {
	var b strings.Builder
	for i, v := range vs {
		if i > 0 {
			b.WriteByte('\n')
		}
		fmt.Fprintf(&b, "[%s] %s: %s (%s)\n", v.Impact, v.ID, v.Help, v.HelpURL)
		for _, n := range v.Nodes {
			fmt.Fprintf(&b, "    %s\n        %s\n", strings.Join(n.Target, " | "), oneLine(n.HTML, 200))
			if n.Failure != "" {
				fmt.Fprintf(&b, "        %s\n", oneLine(n.Failure, 300))
			}
		}
	}
	return b.String()
}

// NoSerious runs Axe on the current page and reports every serious or
// critical violation with t.Errorf. It returns all the violations, for a
// test that wants to look at the minor ones too.
func NoSerious(t testing.TB, ctx context.Context) []Violation {
	t.Helper()
	vs := Axe(t, ctx)
	if s := Serious(vs); len(s) > 0 {
		url, _ := chromedp.Run(ctx, chromedp.Location())
		t.Errorf("accessibility: %d serious or critical axe-core violation(s) on %s:\n%s", len(s), url, Format(s))
	}
	return vs
}

func oneLine(s string, max int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > max {
		s = string(r[:max]) + "…"
	}
	return s
}

// limitedBuffer keeps the first max bytes of the browser's output, for the
// message of a failed start.
type limitedBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
	max int
}

func (l *limitedBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if room := l.max - l.buf.Len(); room > 0 {
		l.buf.Write(p[:min(len(p), room)])
	}
	return len(p), nil
}

func (l *limitedBuffer) String() string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.buf.String()
}
