package news

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/audit"
	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/files"
	"github.com/infitah/infitah/internal/platform/web"
	"github.com/infitah/infitah/internal/platform/webform"
)

// Admin serves the administration of news posts at /admin/news, for
// editors and administrators. Every change is recorded in the public ledger.
type Admin struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
	Files  *files.Store
	Now    func() time.Time
}

// Routes registers the administration's routes.
func (h *Admin) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /admin/news", Staff(h.Errors, h.list))
	mux.HandleFunc("GET /admin/news/new", Staff(h.Errors, h.newPost))
	mux.HandleFunc("POST /admin/news/new", Staff(h.Errors, h.create))
	mux.HandleFunc("GET /admin/news/{id}/edit", Staff(h.Errors, h.edit))
	mux.HandleFunc("POST /admin/news/{id}/edit", Staff(h.Errors, h.update))
}

// CanEdit reports whether u may write news and events: editors and
// administrators.
func CanEdit(u *auth.User) bool {
	return u != nil && (u.Role == auth.Editor || u.Role == auth.Admin)
}

// Staff lets editors and administrators through: an anonymous visitor is
// sent to sign in, anyone else gets 403.
func Staff(errs *web.Errors, next http.HandlerFunc) http.HandlerFunc {
	return auth.Require(auth.Editor, errs, func(w http.ResponseWriter, r *http.Request) {
		if !CanEdit(auth.UserFrom(r.Context())) {
			errs.Forbidden(w, r)
			return
		}
		next(w, r)
	})
}

// AdminPage renders an administration page that no cache may keep.
func AdminPage(pages *web.Renderer, errs *web.Errors, w http.ResponseWriter, r *http.Request, status int, name string, data any) {
	w.Header().Set("Cache-Control", "private, no-store")
	if err := pages.Page(w, r, status, name, "admin", data); err != nil {
		errs.Error(w, r, err)
	}
}

// AdminList is what /admin/news shows.
type AdminList struct {
	Posts []Post
	Now   time.Time
	Saved bool
}

func (h *Admin) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	posts, err := Posts(ctx, h.DB.R(), web.SiteOf(ctx).ID, ListFilter{Limit: 500})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	AdminPage(h.Pages, h.Errors, w, r, http.StatusOK, "newsadmin_list", AdminList{Posts: posts, Now: h.Now(), Saved: r.URL.Query().Get("saved") != ""})
}

func (h *Admin) form(r *http.Request, f *web.Form, p *Post, kept Uploads) (*webform.FormView, error) {
	ctx := r.Context()
	pr := h.Errors.Catalog.Printer(web.Locale(ctx))
	l := web.Locale(ctx)
	b := FormKit.Builder(pr, f)
	b.Max = map[string]int{"title": MaxTitleLen, "slug": MaxSlug, "summary": MaxSummaryLen, "body": MaxBodyLen,
		"byline": MaxBylineLen, "tags": MaxTagsLen, "cover_alt": MaxCoverAltLen}
	choices, err := CommitmentChoices(ctx, h.DB.R(), web.SiteOf(ctx).ID)
	if err != nil {
		return nil, err
	}
	opts := make([]webform.Option, len(choices))
	for i, c := range choices {
		opts[i] = webform.Option{Value: Itoa(c.ID), Label: c.Ref + " — " + c.Title.In(l)}
	}
	cover := b.Hint(b.Input("file", "cover", -1, "newsadmin.post.cover", false), "newsadmin.post.cover_hint")
	cover.Accept = "image/png,image/jpeg,image/webp"
	v := &webform.FormView{
		Heading: pr.T("newsadmin.post.new"), Back: "/admin/news", BackLabel: pr.T("newsadmin.title"),
		Action: "/admin/news/new", Multipart: true, Submit: pr.T("newsadmin.form.save"),
		Sets: []webform.FieldSet{
			{Legend: pr.T("newsadmin.post.content"), Fields: []webform.Field{
				b.Texts("title", -1, "newsadmin.post.title", false, true),
				b.Hint(b.Input("text", "slug", -1, "newsadmin.post.slug", true), "newsadmin.post.slug_hint"),
				b.Texts("summary", -1, "newsadmin.post.summary", false, false),
				b.Texts("body", -1, "newsadmin.post.body", true, true),
				b.Input("text", "byline", -1, "newsadmin.post.byline", false),
				b.Hint(b.Input("text", "tags", -1, "newsadmin.post.tags", false), "newsadmin.post.tags_hint"),
			}},
			{Legend: pr.T("newsadmin.post.cover_legend"), Fields: []webform.Field{
				cover,
				b.Texts("cover_alt", -1, "newsadmin.post.cover_alt", false, false),
			}},
			{Legend: pr.T("newsadmin.post.publication"), Fields: []webform.Field{
				b.Hint(b.Input("datetime-local", "published_at", -1, "newsadmin.post.published_at", false), "newsadmin.post.published_at_hint"),
				b.Checkbox("comments_open", "newsadmin.post.comments_open"),
				b.Checks("commitments", "newsadmin.post.commitments", opts),
			}},
		},
		Kept: kept.Keep(f),
	}
	if p != nil {
		if p.CoverHash != "" {
			v.Sets[1].Fields = append(v.Sets[1].Fields, b.Checkbox("remove_cover", "newsadmin.post.remove_cover"))
		}
		v.Heading = pr.T("newsadmin.post.edit", "Title", p.Title.In(l))
		v.Action = "/admin/news/" + Itoa(p.ID) + "/edit"
	}
	return v, nil
}

func (h *Admin) render(w http.ResponseWriter, r *http.Request, status int, v *webform.FormView) {
	FormKit.Summarize(v, h.Errors.Catalog.Printer(web.Locale(r.Context())))
	AdminPage(h.Pages, h.Errors, w, r, status, FormPage, v)
}

func (h *Admin) newPost(w http.ResponseWriter, r *http.Request) {
	v, err := h.form(r, web.NewForm(url.Values{"comments_open": {"1"}}), nil, nil)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusOK, v)
}

// postValues fills the form from a stored post.
func postValues(p *Post, loc *time.Location) url.Values {
	vs := url.Values{"slug": {p.Slug}, "byline": {p.Byline}, "tags": {strings.Join(p.Tags, ", ")},
		"published_at": {webform.LocalValue(p.PublishedAt.Time, loc)}}
	if p.CommentsOpen {
		vs.Set("comments_open", "1")
	}
	webform.TextValues(vs, "title", p.Title)
	webform.TextValues(vs, "summary", p.Summary)
	webform.TextValues(vs, "body", p.Body)
	webform.TextValues(vs, "cover_alt", p.CoverAlt)
	for _, c := range p.Commitments {
		vs.Add("commitments", Itoa(c.ID))
	}
	return vs
}

// readPost reads the posted post, recording a message for each bad field.
func readPost(f *web.Form, loc *time.Location, known map[int64]bool) *Post {
	p := &Post{Slug: f.Get("slug"), Title: FormKit.ReadText(f, "title", -1, MaxTitleLen, true),
		Summary: FormKit.ReadText(f, "summary", -1, MaxSummaryLen, false), Body: FormKit.ReadText(f, "body", -1, MaxBodyLen, true),
		Byline: FormKit.ReadString(f, "byline", -1, MaxBylineLen, false), CoverAlt: FormKit.ReadText(f, "cover_alt", -1, MaxCoverAltLen, false),
		CommentsOpen: f.Get("comments_open") != ""}
	switch {
	case p.Slug == "":
		f.Fail("slug", "form.required")
	case !ValidSlug(p.Slug):
		f.Fail("slug", "newsadmin.error.slug")
	}
	tags, bad, tooMany := ParseTags(FormKit.ReadString(f, "tags", -1, MaxTagsLen, false))
	switch {
	case len(bad) > 0:
		f.Fail("tags", "newsadmin.error.tag", "Tag", bad[0])
	case tooMany:
		f.Fail("tags", "newsadmin.error.too_many_tags", "Max", MaxTags)
	}
	p.Tags = tags
	if t := FormKit.ReadLocalTime(f, "published_at", loc, false); !t.IsZero() {
		p.PublishedAt = db.Timestamp{Time: t.UTC()}
	}
	FormKit.MaxChoices(f, "commitments", MaxCommitments)
	for _, v := range f.Values["commitments"] {
		id, err := strconv.ParseInt(v, 10, 64)
		if err != nil || !known[id] {
			f.Fail("commitments", "newsadmin.error.commitment")
			continue
		}
		p.Commitments = append(p.Commitments, CommitmentRef{ID: id})
	}
	return p
}

func (h *Admin) knownCommitments(ctx context.Context) (map[int64]bool, error) {
	cs, err := CommitmentChoices(ctx, h.DB.R(), web.SiteOf(ctx).ID)
	if err != nil {
		return nil, err
	}
	known := make(map[int64]bool, len(cs))
	for _, c := range cs {
		known[c.ID] = true
	}
	return known, nil
}

// readCover applies the uploaded cover: an image, at most one.
func readCover(f *web.Form, ups Uploads, p *Post) *files.Upload {
	covers := ups["cover"]
	if len(covers) == 0 {
		return nil
	}
	c := covers[len(covers)-1]
	if !strings.HasPrefix(c.ContentType, "image/") {
		f.Fail("cover", "newsadmin.error.cover_type")
		delete(ups, "cover")
		return nil
	}
	ups["cover"] = []files.Upload{c}
	p.CoverHash = c.Hash
	return &c
}

func (h *Admin) create(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	f, ups, err := ReadUpload(w, r, h.Files, "cover")
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	known, err := h.knownCommitments(ctx)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	p := readPost(f, site.Location, known)
	p.SiteID = site.ID
	cover := readCover(f, ups, p)
	if f.Valid() {
		err = h.DB.InTx(ctx, func(tx *db.Tx) error {
			if cover != nil {
				if err := files.Record(ctx, tx, site.ID, *cover); err != nil {
					return err
				}
			}
			if err := Create(ctx, tx, p); err != nil {
				return err
			}
			return Record(ctx, tx, "create", "news_post", p.ID, "news "+p.Slug, nil, postState(p))
		})
		switch {
		case err == nil:
			http.Redirect(w, r, "/admin/news?saved=1", http.StatusSeeOther)
			return
		case db.IsUniqueViolation(err):
			f.Fail("slug", "newsadmin.error.slug_taken")
		default:
			h.Errors.Error(w, r, err)
			return
		}
	}
	v, err := h.form(r, f, nil, ups)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.render(w, r, http.StatusUnprocessableEntity, v)
}

func (h *Admin) post(w http.ResponseWriter, r *http.Request) (*Post, bool) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.Errors.NotFound(w, r)
		return nil, false
	}
	p, err := PostByID(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return nil, false
	}
	return p, true
}

func (h *Admin) edit(w http.ResponseWriter, r *http.Request) {
	p, ok := h.post(w, r)
	if !ok {
		return
	}
	v, err := h.form(r, web.NewForm(postValues(p, web.SiteOf(r.Context()).Location)), p, nil)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v.Version = p.Version
	h.render(w, r, http.StatusOK, v)
}

func (h *Admin) update(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	cur, ok := h.post(w, r)
	if !ok {
		return
	}
	f, ups, err := ReadUpload(w, r, h.Files, "cover")
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	known, err := h.knownCommitments(ctx)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	version, _ := strconv.Atoi(f.Get("version"))
	p := readPost(f, site.Location, known)
	p.ID, p.SiteID, p.CoverHash = cur.ID, site.ID, cur.CoverHash
	if f.Get("remove_cover") != "" {
		p.CoverHash = ""
	}
	cover := readCover(f, ups, p)
	status := http.StatusUnprocessableEntity
	stale := false
	if f.Valid() {
		err = h.DB.InTx(ctx, func(tx *db.Tx) error {
			if cover != nil {
				if err := files.Record(ctx, tx, site.ID, *cover); err != nil {
					return err
				}
			}
			before, err := PostByID(ctx, tx, site.ID, p.ID)
			if err != nil {
				return err
			}
			if err := Update(ctx, tx, p, version); err != nil {
				return err
			}
			after, err := PostByID(ctx, tx, site.ID, p.ID)
			if err != nil {
				return err
			}
			return Record(ctx, tx, "update", "news_post", p.ID, "news "+p.Slug, postState(before), postState(after))
		})
		switch {
		case err == nil:
			http.Redirect(w, r, "/admin/news?saved=1", http.StatusSeeOther)
			return
		case IsStale(err):
			status, stale = http.StatusConflict, true
		case db.IsUniqueViolation(err):
			f.Fail("slug", "newsadmin.error.slug_taken")
		default:
			h.Errors.Error(w, r, err)
			return
		}
	}
	v, err := h.form(r, f, cur, ups)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	v.Version, v.Stale = version, stale
	h.render(w, r, status, v)
}

// postState is what the public ledger records of a post.
func postState(p *Post) map[string]any {
	ids := make([]int64, len(p.Commitments))
	for i, c := range p.Commitments {
		ids[i] = c.ID
	}
	var published any
	if !p.PublishedAt.IsZero() {
		published = p.PublishedAt.UTC().Format(time.RFC3339)
	}
	return map[string]any{"slug": p.Slug, "title": p.Title, "summary": p.Summary, "body": p.Body, "byline": p.Byline,
		"cover": p.CoverHash, "cover_alt": p.CoverAlt, "tags": p.Tags, "published_at": published,
		"comments_open": p.CommentsOpen, "commitment_ids": ids}
}

// Record writes a change to the public ledger in tx, as the signed-in user;
// an update that changed nothing is not recorded. before is nil on creation.
func Record(ctx context.Context, tx *db.Tx, action, entity string, id int64, summary string, before, after map[string]any) error {
	var b, a any = nil, after
	if before != nil {
		bd, ad := audit.Diff(before, after)
		if len(bd) == 0 && len(ad) == 0 {
			return nil
		}
		b, a = bd, ad
	}
	var actorID int64
	var actorName string
	if u := auth.UserFrom(ctx); u != nil {
		actorID, actorName = u.ID, u.Name
	}
	return audit.Record(ctx, tx, web.SiteOf(ctx).ID, audit.Change{ActorID: actorID, ActorName: actorName,
		Action: action, Entity: entity, EntityID: id, Summary: summary, Before: b, After: a})
}
