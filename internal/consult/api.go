package consult

import (
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/infitah/infitah/internal/platform/auth"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/ratelimit"
	"github.com/infitah/infitah/internal/platform/web"
)

// WriteScope is the personal-access-token scope needed to send proposals
// through the API.
const WriteScope = "proposals:write"

// The JSON API of consultations and proposals, documented in
// internal/server/openapi.json. Drafts are never listed. Authors appear as a
// public name or an organisation, never an email.

func (h *Handler) apiRoutes(mux *http.ServeMux) {
	mux.HandleFunc("GET /api/v1/consultations", h.apiConsultations)
	mux.HandleFunc("GET /api/v1/consultations/{id}", h.apiConsultation)
	mux.HandleFunc("GET /api/v1/proposals", h.apiProposals)
	mux.HandleFunc("GET /api/v1/proposals/{id}", h.apiProposal)
	mux.HandleFunc("POST /api/v1/consultations/{id}/proposals", h.apiPropose)
	mux.HandleFunc("POST /api/v1/proposals/{id}/support", h.apiSupport)
}

func (h *Handler) send(w http.ResponseWriter, r *http.Request, status int, v any) {
	if err := web.JSON(w, r, status, v); err != nil {
		h.Errors.Error(w, r, err)
	}
}

func (h *Handler) apiConsultations(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	after, limit, err := web.PageParams(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	cs, err := Consultations(ctx, h.DB.R(), web.SiteOf(ctx).ID, false, after, limit, h.now())
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	var last int64
	for _, c := range cs {
		last = c.ID
	}
	if cs == nil {
		cs = []Consultation{}
	}
	h.send(w, r, http.StatusOK, web.List{Data: cs, Next: web.NextCursor(len(cs), limit, last)})
}

// ConsultationDetail is a consultation as GET /api/v1/consultations/{id} shows it.
type ConsultationDetail struct {
	*Consultation
	Figures Figures `json:"figures"`
	Report  string  `json:"report"`
}

func (h *Handler) apiConsultation(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.Errors.NotFound(w, r)
		return
	}
	site := web.SiteOf(r.Context())
	c, err := ConsultationByID(r.Context(), h.DB.R(), site.ID, id, h.now())
	if err == nil && c.Phase == Draft {
		err = db.ErrNotFound
	}
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	ps, err := ProposalsOf(r.Context(), h.DB.R(), site.ID, c.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	h.send(w, r, http.StatusOK, web.One{Data: ConsultationDetail{Consultation: c, Figures: Count(ps),
		Report: "/consultations/" + strconv.FormatInt(c.ID, 10) + "/report.json"}})
}

func (h *Handler) apiProposals(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	after, limit, err := web.PageParams(r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	var consultation int64
	if v, ok := r.URL.Query()["consultation"]; ok {
		id, err := strconv.ParseInt(strings.Join(v, ","), 10, 64)
		if err != nil || id <= 0 {
			h.Errors.Error(w, r, web.Invalid("error.invalid_filter", "Name", "consultation"))
			return
		}
		consultation = id
	}
	ps, err := ProposalsPage(ctx, h.DB.R(), web.SiteOf(ctx).ID, consultation, after, limit)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	var last int64
	for _, p := range ps {
		last = p.ID
	}
	if ps == nil {
		ps = []Proposal{}
	}
	h.send(w, r, http.StatusOK, web.List{Data: ps, Next: web.NextCursor(len(ps), limit, last)})
}

func (h *Handler) apiProposal(w http.ResponseWriter, r *http.Request) {
	id, ok := pathID(r)
	if !ok {
		h.Errors.NotFound(w, r)
		return
	}
	site := web.SiteOf(r.Context())
	p, err := ProposalByID(r.Context(), h.DB.R(), site.ID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	c, err := ConsultationByID(r.Context(), h.DB.R(), site.ID, p.ConsultationID, h.now())
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if c.Phase == Draft || p.Hidden {
		h.Errors.NotFound(w, r)
		return
	}
	h.send(w, r, http.StatusOK, web.One{Data: p})
}

// FieldError is one bad field of a request body.
type FieldError struct {
	Field   string `json:"field"`
	Code    string `json:"code"`
	Message string `json:"message"`
}

// ValidationProblem is a problem document (RFC 9457) with its field errors.
type ValidationProblem struct {
	web.Problem
	Errors []FieldError `json:"errors"`
}

func (h *Handler) problem(w http.ResponseWriter, r *http.Request, status int, titleKey, detail string, errs []FieldError) {
	p := h.printer(r)
	if errs == nil {
		errs = []FieldError{}
	}
	body, err := json.Marshal(ValidationProblem{Problem: web.Problem{Type: "about:blank", Title: p.T(titleKey + ".title"),
		Status: status, Detail: detail, Instance: r.URL.Path, RequestID: web.RequestID(r.Context())}, Errors: errs})
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	web.Send(w, r, status, "application/problem+json", body)
}

func (h *Handler) apiPropose(w http.ResponseWriter, r *http.Request) {
	u := auth.UserFrom(r.Context())
	switch {
	case u == nil:
		w.Header().Set("WWW-Authenticate", `Bearer realm="infitah"`)
		h.Errors.Unauthorized(w, r)
		return
	case !u.HasScope(WriteScope):
		w.Header().Set("WWW-Authenticate", `Bearer realm="infitah", error="insufficient_scope", scope="`+WriteScope+`"`)
		h.Errors.Forbidden(w, r)
		return
	}
	id, ok := pathID(r)
	if !ok {
		h.Errors.NotFound(w, r)
		return
	}
	c, err := ConsultationByID(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, id, h.now())
	if err == nil && c.Phase == Draft {
		h.Errors.NotFound(w, r)
		return
	}
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	pr := h.printer(r)
	var in ProposalInput
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 64<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		code := "bad_json"
		var tooBig *http.MaxBytesError
		switch {
		case errors.As(err, &tooBig):
			code = "too_large"
		case errors.Is(err, io.EOF):
			code = "empty_body"
		}
		h.problem(w, r, http.StatusBadRequest, "error.bad_request", pr.T("consult.api.bad_body"),
			[]FieldError{{Field: "", Code: code, Message: pr.T("consult.api.bad_body")}})
		return
	}
	p, errs, status, err := h.propose(r, c, u, in)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if p == nil {
		var fe []FieldError
		for _, field := range []string{"", "kind", "title", "body", "organisation"} {
			if e, ok := errs[field]; ok {
				name := field
				if name == "organisation" {
					name = "organisation_id"
				}
				fe = append(fe, FieldError{Field: name, Code: strings.TrimPrefix(ruleKey(e), "consult.error."),
					Message: pr.T(ruleKey(e), failArgs(e)...)})
			}
		}
		title := "consult.api.unprocessable"
		switch status {
		case http.StatusTooManyRequests:
			title = "consult.api.too_many"
		case http.StatusForbidden:
			title = "error.forbidden"
		case http.StatusConflict:
			title = "consult.api.conflict"
		}
		h.problem(w, r, status, title, fe[0].Message, fe)
		return
	}
	w.Header().Set("Location", "/api/v1/proposals/"+strconv.FormatInt(p.ID, 10))
	h.send(w, r, http.StatusCreated, web.One{Data: p})
}

// SupportInput is the body of POST /api/v1/proposals/{id}/support.
type SupportInput struct {
	Action string `json:"action"` // "support" or "withdraw"
}

// SupportAnswer is what POST /api/v1/proposals/{id}/support answers.
type SupportAnswer struct {
	ProposalID int64 `json:"proposal_id"`
	Supports   int   `json:"supports"`  // the proposal's supports now
	Supported  bool  `json:"supported"` // whether the token's owner supports it now
}

// apiSupport answers POST /api/v1/proposals/{id}/support: the token's owner
// (scope proposals:write) supports a proposal or withdraws their support,
// under the same rules as the page's button; a rule that refuses answers a
// problem document (403 for one's own proposal or a blocked account, 409
// when the consultation is not open or the support already given or
// absent, 429 past the rate limits).
func (h *Handler) apiSupport(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	u := auth.UserFrom(ctx)
	switch {
	case u == nil:
		w.Header().Set("WWW-Authenticate", `Bearer realm="infitah"`)
		h.Errors.Unauthorized(w, r)
		return
	case !u.HasScope(WriteScope):
		w.Header().Set("WWW-Authenticate", `Bearer realm="infitah", error="insufficient_scope", scope="`+WriteScope+`"`)
		h.Errors.Forbidden(w, r)
		return
	}
	id, ok := pathID(r)
	if !ok {
		h.Errors.NotFound(w, r)
		return
	}
	site := web.SiteOf(ctx)
	p, err := ProposalByID(ctx, h.DB.R(), site.ID, id)
	var c *Consultation
	if err == nil {
		c, err = ConsultationByID(ctx, h.DB.R(), site.ID, p.ConsultationID, h.now())
	}
	if err == nil && (c.Phase == Draft || p.Hidden) {
		err = db.ErrNotFound
	}
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	pr := h.printer(r)
	var in SupportInput
	dec := json.NewDecoder(http.MaxBytesReader(w, r.Body, 4<<10))
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		h.problem(w, r, http.StatusBadRequest, "error.bad_request", pr.T("consult.api.support_body"),
			[]FieldError{{Field: "", Code: "bad_json", Message: pr.T("consult.api.support_body")}})
		return
	}
	if in.Action != "support" && in.Action != "withdraw" {
		msg := pr.T("consult.api.support_body")
		h.problem(w, r, http.StatusUnprocessableEntity, "consult.api.conflict", msg,
			[]FieldError{{Field: "action", Code: "invalid", Message: msg}})
		return
	}
	now := h.now()
	if !h.limits.supportUser.Allow(strconv.FormatInt(u.ID, 10), now) || !h.limits.supportIP.Allow(ratelimit.ClientIP(r), now) {
		msg := pr.T(ruleKey(ErrTooFast))
		h.problem(w, r, http.StatusTooManyRequests, "consult.api.too_many", msg, []FieldError{{Field: "", Code: "too_fast", Message: msg}})
		return
	}
	err = h.applySupport(ctx, u, p, c, in.Action == "withdraw")
	var re *RuleError
	if errors.As(err, &re) {
		status := ruleStatus(re)
		title := "consult.api.conflict"
		if status == http.StatusForbidden {
			title = "error.forbidden"
		}
		msg := pr.T(re.Key)
		h.problem(w, r, status, title, msg, []FieldError{{Field: "", Code: strings.TrimPrefix(re.Key, "consult.error."), Message: msg}})
		return
	}
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	after, err := ProposalByID(ctx, h.DB.R(), site.ID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	w.Header().Set("Cache-Control", "no-store")
	h.send(w, r, http.StatusOK, web.One{Data: SupportAnswer{ProposalID: id, Supports: after.Supports, Supported: in.Action == "support"}})
}
