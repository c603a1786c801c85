package petition

import (
	"net/http"
	"time"

	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// APIPetition is a petition as /api/v1/petitions gives it: its texts, state,
// rule, dates and counts. Nothing about its signers but counts.
type APIPetition struct {
	ID             int64         `json:"id"`
	URL            string        `json:"url"`
	State          State         `json:"state"`
	Title          string        `json:"title"`
	Object         string        `json:"object"`
	Reasons        string        `json:"reasons"`
	AgendaItem     string        `json:"agenda_item"`
	Level          Level         `json:"level"`
	LegalReference APILegalRef   `json:"legal_reference"`
	Required       int           `json:"required"`
	SharePercent   int           `json:"share_percent"`
	ElectoralRoll  bool          `json:"electoral_roll"`
	OpensAt        *time.Time    `json:"opens_at"`
	ClosesAt       *time.Time    `json:"closes_at"`
	FiledAt        *time.Time    `json:"filed_at"`
	ReceiptNumber  string        `json:"receipt_number"`
	DecisionDue    *time.Time    `json:"decision_due"`
	DecisionLate   bool          `json:"decision_late"`
	Counts         APICounts     `json:"counts"`
	Divisions      []APIDivision `json:"divisions"`
}

// APILegalRef is the organic law and its articles.
type APILegalRef struct {
	Law      string `json:"law"`
	Articles string `json:"articles"`
}

// APICounts are a petition's confirmed signatures.
type APICounts struct {
	Online  int  `json:"online"`
	Paper   int  `json:"paper"`
	Total   int  `json:"total"`
	Missing int  `json:"missing"`
	Met     bool `json:"met"`
}

// APIDivision is one division's confirmed signatures against its share.
type APIDivision struct {
	Code    string    `json:"code"`
	Name    i18n.Text `json:"name"`
	Online  int       `json:"online"`
	Paper   int       `json:"paper"`
	Total   int       `json:"total"`
	Share   int       `json:"share"`
	Missing int       `json:"missing"`
	Met     bool      `json:"met"`
}

func timeOrNil(t time.Time) *time.Time {
	if t.IsZero() {
		return nil
	}
	u := t.UTC()
	return &u
}

func apiPetition(v View, site web.SiteInfo) APIPetition {
	a := APIPetition{ID: v.ID, URL: site.URL(v.URL), State: v.State, Title: v.Title, Object: v.Object, Reasons: v.Reasons,
		AgendaItem: v.AgendaItem, Level: v.Level, LegalReference: APILegalRef(v.Ref), Required: v.Required,
		SharePercent: v.SharePercent, ElectoralRoll: v.ElectoralRoll, OpensAt: timeOrNil(v.OpensAt.Time),
		ClosesAt: timeOrNil(v.ClosesAt.Time), FiledAt: timeOrNil(v.FiledAt.Time), ReceiptNumber: v.ReceiptNumber,
		DecisionDue: timeOrNil(v.Due), DecisionLate: v.Late,
		Counts:    APICounts{Online: v.Progress.Online, Paper: v.Progress.Paper, Total: v.Progress.Total, Missing: v.Progress.Missing, Met: v.Progress.Met},
		Divisions: []APIDivision{}}
	for _, d := range v.Divisions {
		a.Divisions = append(a.Divisions, APIDivision{Code: d.Code, Name: d.Name, Online: d.Online, Paper: d.Paper, Total: d.Count,
			Share: d.Share, Missing: d.Missing, Met: d.Met})
	}
	return a
}

// GET /api/v1/petitions: the public petitions by id, with their counts.
func (h *Handler) apiList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	after, limit, err := web.PageParams(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	site := web.SiteOf(ctx)
	ps, err := List(ctx, h.DB.R(), site.ID, Filter{After: after, Limit: limit, Oldest: true})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	views, _, err := h.views(ctx, ps)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	out := []APIPetition{}
	for _, v := range views {
		out = append(out, apiPetition(v, site))
	}
	var last int64
	if len(ps) > 0 {
		last = ps[len(ps)-1].ID
	}
	if err := web.JSON(w, r, http.StatusOK, web.List{Data: out, Next: web.NextCursor(len(ps), limit, last)}); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// GET /api/v1/petitions/{id}: one public petition.
func (h *Handler) apiOne(w http.ResponseWriter, r *http.Request) {
	p, ok := h.load(w, r)
	if !ok {
		return
	}
	if !p.State.Public() { // a draft is its agent's, and the API is public
		h.Errors.NotFound(w, r)
		return
	}
	views, _, err := h.views(r.Context(), []Petition{*p})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if err := web.JSON(w, r, http.StatusOK, web.One{Data: apiPetition(views[0], web.SiteOf(r.Context()))}); err != nil {
		h.Errors.Error(w, r, err)
	}
}
