package inforeq

import (
	"net/http"
	"time"

	"github.com/infitah/infitah/internal/platform/web"
)

// apiList: GET /api/v1/information-requests, the register as JSON, with the
// page's filters (body, state, from, to, overdue) and a cursor.
func (h *Handler) apiList(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	after, limit, err := web.PageParams(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page := RegisterPage{Errors: map[string]string{}}
	f := h.parseFilter(r, &page)
	for field := range page.Errors {
		h.Errors.Error(w, r, web.Invalid("error.invalid_filter", "Name", field))
		return
	}
	f.After, f.Limit = after, limit
	reqs, err := List(ctx, h.DB.R(), web.SiteOf(ctx).ID, f)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if reqs == nil {
		reqs = []Request{}
	}
	MarkOverdue(reqs, h.today(r))
	var last int64
	if len(reqs) > 0 {
		last = reqs[len(reqs)-1].ID
	}
	if err := web.JSON(w, r, http.StatusOK, web.List{Data: reqs, Next: web.NextCursor(len(reqs), limit, last)}); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// APIRequest is one request with its history, as the API gives it.
type APIRequest struct {
	*Request
	History []Event `json:"history"`
}

// hiddenRequest is what the API gives of a hidden request.
type hiddenRequest struct {
	ID           int64     `json:"id"`
	Number       string    `json:"number"`
	HiddenReason string    `json:"hidden_reason"`
	UpdatedAt    time.Time `json:"updated_at"`
}

func (h *Handler) apiOne(w http.ResponseWriter, r *http.Request) {
	req, ok := h.load(w, r)
	if !ok {
		return
	}
	var data any
	if req.HiddenReason != "" {
		data = hiddenRequest{ID: req.ID, Number: req.Number, HiddenReason: req.HiddenReason, UpdatedAt: req.UpdatedAt.Time}
	} else {
		events, err := Events(r.Context(), h.DB.R(), req.ID)
		if err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		data = APIRequest{Request: req, History: events}
	}
	if err := web.JSON(w, r, http.StatusOK, web.One{Data: data}); err != nil {
		h.Errors.Error(w, r, err)
	}
}
