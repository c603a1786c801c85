package comment

import (
	"bytes"
	"encoding/json"
	"errors"
	"io"
	"mime"
	"net/http"
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// ScopeWrite is the personal-access-token scope that posts comments.
const ScopeWrite = "comments:write"

// APIComment is a comment as the API shows it. It has no email member: a
// guest is shown by the name they gave.
type APIComment struct {
	ID        int64      `json:"id"`
	Target    string     `json:"target"`
	Parent    *int64     `json:"parent"`
	Depth     int        `json:"depth"`
	Author    string     `json:"author"`
	Guest     bool       `json:"guest"`
	Body      string     `json:"body"`
	HTML      string     `json:"html"`
	Stance    string     `json:"stance"`
	Score     int        `json:"score"`
	Replies   int        `json:"replies"`
	CreatedAt time.Time  `json:"created_at"`
	EditedAt  *time.Time `json:"edited_at"`
}

func apiComment(c Comment) APIComment {
	a := APIComment{ID: c.ID, Target: c.Target.String(), Depth: c.Depth, Author: c.Author, Guest: c.Guest, Body: c.Body,
		HTML: c.HTML, Stance: string(c.Stance), Score: c.Score, Replies: c.ReplyCount, CreatedAt: c.CreatedAt.Time}
	if c.ParentID != 0 {
		p := c.ParentID
		a.Parent = &p
	}
	if !c.EditedAt.IsZero() {
		e := c.EditedAt.Time
		a.EditedAt = &e
	}
	return a
}

// apiList answers GET /api/v1/comments: the visible comments of one thing
// (?target=kind:id) or of the whole site, newest first.
func (s *Service) apiList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	before, limit, err := web.PageParams(r)
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	var target *Target
	if raw := r.URL.Query().Get("target"); raw != "" {
		t, err := ParseTarget(raw)
		if err != nil {
			s.Errors.BadRequest(w, r, "error.invalid_filter", "Name", "target")
			return
		}
		if _, _, err := s.lookup(ctx, t); err != nil {
			s.Errors.Error(w, r, err)
			return
		}
		target = &t
	}
	list, err := publicPage(ctx, s.DB.R(), web.SiteOf(ctx).ID, target, before, limit)
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	out := make([]APIComment, 0, len(list))
	public := map[Target]bool{}
	for _, c := range list {
		ok, seen := public[c.Target]
		if !seen {
			_, _, err := s.lookup(ctx, c.Target)
			if err != nil && !errors.Is(err, db.ErrNotFound) {
				s.Errors.Error(w, r, err)
				return
			}
			ok = err == nil
			public[c.Target] = ok
		}
		if ok {
			out = append(out, apiComment(c))
		}
	}
	var last int64
	if len(list) > 0 {
		last = list[len(list)-1].ID
	}
	if err := web.JSON(w, r, http.StatusOK, web.List{Data: out, Next: web.NextCursor(len(list), limit, last)}); err != nil {
		s.Errors.Error(w, r, err)
	}
}

// CommentInput is the body of POST /api/v1/comments.
type CommentInput struct {
	Target string `json:"target"`
	Parent int64  `json:"parent"`
	Body   string `json:"body"`
	Stance string `json:"stance"`
}

// apiCreate answers POST /api/v1/comments, for a signed-in person or a
// token with the comments:write scope.
func (s *Service) apiCreate(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	if u == nil {
		s.Errors.Unauthorized(w, r)
		return
	}
	if !u.HasScope(ScopeWrite) {
		s.Errors.Forbidden(w, r)
		return
	}
	var in CommentInput
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		s.problem(w, r, http.StatusUnsupportedMediaType, map[string]string{"": "comment.api.json"})
		return
	}
	body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, 64<<10))
	if err != nil {
		s.problem(w, r, http.StatusBadRequest, map[string]string{"": "comment.api.bad_json"})
		return
	}
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil || dec.More() {
		s.problem(w, r, http.StatusBadRequest, map[string]string{"": "comment.api.bad_json"})
		return
	}
	target, err := ParseTarget(in.Target)
	if err != nil {
		s.problem(w, r, http.StatusUnprocessableEntity, map[string]string{"target": "comment.api.bad_target"})
		return
	}
	if in.Parent < 0 {
		s.problem(w, r, http.StatusUnprocessableEntity, map[string]string{"parent": "comment.api.bad_parent"})
		return
	}
	c, refused, err := s.create(ctx, r, u, newComment{Target: target, ParentID: in.Parent,
		Input: Input{Body: in.Body, Stance: Stance(in.Stance)}})
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	if refused != nil {
		s.problem(w, r, refused.Status, refused.Fields)
		return
	}
	stored, err := byID(ctx, s.DB.R(), c.SiteID, c.ID)
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	w.Header().Set("Location", "/api/v1/comments?target="+target.String())
	w.Header().Set("Cache-Control", "no-store")
	if err := web.JSON(w, r, http.StatusCreated, web.One{Data: apiComment(*stored)}); err != nil {
		s.Errors.Error(w, r, err)
	}
}

// VoteInput is the body of POST /api/v1/comments/{id}/vote.
type VoteInput struct {
	Value string `json:"value"` // "up", "down" or "none" (withdraws the vote)
}

// VoteAnswer is what POST /api/v1/comments/{id}/vote answers.
type VoteAnswer struct {
	ID    int64 `json:"id"`
	Score int   `json:"score"`
	Vote  int   `json:"vote"` // the person's vote now: 1, -1 or 0
}

// apiVote answers POST /api/v1/comments/{id}/vote, for a signed-in person
// or a token with the comments:write scope: one vote per person, never on
// their own comment (403 with a problem document), 404 for a comment that
// is not shown.
func (s *Service) apiVote(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	if u == nil {
		s.Errors.Unauthorized(w, r)
		return
	}
	if !u.HasScope(ScopeWrite) {
		s.Errors.Forbidden(w, r)
		return
	}
	c, ok := s.comment(w, r)
	if !ok {
		return
	}
	var in VoteInput
	if ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type")); ct != "application/json" {
		s.problem(w, r, http.StatusUnsupportedMediaType, map[string]string{"": "comment.api.json"})
		return
	}
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil || dec.More() {
		s.problem(w, r, http.StatusBadRequest, map[string]string{"": "comment.api.bad_json"})
		return
	}
	value, ok := map[string]int{"up": 1, "down": -1, "none": 0}[in.Value]
	if !ok {
		s.problem(w, r, http.StatusUnprocessableEntity, map[string]string{"value": "comment.error.vote"})
		return
	}
	refused, err := s.castVote(ctx, r, u, c, value)
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	if refused != nil {
		s.problem(w, r, refused.Status, refused.Fields)
		return
	}
	stored, err := byID(ctx, s.DB.R(), c.SiteID, c.ID)
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	if err := web.JSON(w, r, http.StatusOK, web.One{Data: VoteAnswer{ID: c.ID, Score: stored.Score, Vote: value}}); err != nil {
		s.Errors.Error(w, r, err)
	}
}

// FieldError is one bad member of a request body, as the API reports it.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

type validationProblem struct {
	web.Problem
	Errors []FieldError `json:"errors"`
}

// problem answers an RFC 9457 problem document with an entry per field.
func (s *Service) problem(w http.ResponseWriter, r *http.Request, status int, fields map[string]string) {
	p := s.Catalog.Printer(web.Locale(r.Context()))
	names := make([]string, 0, len(fields))
	for f := range fields {
		names = append(names, f)
	}
	sort.Strings(names)
	errs := []FieldError{}
	detail := ""
	for _, f := range names {
		key := fields[f]
		msg := p.T(key)
		if detail == "" {
			detail = msg
		}
		errs = append(errs, FieldError{Field: f, Code: key[strings.LastIndexByte(key, '.')+1:], Message: msg})
	}
	body, err := json.Marshal(validationProblem{Problem: web.Problem{Type: "about:blank",
		Title: p.T("comment.problem." + strconv.Itoa(status)), Status: status, Detail: detail, Instance: r.URL.Path,
		RequestID: web.RequestID(r.Context())}, Errors: errs})
	if err != nil {
		s.Errors.Error(w, r, err)
		return
	}
	w.Header().Del("ETag")
	w.Header().Set("Cache-Control", "no-store")
	web.Send(w, r, status, "application/problem+json", body)
}
