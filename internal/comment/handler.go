package comment

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// Routes registers the thread pages, the comment forms, the guest
// confirmation link, the moderation queue and the API.
func (s *Service) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /threads/{kind}/{id}", s.threadPage)
	mux.HandleFunc("POST /comments", s.post)
	// The guest's emailed link: the GET shows a button, the POST publishes.
	mux.HandleFunc("GET /comments/confirm", s.confirmPage)
	mux.HandleFunc("POST /comments/confirm", s.confirmPost)
	mux.HandleFunc("GET /comments/{id}/replies", s.repliesPage)
	mux.HandleFunc("GET /comments/{id}/edit", auth.Require(auth.Citizen, s.Errors, s.editPage))
	mux.HandleFunc("POST /comments/{id}/edit", auth.Require(auth.Citizen, s.Errors, s.update))
	mux.HandleFunc("POST /comments/{id}/delete", auth.Require(auth.Citizen, s.Errors, s.delete))
	mux.HandleFunc("POST /comments/{id}/vote", auth.Require(auth.Citizen, s.Errors, s.vote))
	mux.HandleFunc("POST /comments/{id}/report", auth.Require(auth.Citizen, s.Errors, s.report))

	mux.HandleFunc("GET /admin/moderation", auth.Require(auth.Moderator, s.Errors, s.queuePage))
	mux.HandleFunc("POST /admin/moderation/comments/{id}", auth.Require(auth.Moderator, s.Errors, s.moderate))
	mux.HandleFunc("POST /admin/moderation/users/{id}", auth.Require(auth.Moderator, s.Errors, s.block))
	// Other contributions (Reportable): their report form and the moderators' decisions.
	mux.HandleFunc("POST /reports", auth.Require(auth.Citizen, s.Errors, s.reportThing))
	mux.HandleFunc("POST /admin/moderation/items/{kind}/{id}", auth.Require(auth.Moderator, s.Errors, s.moderateThing))

	mux.HandleFunc("GET /api/v1/comments", s.apiList)
	mux.HandleFunc("POST /api/v1/comments", s.apiCreate)
	mux.HandleFunc("POST /api/v1/comments/{id}/vote", s.apiVote)
}

// ThreadPage is the data of a thread's own page.
type ThreadPage struct {
	Thread *ThreadView
}

func (s *Service) threadPage(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		s.Errors.NotFound(w, r)
		return
	}
	v, err := s.Thread(r.Context(), r, Target{Kind: r.PathValue("kind"), ID: id}, r.URL.Query().Get("after"))
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "comment_thread_page", ThreadPage{Thread: v})
}

// RepliesPage is the data of a comment's replies page.
type RepliesPage struct {
	Thread  *ThreadView // the thread's options and viewer; Comments holds the comment itself
	Replies []View
	Parent  *View
	Up      string // the parent's own replies page, or the thread
	Here    string // this page
}

func (s *Service) repliesPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, ok := s.comment(w, r)
	if !ok {
		return
	}
	if c.Status == Pending {
		s.Errors.NotFound(w, r)
		return
	}
	v, err := s.Thread(ctx, r, c.Target, "")
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	replies, err := repliesOf(ctx, s.DB.R(), c.SiteID, c.ID, 500)
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	parent, err := s.views(ctx, v.Viewer, []Comment{*c})
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	page := RepliesPage{Thread: v, Parent: &parent[0], Up: v.Path + "#comment-" + itoa(c.ID), Here: "/comments/" + itoa(c.ID) + "/replies"}
	if c.ParentID != 0 {
		page.Up = "/comments/" + itoa(c.ParentID) + "/replies#comment-" + itoa(c.ID)
	}
	if page.Replies, err = s.views(ctx, v.Viewer, replies); err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "comment_replies", page)
}

// FormPage re-shows a comment form with what was typed and a message at each
// field that failed, or an edit form.
type FormPage struct {
	Thread  *ThreadView
	Form    *web.Form
	Parent  *View // when replying
	Edit    *Comment
	Action  string
	Stance  bool
	Guest   bool
	Back    string
	Heading string // message key
}

func (s *Service) post(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	f, err := web.ParseForm(w, r)
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	target, err := ParseTarget(f.Get("target"))
	if err != nil {
		s.Errors.NotFound(w, r)
		return
	}
	var parentID int64
	if p := f.Get("parent"); p != "" {
		if parentID, err = strconv.ParseInt(p, 10, 64); err != nil || parentID <= 0 {
			s.Errors.NotFound(w, r)
			return
		}
	}
	u := auth.UserFrom(ctx)
	in := newComment{Target: target, ParentID: parentID, Input: Input{Body: f.Values.Get("body"), Stance: Stance(f.Get("stance")),
		GuestName: f.Get("name"), GuestEmail: f.Get("email")}}
	c, refused, err := s.create(ctx, r, u, in)
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	if refused != nil {
		if refused.Status == http.StatusUnauthorized {
			http.Redirect(w, r, "/login?next="+url.QueryEscape(threadPath(target)+"#comments"), http.StatusSeeOther)
			return
		}
		for field, key := range refused.Fields {
			if field == "" {
				field = "body"
			}
			f.Fail(field, key)
		}
		s.formPage(w, r, refused.Status, target, parentID, f)
		return
	}
	if c.Status == Pending {
		s.notice(w, r, http.StatusOK, "comment.notice.check_email", threadPath(target))
		return
	}
	http.Redirect(w, r, s.placeOf(ctx, c), http.StatusSeeOther)
}

// placeOf is where a comment is seen: its thing's page for a top-level one,
// its parent's replies page for a reply.
func (s *Service) placeOf(ctx context.Context, c *Comment) string {
	if c.ParentID != 0 {
		return "/comments/" + itoa(c.ParentID) + "/replies#comment-" + itoa(c.ID)
	}
	kind, ok := s.Kinds.Get(c.Target.Kind)
	if !ok {
		return threadPath(c.Target) + "#comment-" + itoa(c.ID)
	}
	return kind.URL(c.Target.ID) + "#comment-" + itoa(c.ID)
}

// formPage answers status with the new-comment (or reply) form re-shown.
func (s *Service) formPage(w http.ResponseWriter, r *http.Request, status int, target Target, parentID int64, f *web.Form) {
	ctx := r.Context()
	v, err := s.Thread(ctx, r, target, "")
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	page := FormPage{Thread: v, Form: f, Action: "/comments", Stance: v.Kind.Stance && parentID == 0,
		Guest: !v.Viewer.SignedIn, Back: v.URL + "#comments", Heading: "comment.form.title"}
	if parentID != 0 {
		parent, err := byID(ctx, s.DB.R(), web.SiteOf(ctx).ID, parentID)
		if err != nil {
			s.Errors.Error(w, r, err)
			return
		}
		pv, err := s.views(ctx, v.Viewer, []Comment{*parent})
		if err != nil {
			s.Errors.Error(w, r, err)
			return
		}
		page.Parent, page.Heading, page.Back = &pv[0], "comment.reply_title", "/comments/"+itoa(parentID)+"/replies"
	}
	s.render(w, r, status, "comment_form", page)
}

// ConfirmPage is what a guest's emailed link opens: what the button does,
// and the button, which posts the token.
type ConfirmPage struct {
	Token string
}

// confirmPage: GET /comments/confirm?token=. Mail scanners follow links
// too, so it publishes nothing: it checks the token without using it and
// shows the button.
func (s *Service) confirmPage(w http.ResponseWriter, r *http.Request) {
	token := r.URL.Query().Get("token")
	linkHeaders(w)
	if _, err := checkToken(r.Context(), s.DB.R(), web.SiteOf(r.Context()).ID, hashToken(token), time.Now()); err != nil {
		s.confirmFailed(w, r, err)
		return
	}
	s.render(w, r, http.StatusOK, "comment_confirm", ConfirmPage{Token: token})
}

// confirmPost: POST /comments/confirm, the button: publishes the comment
// and uses the link up.
func (s *Service) confirmPost(w http.ResponseWriter, r *http.Request) {
	f, err := web.ParseForm(w, r)
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	linkHeaders(w)
	c, err := s.confirm(r.Context(), f.Values.Get("token"))
	if err != nil {
		s.confirmFailed(w, r, err)
		return
	}
	s.notice(w, r, http.StatusOK, "comment.notice.confirmed", s.placeOf(r.Context(), c))
}

func (s *Service) confirmFailed(w http.ResponseWriter, r *http.Request, err error) {
	if err == db.ErrNotFound {
		s.notice(w, r, http.StatusBadRequest, "comment.notice.bad_link", "/")
		return
	}
	s.Errors.Error(w, r, err)
}

// linkHeaders keeps a page reached with a token out of every cache, and the
// token out of the Referer of whatever the page loads or links to.
func linkHeaders(w http.ResponseWriter) {
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Referrer-Policy", "no-referrer")
}

func (s *Service) editPage(w http.ResponseWriter, r *http.Request) {
	c, ok := s.comment(w, r)
	if !ok {
		return
	}
	f := web.NewForm(url.Values{"body": {c.Body}, "stance": {string(c.Stance)}})
	if ref := s.mayChange(r.Context(), auth.UserFrom(r.Context()), c); ref != nil {
		s.Errors.Forbidden(w, r)
		return
	}
	if !CanEdit(c.CreatedAt.Time, time.Now()) {
		f.Fail("body", "comment.error.edit_window")
	}
	s.editForm(w, r, http.StatusOK, c, f)
}

func (s *Service) editForm(w http.ResponseWriter, r *http.Request, status int, c *Comment, f *web.Form) {
	v, err := s.Thread(r.Context(), r, c.Target, "")
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	s.render(w, r, status, "comment_form", FormPage{Thread: v, Form: f, Edit: c, Action: "/comments/" + itoa(c.ID) + "/edit",
		Stance: v.Kind.Stance && c.ParentID == 0, Back: s.placeOf(r.Context(), c), Heading: "comment.edit_title"})
}

func (s *Service) update(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, ok := s.comment(w, r)
	if !ok {
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	refused, err := s.changeText(ctx, auth.UserFrom(ctx), c, Input{Body: f.Values.Get("body"), Stance: Stance(f.Get("stance"))})
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	if refused != nil {
		if _, whole := refused.Fields[""]; whole {
			s.notice(w, r, refused.Status, refused.Fields[""], s.placeOf(ctx, c))
			return
		}
		for field, key := range refused.Fields {
			f.Fail(field, key)
		}
		s.editForm(w, r, refused.Status, c, f)
		return
	}
	http.Redirect(w, r, s.placeOf(ctx, c), http.StatusSeeOther)
}

func (s *Service) delete(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, ok := s.comment(w, r)
	if !ok {
		return
	}
	if refused := s.mayChange(ctx, auth.UserFrom(ctx), c); refused != nil {
		s.notice(w, r, refused.Status, refused.Fields[""], s.placeOf(ctx, c))
		return
	}
	back := s.placeOf(ctx, c)
	if err := s.DB.InTx(ctx, func(tx *db.Tx) error { return remove(ctx, tx, c) }); err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	http.Redirect(w, r, strings.SplitN(back, "#", 2)[0]+"#comments", http.StatusSeeOther)
}

func (s *Service) vote(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, ok := s.comment(w, r)
	if !ok {
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	value, ok := map[string]int{"up": 1, "down": -1, "none": 0}[f.Get("value")]
	if !ok {
		s.Errors.BadRequest(w, r, "comment.error.vote")
		return
	}
	refused, err := s.castVote(ctx, r, auth.UserFrom(ctx), c, value)
	s.afterAction(w, r, c, f, refused, err)
}

func (s *Service) report(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	c, ok := s.comment(w, r)
	if !ok {
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	refused, err := s.fileReport(ctx, r, auth.UserFrom(ctx), c, Reason(f.Get("reason")))
	if err == nil && refused == nil {
		s.notice(w, r, http.StatusOK, "comment.notice.reported", backTo(f, s.placeOf(ctx, c)))
		return
	}
	s.afterAction(w, r, c, f, refused, err)
}

// afterAction answers a vote or report: back to the page it came from, or
// a page saying why not.
func (s *Service) afterAction(w http.ResponseWriter, r *http.Request, c *Comment, f *web.Form, refused *refusal, err error) {
	back := backTo(f, s.placeOf(r.Context(), c))
	switch {
	case err != nil:
		s.Errors.Error(w, r, err)
	case refused != nil:
		for _, key := range refused.Fields {
			s.notice(w, r, refused.Status, key, back)
			return
		}
	default:
		web.RedirectLocal(w, back, s.placeOf(r.Context(), c))
	}
}

// backTo is the form's "back" field when it is a page of this site
// (web.LocalTarget), else fallback.
func backTo(f *web.Form, fallback string) string {
	if b := web.LocalTarget(f.Get("back")); b != "" {
		return b
	}
	return fallback
}

// NoticePage is a short message with a way back.
type NoticePage struct {
	Message string // message key
	Back    string
}

func (s *Service) notice(w http.ResponseWriter, r *http.Request, status int, key, back string) {
	if w.Header().Get("Cache-Control") == "" {
		w.Header().Set("Cache-Control", "no-store")
	}
	s.render(w, r, status, "comment_notice", NoticePage{Message: key, Back: back})
}

// comment loads the {id} comment of the site, answering 404 itself.
func (s *Service) comment(w http.ResponseWriter, r *http.Request) (*Comment, bool) {
	id, ok := pathID(r)
	if !ok {
		s.Errors.NotFound(w, r)
		return nil, false
	}
	c, err := byID(r.Context(), s.DB.R(), web.SiteOf(r.Context()).ID, id)
	if err == nil {
		_, _, err = s.lookup(r.Context(), c.Target)
	}
	if err != nil {
		s.Errors.Error(w, r, err)
		return nil, false
	}
	return c, true
}

func (s *Service) render(w http.ResponseWriter, r *http.Request, status int, page string, data any) {
	if err := s.Pages.Page(w, r, status, page, "", data); err != nil {
		s.Errors.Error(w, r, err)
	}
}

func pathID(r *http.Request) (int64, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	return id, err == nil && id > 0
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }
