package audit

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"strconv"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/web"
)

// Handler serves the public ledger: the page GET /audit, the download GET
// /audit/download and the API under /api/v1/audit (api.go). Every query is
// scoped by the request's site. The ledger is public: nothing here needs a
// session, and the page cache may keep the answers (any write invalidates
// them).
type Handler struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
	// CommitmentRefs, when set, returns the references ("TTA-03") of the
	// site's commitments among ids, so that the page names a commitment as
	// people know it. The plan feature provides it; without it, or for a
	// commitment gone since, entries name the commitment by its number.
	CommitmentRefs func(ctx context.Context, siteID int64, ids []int64) (map[int64]string, error)
}

// Routes registers the pages, the download and the API. Every /api/v1
// pattern here must be described in the OpenAPI document; a test in
// internal/server checks it.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /audit", h.ledger)
	mux.HandleFunc("GET /audit/download", h.download)
	mux.HandleFunc("GET /api/v1/audit", h.apiList)
	mux.HandleFunc("GET /api/v1/audit/{id}", h.apiEntry)
}

// LedgerPage is what GET /audit shows.
type LedgerPage struct {
	Entries      []EntryView
	Filter       Filter
	Commitment   string // the filter inputs, as typed
	Organisation string
	// Pager links ("" when none): the newest entries, and the page of
	// older ones. Cursors only go back in time.
	First, Next string
}

func (h *Handler) ledger(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	page, err := readPage(r, h.DB, site.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	q := r.URL.Query()
	data := LedgerPage{Filter: page.filter, Commitment: q.Get("commitment"), Organisation: q.Get("organisation"),
		Entries: make([]EntryView, len(page.entries))}
	refs, err := h.refs(r, site.ID, page.entries)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	p := h.Errors.Catalog.Printer(web.Locale(ctx))
	for i := range page.entries {
		e := &page.entries[i]
		ref := ""
		if e.CommitmentID != nil {
			ref = refs[*e.CommitmentID]
		}
		data.Entries[i] = newView(e, site.Location, p, ref)
	}
	if page.next != nil {
		data.Next = pageLink(r.URL, *page.next)
	}
	if q.Get("cursor") != "" {
		data.First = pageLink(r.URL, "")
	}
	if err := h.Pages.Page(w, r, http.StatusOK, "audit_ledger", "audit", data); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// refs looks up the references of the commitments the entries concern.
func (h *Handler) refs(r *http.Request, siteID int64, entries []Entry) (map[int64]string, error) {
	if h.CommitmentRefs == nil {
		return nil, nil
	}
	seen := map[int64]bool{}
	var ids []int64
	for _, e := range entries {
		if e.CommitmentID != nil && !seen[*e.CommitmentID] {
			seen[*e.CommitmentID] = true
			ids = append(ids, *e.CommitmentID)
		}
	}
	if len(ids) == 0 {
		return nil, nil
	}
	return h.CommitmentRefs(r.Context(), siteID, ids)
}

// pageLink is the ledger's URL with cursor set (or removed when ""), every
// filter kept.
func pageLink(u *url.URL, cursor string) string {
	q := u.Query()
	q.Del("lang")
	if cursor == "" {
		q.Del("cursor")
	} else {
		q.Set("cursor", cursor)
	}
	if len(q) == 0 {
		return u.Path
	}
	return u.Path + "?" + q.Encode()
}

// listPage is one page of the ledger as the page and the API read it.
type listPage struct {
	filter  Filter
	entries []Entry
	next    *string
}

// readPage reads the filters (?commitment=, ?organisation=) and the
// pagination (?cursor=, ?limit=) of r and the page of entries they select,
// newest first.
func readPage(r *http.Request, d *db.DB, siteID int64) (*listPage, error) {
	q, err := url.ParseQuery(r.URL.RawQuery)
	if err != nil {
		return nil, web.Invalid("audit.error.bad_query")
	}
	f, err := parseFilter(q)
	if err != nil {
		return nil, err
	}
	beforeSeq, limit, err := web.PageParams(r)
	if err != nil {
		return nil, err
	}
	// One more than asked tells whether another page follows.
	entries, err := List(r.Context(), d.R(), siteID, f, beforeSeq, limit+1)
	if err != nil {
		return nil, err
	}
	p := &listPage{filter: f, entries: entries}
	if len(entries) > limit {
		p.entries = entries[:limit]
		c := web.EncodeCursor(p.entries[limit-1].Seq)
		p.next = &c
	}
	return p, nil
}

// parseFilter reads ?commitment= and ?organisation=: each a positive id,
// given at most once; an empty value (a blank field of the filter form) is
// no filter. An id that matches nothing gives an empty ledger.
func parseFilter(q url.Values) (Filter, error) {
	var f Filter
	for _, p := range []struct {
		name, key string
		dst       *int64
	}{
		{"commitment", "audit.error.bad_commitment", &f.Commitment},
		{"organisation", "audit.error.bad_organisation", &f.Organisation},
	} {
		vs := q[p.name]
		if len(vs) == 0 || (len(vs) == 1 && vs[0] == "") {
			continue
		}
		if len(vs) > 1 {
			return f, web.Invalid(p.key)
		}
		id, err := strconv.ParseInt(vs[0], 10, 64)
		if err != nil || id <= 0 {
			return f, web.Invalid(p.key)
		}
		*p.dst = id
	}
	return f, nil
}

// download answers the site's whole ledger as JSON Lines, oldest first: one
// DownloadLine per entry, with every hashed field and the hashes, so that
// anyone can verify it (docs/audit.md).
func (h *Handler) download(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	err := Each(ctx, h.DB.R(), web.SiteOf(ctx).ID, func(e *Entry) error {
		return enc.Encode(lineOf(e)) // one line each: Encode ends with "\n"
	})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="audit.jsonl"`)
	web.Send(w, r, http.StatusOK, "application/x-ndjson", buf.Bytes())
}

// DownloadLine is one line of GET /audit/download: the stored entry with
// before_data and after_data as the exact JSON texts that were hashed.
type DownloadLine struct {
	ID             int64  `json:"id"`
	SiteID         int64  `json:"site_id"`
	Seq            int64  `json:"seq"`
	At             string `json:"at"`
	ActorID        *int64 `json:"actor_id"`
	ActorName      string `json:"actor_name"`
	Action         string `json:"action"`
	Entity         string `json:"entity"`
	EntityID       int64  `json:"entity_id"`
	CommitmentID   *int64 `json:"commitment_id"`
	OrganisationID *int64 `json:"organisation_id"`
	Summary        string `json:"summary"`
	BeforeData     string `json:"before_data"`
	AfterData      string `json:"after_data"`
	PrevHash       string `json:"prev_hash"`
	Hash           string `json:"hash"`
}

func lineOf(e *Entry) DownloadLine {
	return DownloadLine{
		ID: e.ID, SiteID: e.SiteID, Seq: e.Seq, At: e.At.UTC().Format(TimeLayout), ActorID: e.ActorID,
		ActorName: e.ActorName, Action: e.Action, Entity: e.Entity, EntityID: e.EntityID,
		CommitmentID: e.CommitmentID, OrganisationID: e.OrganisationID, Summary: e.Summary,
		BeforeData: e.BeforeData, AfterData: e.AfterData, PrevHash: e.PrevHash, Hash: e.Hash,
	}
}

// Entry returns the stored entry a download line describes, to recompute
// its hash.
func (l DownloadLine) Entry() (*Entry, error) {
	at, err := parseTime(l.At)
	if err != nil {
		return nil, err
	}
	return &Entry{
		ID: l.ID, SiteID: l.SiteID, Seq: l.Seq, At: at, ActorID: l.ActorID, ActorName: l.ActorName,
		Action: l.Action, Entity: l.Entity, EntityID: l.EntityID, CommitmentID: l.CommitmentID,
		OrganisationID: l.OrganisationID, Summary: l.Summary, BeforeData: l.BeforeData, AfterData: l.AfterData,
		PrevHash: l.PrevHash, Hash: l.Hash,
	}, nil
}
