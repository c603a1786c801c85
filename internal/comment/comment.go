package comment

import (
	"context"
	"fmt"
	"html/template"
	"log/slog"
	"net/http"
	"net/url"
	"regexp"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/platform/web"
)

// Target names the thing a comment is on: a kind registered in Kinds and
// the thing's id.
type Target struct {
	Kind string
	ID   int64
}

// String writes the target as "kind:id", the form the API takes.
func (t Target) String() string { return t.Kind + ":" + strconv.FormatInt(t.ID, 10) }

var kindName = regexp.MustCompile(`^[a-z][a-z_]{0,31}$`)

// ParseTarget reads "kind:id". It does not check that the kind is registered.
func ParseTarget(s string) (Target, error) {
	kind, id, ok := strings.Cut(s, ":")
	n, err := strconv.ParseInt(id, 10, 64)
	if !ok || err != nil || n <= 0 || !kindName.MatchString(kind) {
		return Target{}, fmt.Errorf("comment: bad target %q", s)
	}
	return Target{Kind: kind, ID: n}, nil
}

// Subject is what a thread shows of the thing it is about.
type Subject struct {
	Title  i18n.Text // the thing's title, for the thread's own pages
	URL    string    // where the thing is shown; the kind's URL when empty
	Closed bool      // comments are closed: the thread is shown, nothing can be added
}

// Kind is a commentable kind of thing and its options.
type Kind struct {
	Name   string // "commitment", "milestone", "proposal", "news", …
	Stance bool   // comments take a stance: in favour, neutral, against
	Guests bool   // people without an account may comment (name and a confirmed email)
	// URL is the public page of the thing with that id; posting returns there.
	URL func(id int64) string
	// Lookup reports whether the thing exists and is public on the site and
	// what the thread shows of it: db.ErrNotFound when it is not. While it is
	// nil (a kind whose feature is not wired yet), nothing of the kind can be
	// read or commented.
	Lookup func(ctx context.Context, siteID, id int64) (*Subject, error)
}

// Kinds is the registry of commentable kinds. Kinds are registered while the
// server is wired, before it serves; it is read-only afterwards.
type Kinds struct {
	mu sync.RWMutex
	m  map[string]*Kind
}

// NewKinds returns an empty registry.
func NewKinds() *Kinds { return &Kinds{m: map[string]*Kind{}} }

// Register adds k; it fails on a malformed or duplicate name or a missing URL.
func (ks *Kinds) Register(k Kind) error {
	if !kindName.MatchString(k.Name) || k.URL == nil {
		return fmt.Errorf("comment: kind %q needs a lower-case name and a URL", k.Name)
	}
	ks.mu.Lock()
	defer ks.mu.Unlock()
	if _, dup := ks.m[k.Name]; dup {
		return fmt.Errorf("comment: kind %q registered twice", k.Name)
	}
	ks.m[k.Name] = &k
	return nil
}

// SetLookup wires the visibility check of an already registered kind (a
// feature wired after the comment engine).
func (ks *Kinds) SetLookup(name string, lookup func(ctx context.Context, siteID, id int64) (*Subject, error)) error {
	ks.mu.Lock()
	defer ks.mu.Unlock()
	k, ok := ks.m[name]
	if !ok {
		return fmt.Errorf("comment: unknown kind %q", name)
	}
	k.Lookup = lookup
	return nil
}

// Get returns the kind named name.
func (ks *Kinds) Get(name string) (*Kind, bool) {
	ks.mu.RLock()
	defer ks.mu.RUnlock()
	k, ok := ks.m[name]
	return k, ok
}

// Names lists the registered kinds, sorted.
func (ks *Kinds) Names() []string {
	ks.mu.RLock()
	defer ks.mu.RUnlock()
	out := make([]string, 0, len(ks.m))
	for n := range ks.m {
		out = append(out, n)
	}
	sort.Strings(out)
	return out
}

// Status is a comment's moderation state.
type Status string

const (
	Visible Status = "visible" // shown
	Pending Status = "pending" // a guest's, until the address is confirmed or a moderator approves it
	Hidden  Status = "hidden"  // hidden by reports or a moderator; a placeholder is shown
	Deleted Status = "deleted" // deleted by its author while it had replies; a placeholder is shown
)

// Stance is a comment's position on the thing, where the kind asks for one.
type Stance string

const (
	NoStance Stance = ""
	Favour   Stance = "favour"
	Neutral  Stance = "neutral"
	Against  Stance = "against"
)

// Stances lists the stances a person may choose.
var Stances = []Stance{Favour, Neutral, Against}

// Reason is why someone reports a comment.
type Reason string

const (
	Spam      Reason = "spam"
	Offensive Reason = "offensive"
	OffTopic  Reason = "off_topic"
)

// Reasons lists the report reasons.
var Reasons = []Reason{Spam, Offensive, OffTopic}

// Comment is one comment as the public may see it. It has no email field:
// a guest's address is written once and only read to send its confirmation.
type Comment struct {
	ID          int64
	SiteID      int64
	Target      Target
	ParentID    int64 // 0 for a top-level comment
	Depth       int   // 0 for a top-level comment
	UserID      int64 // 0 for a guest or a deleted account
	Author      string
	Guest       bool
	Body        string // markdown as typed
	HTML        string // sanitized rendering of Body
	Stance      Stance
	Status      Status
	Score       int
	ReplyCount  int
	ReportCount int
	CreatedAt   db.Timestamp
	EditedAt    db.Timestamp
}

// Service is the comment engine: its pages, API, moderation queue and the
// thread that other features embed.
type Service struct {
	DB      *db.DB
	Pages   *web.Renderer
	Errors  *web.Errors
	Catalog *i18n.Catalog
	Mail    mail.Sender
	Log     *slog.Logger
	Now     func() time.Time
	Kinds   *Kinds

	once        sync.Once
	limits      *limits
	reportables map[string]Reportable // other contributions people may report (AddReportable)
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *Service) lim() *limits {
	s.once.Do(func() { s.limits = newLimits() })
	return s.limits
}

// ThreadView is what the "comment_thread" partial shows: one page of a
// thread's top-level comments and the forms the visitor may use.
type ThreadView struct {
	Target   Target
	Kind     *Kind
	Subject  *Subject
	URL      string // the thing's page
	Path     string // the thread's own page, /threads/{kind}/{id}
	Here     string // the page showing the thread, where its forms return
	Comments []View
	Total    int    // comments shown on the whole thread, replies included
	Next     string // the next page's URL, "" on the last one
	First    string // the first page's URL, "" on the first one
	Viewer   Viewer
	Form     *web.Form // the new comment's form (values and errors)
	Stances  []Stance
	Reasons  []Reason
}

// Viewer is what the thread knows of the person looking at it.
type Viewer struct {
	UserID      int64
	SignedIn    bool
	Blocked     bool
	CanModerate bool
	CanPost     bool   // the new-comment form is shown
	Guest       bool   // the form asks for a name and an email
	LoginURL    string // for a visitor who must sign in to comment
}

// View is one comment with what the viewer may do with it.
type View struct {
	Comment
	Rendered template.HTML
	Mine     bool
	CanEdit  bool
	CanReply bool
	Vote     int  // the viewer's vote: 1, -1 or 0
	Gone     bool // a placeholder for a deleted or hidden comment
}

// Thread returns the page of target's thread that starts after cursor ("" for
// the first page), as the viewer of r sees it. db.ErrNotFound when the kind is
// unknown or the thing is not public; a *web.BadInput for a bad cursor.
func (s *Service) Thread(ctx context.Context, r *http.Request, target Target, cursor string) (*ThreadView, error) {
	kind, subj, err := s.lookup(ctx, target)
	if err != nil {
		return nil, err
	}
	after, err := parseCursor(cursor)
	if err != nil {
		return nil, err
	}
	site := web.SiteOf(ctx)
	list, more, err := topLevel(ctx, s.DB.R(), site.ID, target, after, PageSize)
	if err != nil {
		return nil, err
	}
	total, err := countVisible(ctx, s.DB.R(), site.ID, target)
	if err != nil {
		return nil, err
	}
	viewer, err := s.viewer(ctx, r, kind, subj)
	if err != nil {
		return nil, err
	}
	v := &ThreadView{Target: target, Kind: kind, Subject: subj, URL: subjectURL(kind, subj, target.ID),
		Path: threadPath(target), Here: kind.URL(target.ID), Total: total, Viewer: viewer, Form: web.NewForm(nil),
		Stances: Stances, Reasons: Reasons}
	if r.Method == http.MethodGet {
		v.Here = r.URL.Path
		if after != 0 {
			v.Here += "?after=" + strconv.FormatInt(after, 10)
		}
	}
	if v.Comments, err = s.views(ctx, viewer, list); err != nil {
		return nil, err
	}
	if more && len(list) > 0 {
		v.Next = v.Path + "?after=" + strconv.FormatInt(list[len(list)-1].ID, 10) + "#comments"
	}
	if after != 0 {
		v.First = v.Path + "#comments"
	}
	return v, nil
}

// Embed returns the first page of the thread on the thing of kind with id,
// for a feature's page: {{with .Data.Thread}}{{template "comment_thread" .}}{{end}}.
func (s *Service) Embed(r *http.Request, kind string, id int64) (any, error) {
	v, err := s.Thread(r.Context(), r, Target{Kind: kind, ID: id}, "")
	if err != nil {
		return nil, err
	}
	return v, nil
}

// Counts returns how many comments are shown on each of the things of kind
// with ids (absent ids have none).
func (s *Service) Counts(ctx context.Context, kind string, ids []int64) (map[int64]int, error) {
	return countsOf(ctx, s.DB.R(), web.SiteOf(ctx).ID, kind, ids)
}

func (s *Service) lookup(ctx context.Context, t Target) (*Kind, *Subject, error) {
	kind, ok := s.Kinds.Get(t.Kind)
	if !ok || kind.Lookup == nil || t.ID <= 0 {
		return nil, nil, db.ErrNotFound
	}
	subj, err := kind.Lookup(ctx, web.SiteOf(ctx).ID, t.ID)
	if err != nil {
		return nil, nil, err
	}
	if subj == nil {
		subj = &Subject{}
	}
	return kind, subj, nil
}

func (s *Service) viewer(ctx context.Context, r *http.Request, kind *Kind, subj *Subject) (Viewer, error) {
	u := auth.UserFrom(ctx)
	v := Viewer{LoginURL: "/login?next=" + url.QueryEscape(r.URL.RequestURI()+"#comments")}
	if u == nil {
		v.Guest = kind.Guests && !subj.Closed
		v.CanPost = v.Guest
		return v, nil
	}
	blocked, err := isBlocked(ctx, s.DB.R(), u.ID)
	if err != nil {
		return v, err
	}
	v.UserID, v.SignedIn, v.Blocked, v.CanModerate = u.ID, true, blocked, u.AtLeast(auth.Moderator)
	v.CanPost = !blocked && !subj.Closed
	return v, nil
}

// views pairs comments with what the viewer may do.
func (s *Service) views(ctx context.Context, viewer Viewer, list []Comment) ([]View, error) {
	votes := map[int64]int{}
	if viewer.SignedIn && len(list) > 0 {
		ids := make([]int64, len(list))
		for i, c := range list {
			ids[i] = c.ID
		}
		var err error
		if votes, err = votesOf(ctx, s.DB.R(), viewer.UserID, ids); err != nil {
			return nil, err
		}
	}
	now := s.now()
	out := make([]View, len(list))
	for i, c := range list {
		v := View{Comment: c, Vote: votes[c.ID]}
		v.Gone = c.Status != Visible
		v.Mine = viewer.SignedIn && c.UserID == viewer.UserID
		if v.Gone {
			v.Body, v.HTML = "", ""
		} else {
			v.Rendered = template.HTML(c.HTML) // sanitized when written
			v.CanEdit = v.Mine && !viewer.Blocked && CanEdit(c.CreatedAt.Time, now)
			v.CanReply = viewer.CanPost && CanReply(c.Depth)
		}
		out[i] = v
	}
	return out, nil
}

func subjectURL(k *Kind, s *Subject, id int64) string {
	if s != nil && s.URL != "" {
		return s.URL
	}
	return k.URL(id)
}

func threadPath(t Target) string {
	return "/threads/" + t.Kind + "/" + strconv.FormatInt(t.ID, 10)
}

func parseCursor(s string) (int64, error) {
	if s == "" {
		return 0, nil
	}
	n, err := strconv.ParseInt(s, 10, 64)
	if err != nil || n <= 0 {
		return 0, web.Invalid("error.invalid_cursor")
	}
	return n, nil
}
