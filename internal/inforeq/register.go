package inforeq

import (
	"net/http"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/web"
)

// RegisterPage is what /information-requests shows.
type RegisterPage struct {
	Requests []Request
	Bodies   []Body
	States   []State
	// The filter as typed, to keep it in the form.
	Body, State, From, To string
	Overdue               bool
	Next                  string // the next page's URL, "" on the last
	Errors                map[string]string
}

// registerSize is how many requests a page of the register shows.
const registerSize = 50

// parseFilter reads the register's filter from the query; a bad value
// fails its field.
func (h *Handler) parseFilter(r *http.Request, page *RegisterPage) Filter {
	q := r.URL.Query()
	f := Filter{Limit: registerSize}
	page.Body, page.State, page.From, page.To = q.Get("body"), q.Get("state"), q.Get("from"), q.Get("to")
	page.Overdue = q.Get("overdue") == "1"
	p := h.Errors.Catalog.Printer(web.Locale(r.Context()))
	if page.Body != "" {
		if id, err := strconv.ParseInt(page.Body, 10, 64); err == nil && id > 0 {
			f.Body = id
		} else {
			page.Errors["body"] = p.T("inforeq.error.body")
		}
	}
	if page.State != "" {
		if State(page.State).Valid() {
			f.State = State(page.State)
		} else {
			page.Errors["state"] = p.T("inforeq.error.state")
		}
	}
	for _, d := range []struct {
		field, v string
		to       *time.Time
	}{{"from", page.From, &f.From}, {"to", page.To, &f.To}} {
		if d.v == "" {
			continue
		}
		t, err := time.Parse(time.DateOnly, d.v)
		if err != nil {
			page.Errors[d.field] = p.T("inforeq.error.date")
			continue
		}
		*d.to = t
	}
	if page.Overdue {
		f.Overdue = h.today(r)
	}
	if c := q.Get("after"); c != "" {
		if id, err := web.DecodeCursor(c); err == nil {
			f.After = id
		}
	}
	return f
}

func (h *Handler) list(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	site := web.SiteOf(ctx)
	page := RegisterPage{States: States, Errors: map[string]string{}}
	f := h.parseFilter(r, &page)
	var err error
	if page.Bodies, err = Bodies(ctx, h.DB.R(), site.ID); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	status := http.StatusOK
	if len(page.Errors) > 0 {
		status = http.StatusBadRequest
	} else if page.Requests, err = List(ctx, h.DB.R(), site.ID, f); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	MarkOverdue(page.Requests, h.today(r))
	if n := len(page.Requests); n == registerSize {
		q := r.URL.Query()
		q.Set("after", web.EncodeCursor(page.Requests[n-1].ID))
		page.Next = "/information-requests?" + q.Encode()
	}
	h.render(w, r, status, "inforeq_list", page)
}

// RequestPage is what /information-requests/{id} shows.
type RequestPage struct {
	*Request
	Events    []EventView
	Answer    *EventView // the outcome, when given
	CanHandle bool
}

// EventView is a step of the history for pages: its links split into the
// site's own and the others.
type EventView struct {
	Event
	Transfer *Body
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	req, ok := h.load(w, r)
	if !ok {
		return
	}
	ctx := r.Context()
	page := RequestPage{Request: req}
	if req.HiddenReason == "" {
		events, err := Events(ctx, h.DB.R(), req.ID)
		if err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		bodies, err := Bodies(ctx, h.DB.R(), req.SiteID)
		if err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		for _, e := range events {
			v := EventView{Event: e}
			for i := range bodies {
				if e.Transfer > 0 && bodies[i].OrganisationID == e.Transfer {
					v.Transfer = &bodies[i]
				}
			}
			page.Events = append(page.Events, v)
		}
		if n := len(page.Events); n > 0 && !req.State.Open() {
			page.Answer = &page.Events[n-1]
		}
	}
	body, err := h.bodyOf(ctx, req.SiteID, req.OrganisationID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	page.CanHandle = req.State.Open() && mayHandle(auth.UserFrom(ctx), body)
	h.render(w, r, http.StatusOK, "inforeq_page", page)
}

// ReceiptPage is the requester's receipt: the number, the day received and
// the legal deadline. It holds nothing personal, so it is a plain page.
type ReceiptPage struct {
	*Request
	Days int
}

func (h *Handler) receipt(w http.ResponseWriter, r *http.Request) {
	req, ok := h.load(w, r)
	if !ok {
		return
	}
	days := AnswerDays
	if req.Urgent {
		days = UrgentDays
	}
	h.render(w, r, http.StatusOK, "inforeq_receipt", ReceiptPage{Request: req, Days: days})
}
