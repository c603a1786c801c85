package comment_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/db/dbtest"
)

// TestSelfVote: nobody votes on their own comment; the author is shown no
// vote buttons on it, and a vote sent anyway is refused with a message.
func TestSelfVote(t *testing.T) { dbtest.Each(t, testSelfVote) }

func testSelfVote(t *testing.T, d *db.DB) {
	e := newEnv(t, d)
	author, other := e.signIn(auth.Citizen), e.signIn(auth.Citizen)
	id := e.comment(author, "my own idea")
	page := "/commitments/" + itoa(e.commitment)
	voteForm := `action="/comments/` + itoa(id) + `/vote"`
	if body := e.get(author, page).body; strings.Contains(body, voteForm) {
		t.Error("the author is offered a vote on their own comment")
	}
	if body := e.get(other, page).body; !strings.Contains(body, voteForm) {
		t.Error("another person is not offered the vote")
	}
	for _, c := range []struct{ lang, want string }{{"en", "You cannot vote on your own comment."},
		{"fr", "Vous ne pouvez pas voter pour votre propre commentaire."}, {"ar", "لا يمكن التصويت على تعليقكم الخاص."}} {
		r := e.post(author, "/comments/"+itoa(id)+"/vote?lang="+c.lang, url.Values{"value": {"up"}})
		if r.status != http.StatusForbidden || !strings.Contains(r.body, c.want) {
			t.Errorf("own vote (%s): %d\n%s", c.lang, r.status, mainPart(r.body))
		}
	}
	if r := e.post(other, "/comments/"+itoa(id)+"/vote", url.Values{"value": {"up"}}); r.status != http.StatusSeeOther {
		t.Errorf("another person's vote: %d", r.status)
	}
	var score, votes int
	must(t, d.R().QueryRowContext(t.Context(), `SELECT score, (SELECT COUNT(*) FROM comment_votes WHERE comment_id = ?)
		FROM comments WHERE id = ?`, id, id).Scan(&score, &votes))
	if score != 1 || votes != 1 {
		t.Errorf("score %d from %d votes, want the other person's only", score, votes)
	}
}

// TestDismissReports: a moderator keeps a reported comment visible; its
// reports leave the queue and the same people cannot bring it back, but new
// reports by others queue it again, and hide it again only once they reach
// the threshold themselves.
func TestDismissReports(t *testing.T) { dbtest.Each(t, testDismissReports) }

func testDismissReports(t *testing.T, d *db.DB) {
	e := newEnv(t, d)
	author, mod := e.signIn(auth.Citizen), e.signIn(auth.Moderator)
	id := e.comment(author, "a sharp but fair criticism")
	page := "/commitments/" + itoa(e.commitment) + "?lang=en"
	report := func(p *person) {
		t.Helper()
		if r := e.post(p, "/comments/"+itoa(id)+"/report", url.Values{"reason": {"offensive"}}); r.status != http.StatusOK {
			t.Fatalf("report: %d", r.status)
		}
	}
	first := []*person{e.signIn(auth.Citizen), e.signIn(auth.Citizen)}
	for _, p := range first {
		report(p)
	}
	q := e.get(mod, "/admin/moderation?lang=en")
	if !strings.Contains(q.body, "a sharp but fair criticism") || !strings.Contains(q.body, "2 reports") || !strings.Contains(q.body, "Keep visible") {
		t.Fatalf("queue before:\n%s", mainPart(q.body))
	}
	path := "/admin/moderation/comments/" + itoa(id)
	if r := e.post(mod, path, url.Values{"action": {"dismiss"}}); r.status != http.StatusSeeOther || !strings.Contains(r.location, "done=dismissed") {
		t.Fatalf("dismiss: %d %q", r.status, r.location)
	}
	if q := e.get(mod, "/admin/moderation?done=dismissed&lang=en"); strings.Contains(q.body, "a sharp but fair criticism") ||
		!strings.Contains(q.body, "The reports are dismissed; the comment stays visible.") {
		t.Errorf("queue after the dismissal:\n%s", mainPart(q.body))
	}
	if !strings.Contains(e.get(e.anonymous(), page).body, "a sharp but fair criticism") {
		t.Error("a dismissed comment is not shown")
	}
	// A decision that does not fit the state is refused: it is not hidden.
	if r := e.post(mod, path+"?lang=en", url.Values{"action": {"restore"}}); r.status != http.StatusConflict {
		t.Errorf("restoring a visible comment: %d", r.status)
	}
	// The same people reporting again change nothing.
	for _, p := range first {
		report(p)
	}
	if q := e.get(mod, "/admin/moderation?lang=en"); strings.Contains(q.body, "a sharp but fair criticism") {
		t.Error("the dismissed reports re-queued the comment")
	}
	// A new person's report queues it again, counting only the new report.
	second := []*person{e.signIn(auth.Citizen), e.signIn(auth.Citizen), e.signIn(auth.Citizen)}
	report(second[0])
	q = e.get(mod, "/admin/moderation?lang=en")
	if !strings.Contains(q.body, "a sharp but fair criticism") || !strings.Contains(q.body, "1 report") || strings.Contains(q.body, "2 reports") {
		t.Errorf("queue after a new report:\n%s", mainPart(q.body))
	}
	report(second[1])
	if strings.Contains(e.get(e.anonymous(), page).body, "hidden by moderation") {
		t.Error("hidden with 2 new reports; the threshold is 3")
	}
	report(second[2])
	if !strings.Contains(e.get(e.anonymous(), page).body, "hidden by moderation") {
		t.Error("not hidden by 3 new reports")
	}
	// Dismissing a hidden comment does not apply; keeping it hidden does.
	if r := e.post(mod, path, url.Values{"action": {"dismiss"}}); r.status != http.StatusConflict {
		t.Errorf("dismissing a hidden comment: %d", r.status)
	}
	if r := e.post(mod, path, url.Values{"action": {"hide"}}); r.status != http.StatusSeeOther {
		t.Errorf("keep hidden: %d", r.status)
	}
	if q := e.get(mod, "/admin/moderation?lang=en"); strings.Contains(q.body, "a sharp but fair criticism") {
		t.Error("a comment kept hidden stays in the queue")
	}
	// Each decision is in the public ledger, without the text.
	ledger := e.get(e.anonymous(), "/audit/download").body
	if !strings.Contains(ledger, "comment dismissed on") || !strings.Contains(ledger, "comment hidden on") || strings.Contains(ledger, "sharp but fair") {
		t.Errorf("ledger:\n%.3000s", ledger)
	}
}

// TestVoteAPI: POST /api/v1/comments/{id}/vote with a token: a vote on
// someone else's comment counts; one on one's own is a 403 problem document
// in the request's language.
func TestVoteAPI(t *testing.T) {
	e := newEnv(t, dbtest.SQLite(t))
	author, other := e.signIn(auth.Citizen), e.signIn(auth.Citizen)
	id := e.comment(author, "a comment to vote on")
	tokens := map[int64]string{}
	must(t, e.d.InTx(context.Background(), func(tx *db.Tx) error {
		for _, p := range []*person{author, other} {
			tok, err := account.CreateToken(context.Background(), tx, p.ID, "bot", []string{"comments:write"})
			if err != nil {
				return err
			}
			tokens[p.ID] = tok
		}
		return nil
	}))
	vote := func(tok, lang, body string) answer {
		req, _ := http.NewRequest(http.MethodPost, e.ts.URL+"/api/v1/comments/"+itoa(id)+"/vote?lang="+lang, strings.NewReader(body))
		req.Header.Set("Content-Type", "application/json")
		req.Header.Set("Authorization", "Bearer "+tok)
		return e.do(e.anonymous(), req)
	}
	r := vote(tokens[author.ID], "fr", `{"value":"up"}`)
	var problem struct {
		Status int    `json:"status"`
		Detail string `json:"detail"`
		Errors []struct{ Code string }
	}
	must(t, json.Unmarshal([]byte(r.body), &problem))
	if r.status != http.StatusForbidden || r.header.Get("Content-Type") != "application/problem+json" || problem.Status != 403 ||
		problem.Detail != "Vous ne pouvez pas voter pour votre propre commentaire." || len(problem.Errors) != 1 || problem.Errors[0].Code != "own_vote" {
		t.Errorf("own vote: %d %s", r.status, r.body)
	}
	if r := vote(tokens[other.ID], "en", `{"value":"sideways"}`); r.status != http.StatusUnprocessableEntity {
		t.Errorf("bad value: %d %s", r.status, r.body)
	}
	r = vote(tokens[other.ID], "en", `{"value":"up"}`)
	if r.status != http.StatusOK || !strings.Contains(r.body, `"score":1`) || !strings.Contains(r.body, `"vote":1`) {
		t.Errorf("vote: %d %s", r.status, r.body)
	}
	if r := vote(tokens[other.ID], "en", `{"value":"none"}`); r.status != http.StatusOK || !strings.Contains(r.body, `"score":0`) {
		t.Errorf("withdrawn vote: %d %s", r.status, r.body)
	}
}
