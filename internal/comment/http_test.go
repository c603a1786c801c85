package comment_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestRoleBoundaries: a visitor is sent to sign in, a citizen may not
// moderate, a moderator may.
func TestRoleBoundaries(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	anon, citizen, mod := e.anonymous(), e.signIn(auth.Citizen), e.signIn(auth.Moderator)
	id := e.comment(citizen, "أول تعليق")

	for _, tc := range []struct {
		who    *person
		method string
		path   string
		status int
	}{
		{anon, "GET", "/admin/moderation", http.StatusSeeOther},
		{citizen, "GET", "/admin/moderation", http.StatusForbidden},
		{mod, "GET", "/admin/moderation", http.StatusOK},
		{anon, "POST", "/admin/moderation/comments/" + itoa(id), http.StatusSeeOther},
		{citizen, "POST", "/admin/moderation/comments/" + itoa(id), http.StatusForbidden},
		{citizen, "POST", "/admin/moderation/users/" + itoa(mod.ID), http.StatusForbidden},
		{anon, "POST", "/comments/" + itoa(id) + "/vote", http.StatusSeeOther},
		{anon, "POST", "/comments/" + itoa(id) + "/report", http.StatusSeeOther},
		{anon, "GET", "/comments/" + itoa(id) + "/edit", http.StatusSeeOther},
		{mod, "GET", "/comments/" + itoa(id) + "/edit", http.StatusForbidden},
	} {
		var a answer
		if tc.method == "GET" {
			a = e.get(tc.who, tc.path)
		} else {
			a = e.post(tc.who, tc.path, url.Values{"action": {"hide"}, "value": {"up"}, "reason": {"spam"}})
		}
		if a.status != tc.status {
			t.Errorf("%s %s: %d, want %d", tc.method, tc.path, a.status, tc.status)
		}
		if tc.status == http.StatusSeeOther && !strings.HasPrefix(a.location, "/login?next=") {
			t.Errorf("%s %s: redirected to %q, want the login page", tc.method, tc.path, a.location)
		}
	}
	// A visitor posting on a kind without guests is sent to sign in.
	a := e.post(anon, "/comments", url.Values{"target": {e.target()}, "body": {"x"}})
	if a.status != http.StatusSeeOther || !strings.HasPrefix(a.location, "/login?next=") {
		t.Errorf("anonymous POST /comments: %d %q", a.status, a.location)
	}
	// A moderator cannot block an official.
	admin := e.signIn(auth.Admin)
	if a := e.post(mod, "/admin/moderation/users/"+itoa(admin.ID), url.Values{"action": {"block"}}); a.status != http.StatusForbidden {
		t.Errorf("moderator blocking an administrator: %d", a.status)
	}
}

// TestThreadOnCommitmentPage: a comment shows on the commitment page, for the
// visitor too (the page cache does not keep the thread before it), with the
// right Arabic plural and a "log in" link for visitors.
func TestThreadOnCommitmentPage(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	anon, citizen := e.anonymous(), e.signIn(auth.Citizen)
	page := "/commitments/" + itoa(e.commitment) + "?lang=ar"
	before := e.get(anon, page)
	if before.status != http.StatusOK || !strings.Contains(before.body, "لا تعليقات") || !strings.Contains(before.body, "سجّلوا الدخول للتعليق") {
		t.Fatalf("commitment page before: %d\n%s", before.status, mainPart(before.body))
	}
	e.get(anon, page) // cached now
	id := e.comment(citizen, "هذا **التزام** مهم")
	e.comment(e.signIn(auth.Citizen), "تعليق ثان")
	after := e.get(anon, page)
	for _, want := range []string{`id="comment-` + itoa(id) + `"`, "<strong>التزام</strong>", "تعليقان", citizen.Name} {
		if !strings.Contains(after.body, want) {
			t.Errorf("commitment page after posting lacks %q\n%s", want, mainPart(after.body))
		}
	}
	if strings.Contains(after.body, citizen.Email) {
		t.Error("the page shows the author's email")
	}
	signed := e.get(citizen, page)
	if !strings.Contains(signed.body, `action="/comments"`) || !strings.Contains(signed.body, `/comments/`+itoa(id)+`/edit`) {
		t.Errorf("the author sees no form or edit link\n%s", mainPart(signed.body))
	}
	// Milestones link to their threads, which work too.
	if !strings.Contains(after.body, "/threads/milestone/"+itoa(e.milestone)) {
		t.Error("no link to a milestone's comments")
	}
	form := url.Values{"target": {"milestone:" + itoa(e.milestone)}, "body": {"on the milestone"}}
	if a := e.post(citizen, "/comments", form); a.status != http.StatusSeeOther || !strings.HasPrefix(a.location, "/threads/milestone/"+itoa(e.milestone)+"#comment-") {
		t.Fatalf("comment on a milestone: %d %q", a.status, a.location)
	}
	if a := e.get(anon, "/threads/milestone/"+itoa(e.milestone)+"?lang=fr"); !strings.Contains(a.body, "on the milestone") || !strings.Contains(a.body, "1 commentaire") {
		t.Errorf("milestone thread:\n%s", mainPart(a.body))
	}
}

// TestBadInput: each mistake comes back as 422 with a message at its field in
// the visitor's language, and the text typed kept.
func TestBadInput(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	citizen := e.signIn(auth.Citizen)
	e.comment(citizen, "Déjà dit")
	long := strings.Repeat("x", comment5001)
	for _, tc := range []struct {
		name, body, stance, want string
		status                   int
	}{
		{"empty", "   ", "", "Ce champ est obligatoire", http.StatusUnprocessableEntity},
		{"long", long, "", "5 000 caractères au plus", http.StatusUnprocessableEntity},
		{"links", "http://a.ma http://b.ma http://c.ma http://d.ma", "", "3 liens au plus", http.StatusUnprocessableEntity},
		{"duplicate", "déjà  DIT", "", "ce même texte", http.StatusUnprocessableEntity},
		{"stance", "avec position", "favour", "pour, neutre ou contre", http.StatusUnprocessableEntity},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a := e.post(citizen, "/comments?lang=fr", url.Values{"target": {e.target()}, "body": {tc.body}, "stance": {tc.stance}})
			if a.status != tc.status || !strings.Contains(a.body, tc.want) {
				t.Fatalf("%d, want %d with %q\n%s", a.status, tc.status, tc.want, mainPart(a.body))
			}
			if strings.TrimSpace(tc.body) != "" && !strings.Contains(a.body, strings.TrimSpace(tc.body)[:8]) {
				t.Error("the text typed is not kept")
			}
			if tc.name != "stance" && !strings.Contains(a.body, `aria-invalid="true"`) {
				t.Error("no field marked invalid")
			}
		})
	}
	if a := e.post(citizen, "/comments", url.Values{"target": {"nothing:1"}, "body": {"x"}}); a.status != http.StatusNotFound {
		t.Errorf("unknown kind: %d", a.status)
	}
	if a := e.post(citizen, "/comments", url.Values{"target": {"proposal:999999"}, "body": {"x"}}); a.status != http.StatusNotFound {
		t.Errorf("a proposal that does not exist: %d", a.status)
	}
	if a := e.post(citizen, "/comments", url.Values{"target": {"closed:1"}, "body": {"x"}}); a.status != http.StatusForbidden {
		t.Errorf("closed thread: %d", a.status)
	}
}

const comment5001 = 5001

// TestRepliesAndDepth: replies nest to depth 3, are listed on their own page,
// and a reply to the deepest is refused.
func TestRepliesAndDepth(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	citizen := e.signIn(auth.Citizen)
	parent := e.comment(citizen, "level 0")
	for depth := 1; depth <= 3; depth++ {
		a := e.post(citizen, "/comments", url.Values{"target": {e.target()}, "parent": {itoa(parent)}, "body": {"level " + itoa(int64(depth))}})
		if a.status != http.StatusSeeOther || !strings.HasPrefix(a.location, "/comments/"+itoa(parent)+"/replies#comment-") {
			t.Fatalf("reply at depth %d: %d %q", depth, a.status, a.location)
		}
		page := e.get(e.anonymous(), "/comments/"+itoa(parent)+"/replies")
		if !strings.Contains(page.body, "level "+itoa(int64(depth))) {
			t.Fatalf("replies page lacks the reply at depth %d", depth)
		}
		parent = atoi(a.location[strings.LastIndex(a.location, "-")+1:])
	}
	a := e.post(citizen, "/comments?lang=en", url.Values{"target": {e.target()}, "parent": {itoa(parent)}, "body": {"too deep"}})
	if a.status != http.StatusUnprocessableEntity || !strings.Contains(a.body, "can no longer be answered") {
		t.Errorf("reply at depth 4: %d\n%s", a.status, mainPart(a.body))
	}
	if page := e.get(citizen, "/comments/"+itoa(parent)+"/replies"); strings.Contains(page.body, `id="reply"`) {
		t.Error("the deepest comment offers a reply form")
	}
	// A parent on another thread is not found.
	form := url.Values{"target": {"milestone:" + itoa(e.milestone)}, "parent": {itoa(parent)}, "body": {"elsewhere"}}
	if a := e.post(citizen, "/comments", form); a.status != http.StatusNotFound {
		t.Errorf("reply across threads: %d", a.status)
	}
}

// TestVotes: one vote per person, changeable and withdrawn.
func TestVotes(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	author, a, b := e.signIn(auth.Citizen), e.signIn(auth.Citizen), e.signIn(auth.Citizen)
	id := e.comment(author, "vote on me")
	score := func() int {
		var n int
		must(t, e.d.R().QueryRowContext(context.Background(), `SELECT score FROM comments WHERE id = ?`, id).Scan(&n))
		return n
	}
	vote := func(p *person, v string) {
		t.Helper()
		r := e.post(p, "/comments/"+itoa(id)+"/vote", url.Values{"value": {v}, "back": {"/commitments/" + itoa(e.commitment)}})
		if r.status != http.StatusSeeOther || r.location != "/commitments/"+itoa(e.commitment) {
			t.Fatalf("vote %s: %d %q", v, r.status, r.location)
		}
	}
	vote(a, "up")
	vote(a, "up")
	vote(b, "up")
	if got := score(); got != 2 {
		t.Errorf("score %d, want 2", got)
	}
	vote(a, "down")
	if got := score(); got != 0 {
		t.Errorf("score %d after a changed vote, want 0", got)
	}
	vote(b, "none")
	if got := score(); got != -1 {
		t.Errorf("score %d after a withdrawn vote, want -1", got)
	}
	if r := e.post(a, "/comments/"+itoa(id)+"/vote", url.Values{"value": {"+5"}}); r.status != http.StatusBadRequest {
		t.Errorf("bad vote: %d", r.status)
	}
	for _, back := range []string{"//evil.example/x", `/./\evil.example`, `/\evil.example`, "/%2F/evil.example",
		"/%5C%5Cevil.example", "/\t/evil.example", "https://evil.example"} {
		r := e.post(a, "/comments/"+itoa(id)+"/vote", url.Values{"value": {"up"}, "back": {back}})
		if loc := r.location; loc == "" || loc[0] != '/' || strings.HasPrefix(loc, "//") || strings.ContainsAny(loc, "\\\t") ||
			strings.Contains(loc, "evil") {
			t.Errorf("vote with back=%q redirected to %q", back, loc)
		}
	}
}

// TestReportsAndModeration: reports up to the threshold hide a comment; a
// moderator restores it, hides another, blocks its author, who can then
// neither post, vote nor report.
func TestReportsAndModeration(t *testing.T) { dbtest.Each(t, testReportsAndModeration) }

func testReportsAndModeration(t *testing.T, d *db.DB) {
	e := newEnv(t, d)
	author, mod := e.signIn(auth.Citizen), e.signIn(auth.Moderator)
	id := e.comment(author, "buy cheap things")
	page := "/commitments/" + itoa(e.commitment) + "?lang=en"
	reporters := []*person{e.signIn(auth.Citizen), e.signIn(auth.Citizen), e.signIn(auth.Citizen)}
	for i, p := range reporters {
		r := e.post(p, "/comments/"+itoa(id)+"/report", url.Values{"reason": {"spam"}})
		if r.status != http.StatusOK {
			t.Fatalf("report %d: %d", i, r.status)
		}
		// Reporting twice counts once.
		e.post(p, "/comments/"+itoa(id)+"/report", url.Values{"reason": {"spam"}})
		hidden := strings.Contains(e.get(e.anonymous(), page).body, "hidden by moderation")
		if hidden != (i == 2) {
			t.Errorf("after %d reports hidden=%v", i+1, hidden)
		}
	}
	if r := e.post(reporters[0], "/comments/"+itoa(id)+"/report", url.Values{"reason": {"nonsense"}}); r.status == http.StatusOK {
		t.Error("a report with an unknown reason was accepted")
	}
	q := e.get(mod, "/admin/moderation?lang=en")
	if !strings.Contains(q.body, "buy cheap things") || !strings.Contains(q.body, "3 reports") {
		t.Fatalf("queue:\n%s", mainPart(q.body))
	}
	if r := e.post(mod, "/admin/moderation/comments/"+itoa(id), url.Values{"action": {"restore"}}); r.status != http.StatusSeeOther {
		t.Fatalf("restore: %d", r.status)
	}
	if !strings.Contains(e.get(e.anonymous(), page).body, "buy cheap things") {
		t.Error("a restored comment is not shown")
	}
	if r := e.post(mod, "/admin/moderation/comments/"+itoa(id), url.Values{"action": {"hide"}}); r.status != http.StatusSeeOther {
		t.Fatalf("hide: %d", r.status)
	}
	if body := e.get(e.anonymous(), page).body; strings.Contains(body, "buy cheap things") {
		t.Error("a hidden comment's text is shown")
	}
	if r := e.post(mod, "/admin/moderation/users/"+itoa(author.ID), url.Values{"action": {"block"}}); r.status != http.StatusSeeOther {
		t.Fatalf("block: %d", r.status)
	}
	other := e.comment(e.signIn(auth.Citizen), "still here")
	if r := e.post(author, "/comments?lang=en", url.Values{"target": {e.target()}, "body": {"again"}}); r.status != http.StatusForbidden || !strings.Contains(r.body, "can no longer comment") {
		t.Errorf("blocked author posting: %d", r.status)
	}
	if r := e.post(author, "/comments/"+itoa(other)+"/vote", url.Values{"value": {"up"}}); r.status != http.StatusForbidden {
		t.Errorf("blocked author voting: %d", r.status)
	}
	if r := e.post(author, "/comments/"+itoa(other)+"/report", url.Values{"reason": {"spam"}}); r.status != http.StatusForbidden {
		t.Errorf("blocked author reporting: %d", r.status)
	}
	// The ledger records the decisions, without text or email.
	ledger := e.get(e.anonymous(), "/audit/download")
	if !strings.Contains(ledger.body, `"comment"`) || strings.Contains(ledger.body, "buy cheap") || strings.Contains(ledger.body, author.Email) {
		t.Errorf("ledger:\n%.2000s", ledger.body)
	}
}

// TestEditAndDelete: the author edits within the window ("edited"), nobody
// else can; deleting keeps a placeholder only when there are replies.
func TestEditAndDelete(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	author, other := e.signIn(auth.Citizen), e.signIn(auth.Citizen)
	id := e.comment(author, "first version")
	if r := e.get(author, "/comments/"+itoa(id)+"/edit"); r.status != http.StatusOK || !strings.Contains(r.body, "first version") {
		t.Fatalf("edit page: %d", r.status)
	}
	if r := e.post(other, "/comments/"+itoa(id)+"/edit", url.Values{"body": {"hijacked"}}); r.status != http.StatusForbidden {
		t.Errorf("someone else's edit: %d", r.status)
	}
	if r := e.post(author, "/comments/"+itoa(id)+"/edit?lang=en", url.Values{"body": {""}}); r.status != http.StatusUnprocessableEntity {
		t.Errorf("empty edit: %d", r.status)
	}
	if r := e.post(author, "/comments/"+itoa(id)+"/edit", url.Values{"body": {"second version"}}); r.status != http.StatusSeeOther {
		t.Fatalf("edit: %d", r.status)
	}
	page := e.get(e.anonymous(), "/commitments/"+itoa(e.commitment)+"?lang=en")
	if !strings.Contains(page.body, "second version") || !strings.Contains(page.body, "edited") {
		t.Error("the edit is not shown as edited")
	}
	// Past the window, the edit is refused.
	_, err := e.d.Writer().Exec(e.d.Rebind(`UPDATE comments SET created_at = ? WHERE id = ?`), db.Timestamp{Time: time.Now().Add(-16 * time.Minute)}, id)
	must(t, err)
	if r := e.post(author, "/comments/"+itoa(id)+"/edit?lang=en", url.Values{"body": {"third"}}); r.status != http.StatusForbidden || !strings.Contains(r.body, "15 minutes") {
		t.Errorf("late edit: %d", r.status)
	}

	reply := e.post(other, "/comments", url.Values{"target": {e.target()}, "parent": {itoa(id)}, "body": {"a reply"}})
	if reply.status != http.StatusSeeOther {
		t.Fatal(reply.status)
	}
	if r := e.post(other, "/comments/"+itoa(id)+"/delete", nil); r.status != http.StatusForbidden {
		t.Errorf("someone else's delete: %d", r.status)
	}
	if r := e.post(author, "/comments/"+itoa(id)+"/delete", nil); r.status != http.StatusSeeOther {
		t.Fatalf("delete: %d", r.status)
	}
	page = e.get(e.anonymous(), "/commitments/"+itoa(e.commitment)+"?lang=en")
	if strings.Contains(page.body, "second version") || !strings.Contains(page.body, "deleted by its author") {
		t.Error("a deleted comment with replies should leave a placeholder without its text")
	}
	replyID := atoi(reply.location[strings.LastIndex(reply.location, "-")+1:])
	if r := e.post(other, "/comments/"+itoa(replyID)+"/delete", nil); r.status != http.StatusSeeOther {
		t.Fatalf("delete reply: %d", r.status)
	}
	var n int
	must(t, e.d.R().QueryRowContext(context.Background(), `SELECT COUNT(*) FROM comments WHERE id IN (?, ?)`, id, replyID).Scan(&n))
	if n != 0 {
		t.Errorf("%d rows left: the reply and its placeholder parent should both be gone", n)
	}
}

// TestGuestComment: a guest's comment shows only once the emailed link is
// followed (once); the address never appears.
func TestGuestComment(t *testing.T) { dbtest.Each(t, testGuestComment) }

func testGuestComment(t *testing.T, d *db.DB) {
	e := newEnv(t, d)
	anon := e.anonymous()
	email := "guest.person@example.ma"
	bad := e.post(anon, "/comments?lang=fr", url.Values{"target": {"guestbook:1"}, "body": {"Bonjour"}, "name": {"Amina"}, "email": {"nope"}})
	if bad.status != http.StatusUnprocessableEntity || !strings.Contains(bad.body, "adresse électronique valide") || !strings.Contains(bad.body, "Bonjour") {
		t.Fatalf("bad email: %d\n%s", bad.status, mainPart(bad.body))
	}
	r := e.post(anon, "/comments?lang=fr", url.Values{"target": {"guestbook:1"}, "body": {"Bonjour à tous"}, "name": {"Amina"}, "email": {email}})
	if r.status != http.StatusOK || !strings.Contains(r.body, "courriel") {
		t.Fatalf("guest post: %d\n%s", r.status, mainPart(r.body))
	}
	if strings.Contains(e.get(anon, "/threads/guestbook/1").body, "Bonjour à tous") {
		t.Fatal("an unconfirmed guest comment is shown")
	}
	mails := e.mails(email)
	if len(mails) != 1 {
		t.Fatalf("%d mails to the guest", len(mails))
	}
	link := regexpLink.FindString(mails[0].Text)
	if link == "" {
		t.Fatalf("no link in:\n%s", mails[0].Text)
	}
	u, _ := url.Parse(link)
	if c := e.press(anon, u.RequestURI()); c.status != http.StatusOK {
		t.Fatalf("confirm: %d", c.status)
	}
	thread := e.get(anon, "/threads/guestbook/1?lang=fr")
	if !strings.Contains(thread.body, "Bonjour à tous") || !strings.Contains(thread.body, "Amina") || strings.Contains(thread.body, email) {
		t.Errorf("confirmed guest comment:\n%s", mainPart(thread.body))
	}
	if c := e.post(anon, "/comments/confirm", url.Values{"token": {u.Query().Get("token")}}); c.status != http.StatusBadRequest {
		t.Errorf("second use of the link: %d", c.status)
	}
	// A moderator may approve a guest comment without confirmation.
	e.post(anon, "/comments", url.Values{"target": {"guestbook:1"}, "body": {"Second"}, "name": {"Omar"}, "email": {"omar@example.ma"}})
	var pending int64
	must(t, e.d.R().QueryRowContext(context.Background(), `SELECT id FROM comments WHERE status = 'pending'`).Scan(&pending))
	mod := e.signIn(auth.Moderator)
	if q := e.get(mod, "/admin/moderation"); !strings.Contains(q.body, "Omar") || strings.Contains(q.body, "omar@example.ma") {
		t.Error("the queue must show the pending guest comment, without its address")
	}
	e.post(mod, "/admin/moderation/comments/"+itoa(pending), url.Values{"action": {"approve"}})
	if !strings.Contains(e.get(anon, "/threads/guestbook/1").body, "Second") {
		t.Error("an approved guest comment is not shown")
	}
}

// TestAPI: the list and the write, with a token's scope.
func TestAPI(t *testing.T) { dbtest.Each(t, testAPI) }

func testAPI(t *testing.T, d *db.DB) {
	e := newEnv(t, d)
	citizen := e.signIn(auth.Citizen)
	id := e.comment(citizen, "via the form")
	var list struct {
		Data []map[string]any `json:"data"`
		Next *string          `json:"next"`
	}
	r := e.get(e.anonymous(), "/api/v1/comments?target="+e.target())
	must(t, json.Unmarshal([]byte(r.body), &list))
	if r.status != http.StatusOK || len(list.Data) != 1 || list.Data[0]["id"].(float64) != float64(id) {
		t.Fatalf("list: %d %s", r.status, r.body)
	}
	if strings.Contains(r.body, citizen.Email) || strings.Contains(r.body, "email") {
		t.Error("the API shows an email")
	}
	if r := e.get(e.anonymous(), "/api/v1/comments?target=bad"); r.status != http.StatusBadRequest || r.header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("bad target: %d %s", r.status, r.header.Get("Content-Type"))
	}
	var token, weak string
	must(t, e.d.InTx(context.Background(), func(tx *db.Tx) error {
		var err error
		if token, err = account.CreateToken(context.Background(), tx, citizen.ID, "bot", []string{"comments:write"}); err != nil {
			return err
		}
		weak, err = account.CreateToken(context.Background(), tx, citizen.ID, "weak", []string{"plans:write"})
		return err
	}))
	post := func(tok, body string) answer {
		req, _ := http.NewRequest(http.MethodPost, e.ts.URL+"/api/v1/comments?lang=en", strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		if tok != "" {
			req.Header.Set("Authorization", "Bearer "+tok)
		}
		return e.do(e.anonymous(), req)
	}
	if r := post("", `{"target":"`+e.target()+`","body":"x"}`); r.status != http.StatusUnauthorized {
		t.Errorf("no token: %d", r.status)
	}
	if r := post(weak, `{"target":"`+e.target()+`","body":"x"}`); r.status != http.StatusForbidden {
		t.Errorf("token without the scope: %d", r.status)
	}
	if r := post(token, `{"target":"`+e.target()+`","body":"x","extra":1}`); r.status != http.StatusBadRequest {
		t.Errorf("unknown member: %d", r.status)
	}
	r = post(token, `{"target":"`+e.target()+`","body":""}`)
	if r.status != http.StatusUnprocessableEntity || !strings.Contains(r.body, `"field":"body"`) || r.header.Get("Content-Type") != "application/problem+json" {
		t.Errorf("empty body: %d %s", r.status, r.body)
	}
	r = post(token, `{"target":"`+e.target()+`","body":"from the API","parent":`+itoa(id)+`}`)
	if r.status != http.StatusCreated || !strings.Contains(r.body, `"depth":1`) {
		t.Errorf("create: %d %s", r.status, r.body)
	}
}

// TestCrossOriginPostRefused: the forms are covered by the cross-origin
// protection in front of every route.
func TestCrossOriginPostRefused(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	citizen := e.signIn(auth.Citizen)
	req, _ := http.NewRequest(http.MethodPost, e.ts.URL+"/comments", strings.NewReader(url.Values{"target": {e.target()}, "body": {"x"}}.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://evil.example")
	if r := e.do(citizen, req); r.status != http.StatusForbidden {
		t.Errorf("cross-site POST: %d", r.status)
	}
}

// TestRateLimits: a person posting too fast gets 429 with the message at the
// field and the text kept; a guest address gets few confirmation mails.
func TestRateLimits(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	citizen := e.signIn(auth.Citizen)
	limited := false
	for i := range 15 {
		a := e.post(citizen, "/comments?lang=en", url.Values{"target": {e.target()}, "body": {"Point number " + itoa(int64(i))}})
		if a.status == http.StatusTooManyRequests {
			if !strings.Contains(a.body, "going too fast") || !strings.Contains(a.body, "Point number "+itoa(int64(i))) {
				t.Errorf("429 page:\n%s", mainPart(a.body))
			}
			limited = true
			break
		}
		if a.status != http.StatusSeeOther {
			t.Fatalf("post %d: %d", i, a.status)
		}
	}
	if !limited {
		t.Error("15 comments in a row were all accepted")
	}
	anon := e.anonymous()
	statuses := []int{}
	for i := range 4 {
		a := e.post(anon, "/comments", url.Values{"target": {"guestbook:1"}, "body": {"Hello " + itoa(int64(i))}, "name": {"G"}, "email": {"victim@example.ma"}})
		statuses = append(statuses, a.status)
	}
	if statuses[3] != http.StatusTooManyRequests || len(e.mails("victim@example.ma")) != 3 {
		t.Errorf("guest posts %v, %d mails; want the fourth refused and 3 mails", statuses, len(e.mails("victim@example.ma")))
	}
}

// TestPages: 20 top-level comments a page, newest first, with a link to the
// older ones that works without JavaScript.
func TestPages(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	ctx := context.Background()
	must(t, e.d.InTx(ctx, func(tx *db.Tx) error {
		for i := range 25 {
			if _, err := tx.ExecContext(ctx, `INSERT INTO comments (site_id, target_kind, target_id, guest_name, body, body_html, created_at)
				VALUES (?, 'commitment', ?, 'Reader', ?, ?, ?)`, e.siteID, e.commitment, "n"+itoa(int64(i)), "<p>number-"+itoa(int64(i))+"-end</p>",
				db.Timestamp{Time: tx.Now()}); err != nil {
				return err
			}
		}
		return nil
	}))
	first := e.get(e.anonymous(), "/commitments/"+itoa(e.commitment)+"?lang=en")
	if !strings.Contains(first.body, "number-24-end") || !strings.Contains(first.body, "number-5-end") || strings.Contains(first.body, "number-4-end") {
		t.Fatalf("first page:\n%s", mainPart(first.body))
	}
	m := regexp.MustCompile(`href="(/threads/commitment/\d+\?after=\d+)#comments"`).FindStringSubmatch(first.body)
	if m == nil {
		t.Fatalf("no link to older comments:\n%s", first.body[strings.Index(first.body, "number-5-end"):])
	}
	older := e.get(e.anonymous(), strings.ReplaceAll(m[1], "&amp;", "&")+"&lang=en")
	if older.status != http.StatusOK || !strings.Contains(older.body, "number-4-end") || !strings.Contains(older.body, "number-0-end") ||
		strings.Contains(older.body, "number-5-end") || !strings.Contains(older.body, "Newest comments") {
		t.Errorf("older page %d: %v %v %v %v", older.status, strings.Contains(older.body, "number-4-end"), strings.Contains(older.body, "number-0-end"), strings.Contains(older.body, "number-5-end"), strings.Contains(older.body, "Newest comments"))
	}
	if bad := e.get(e.anonymous(), "/threads/commitment/"+itoa(e.commitment)+"?after=x"); bad.status != http.StatusBadRequest {
		t.Errorf("bad cursor: %d", bad.status)
	}
}
