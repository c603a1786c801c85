package petition

import (
	"context"
	"errors"
	"net/http"
	"net/mail"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	mailer "github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/platform/ratelimit"
	"github.com/infitah/infitah/internal/platform/web"
)

// readSignature reads and checks the signing form against p's rule and the
// site's divisions, recording a message per field that fails.
func readSignature(f *web.Form, p *Petition, divs []Division, locale i18n.Locale) Signature {
	s := Signature{PetitionID: p.ID, FullName: f.Get("full_name"), Email: strings.ToLower(f.Get("email")),
		Basis: Basis(f.Get("basis")), ElectoralRoll: f.Get("electoral_roll") == "1", PublicName: f.Get("public_name") == "1", Follow: f.Get("follow") == "1",
		Locale: string(locale)}
	switch n := utf8.RuneCountInString(s.FullName); {
	case n == 0:
		f.Fail("full_name", "form.required")
	case n > MaxNameLen:
		f.Fail("full_name", "petition.error.too_long", "Max", MaxNameLen)
	}
	raw := f.Get("cin")
	cin, ok := NormalizeCIN(raw)
	switch {
	case raw == "":
		f.Fail("cin", "form.required")
	case len(raw) > 20 || !ok:
		f.Fail("cin", "petition.error.cin")
	}
	s.CIN = cin
	id, _ := strconv.ParseInt(f.Get("division"), 10, 64)
	for _, d := range divs {
		if d.ID == id {
			s.DivisionID = id
		}
	}
	if s.DivisionID == 0 {
		f.Fail("division", "petition.error.division")
	}
	if !s.Basis.Valid() {
		f.Fail("basis", "petition.error.basis")
	}
	if p.ElectoralRoll && !s.ElectoralRoll {
		f.Fail("electoral_roll", "petition.error.electoral_roll")
	}
	if s.Email == "" {
		f.Fail("email", "form.required")
	} else if a, err := mail.ParseAddress(s.Email); err != nil || a.Address != s.Email || len(s.Email) > MaxEmailLen {
		f.Fail("email", "petition.error.email")
	}
	if f.Get("consent") != "1" {
		f.Fail("consent", "petition.error.consent")
	}
	return s
}

// sign: POST /petitions/{id}/sign. The signature counts once the address
// is confirmed from the emailed link.
func (h *Handler) sign(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	p, ok := h.load(w, r)
	if !ok {
		return
	}
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	divs, err := Divisions(ctx, h.DB.R(), p.SiteID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	l := web.Locale(ctx)
	s := readSignature(f, p, divs, l)
	s.AddressBlock = AddressBlock(ratelimit.ClientIP(r))
	now := h.Now()
	if f.Error("email") == "" {
		settings, err := LoadSettings(ctx, h.DB.R(), p.SiteID)
		if err != nil {
			h.Errors.Error(w, r, err)
			return
		}
		if Refused(settings.RefusedDomains, s.Email) {
			f.Fail("email", "petition.error.refused_domain")
		}
	}
	if !p.Open(now) {
		f.Fail("form", "petition.error.closed")
	}
	if f.Valid() {
		domain := DomainOf(s.Email)
		if !h.byAddress.Allow("petition-sign|"+ratelimit.ClientIP(r), time.Now()) || !h.byDomain.Allow("petition-domain|"+domain, time.Now()) {
			f.Fail("form", "petition.error.rate_limited")
		}
	}
	if !f.Valid() {
		f.Values.Del("cin") // never sent back, not even to the person who typed it
		h.show(w, r, http.StatusUnprocessableEntity, p, f, "")
		return
	}
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		token, err := Sign(ctx, tx, h.Keys, p, s, now)
		if err != nil {
			return err
		}
		return h.send(ctx, tx, p, s.Email, l, "petition.mail.confirm", web.SiteOf(ctx).URL("/petitions/signatures/confirm", "token", token))
	})
	switch {
	case err == nil:
		http.Redirect(w, r, "/petitions/"+itoa(p.ID)+"?signed=pending", http.StatusSeeOther)
		return
	case errors.Is(err, ErrAlreadySigned):
		f.Fail("form", "petition.error.already_signed")
	case errors.Is(err, ErrClosed):
		f.Fail("form", "petition.error.closed")
	default:
		h.Errors.Error(w, r, err)
		return
	}
	f.Values.Del("cin")
	h.show(w, r, http.StatusUnprocessableEntity, p, f, "")
}

// NoticePage is an emailed link's page: a button that acts (mail scanners
// open links too, so a GET never confirms anything), or the outcome.
type NoticePage struct {
	Title    string
	Body     string
	Action   string // the form's action; "" for an outcome
	Button   string
	Token    string
	Petition *Petition
	Alert    bool
}

func (h *Handler) notice(w http.ResponseWriter, r *http.Request, status int, n NoticePage) {
	w.Header().Set("Cache-Control", "private, no-store")
	w.Header().Set("Referrer-Policy", "no-referrer") // the token is in the address
	h.render(w, r, status, "petition_notice", n)
}

// confirmPage: GET /petitions/signatures/confirm?token= shows the button.
func (h *Handler) confirmPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pr := h.Errors.Catalog.Printer(web.Locale(ctx))
	token := r.URL.Query().Get("token")
	p, err := Pending(ctx, h.DB.R(), web.SiteOf(ctx).ID, token)
	switch {
	case errors.Is(err, db.ErrNotFound):
		h.notice(w, r, http.StatusBadRequest, NoticePage{Title: pr.T("petition.link_bad.title"), Body: pr.T("petition.link_bad.body"), Alert: true})
	case err != nil:
		h.Errors.Error(w, r, err)
	case !p.Open(h.Now()):
		h.notice(w, r, http.StatusConflict, NoticePage{Title: pr.T("petition.error.closed"), Body: pr.T("petition.link_closed.body"), Alert: true, Petition: p})
	default:
		h.notice(w, r, http.StatusOK, NoticePage{Title: pr.T("petition.confirm.title"), Body: pr.T("petition.confirm.body"),
			Action: "/petitions/signatures/confirm", Button: pr.T("petition.confirm.button"), Token: token, Petition: p})
	}
}

// confirm: POST /petitions/signatures/confirm, the button.
func (h *Handler) confirm(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pr := h.Errors.Catalog.Printer(web.Locale(ctx))
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	token := f.Get("token")
	if len(token) > 100 {
		token = ""
	}
	var p *Petition
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		p0, withdraw, err := ConfirmWithLink(ctx, tx, web.SiteOf(ctx).ID, token, h.Now())
		if err != nil {
			return err
		}
		p = p0
		addr, locale, err := signerAddress(ctx, tx, withdraw)
		if err != nil {
			return err
		}
		return h.send(ctx, tx, p, addr, locale, "petition.mail.confirmed", web.SiteOf(ctx).URL("/petitions/signatures/withdraw", "token", withdraw))
	})
	switch {
	case err == nil:
		h.notice(w, r, http.StatusOK, NoticePage{Title: pr.T("petition.confirmed.title"), Body: pr.T("petition.confirmed.body"), Petition: p})
	case errors.Is(err, db.ErrNotFound):
		h.notice(w, r, http.StatusBadRequest, NoticePage{Title: pr.T("petition.link_bad.title"), Body: pr.T("petition.link_bad.body"), Alert: true})
	case errors.Is(err, ErrClosed):
		h.notice(w, r, http.StatusConflict, NoticePage{Title: pr.T("petition.error.closed"), Body: pr.T("petition.link_closed.body"), Alert: true})
	default:
		h.Errors.Error(w, r, err)
	}
}

// signerAddress returns the address and language of the signature whose
// withdrawal link holds token.
func signerAddress(ctx context.Context, tx *db.Tx, token string) (string, i18n.Locale, error) {
	var addr, locale string
	if err := tx.QueryRowContext(ctx, `SELECT email, locale FROM petition_signatures WHERE withdraw_hash = ?`, hashToken(token)).Scan(&addr, &locale); err != nil {
		return "", "", err
	}
	l, ok := i18n.Parse(locale)
	if !ok {
		l = i18n.Default
	}
	return addr, l, nil
}

// withdrawPage: GET /petitions/signatures/withdraw?token= shows the button.
func (h *Handler) withdrawPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pr := h.Errors.Catalog.Printer(web.Locale(ctx))
	token := r.URL.Query().Get("token")
	p, err := Withdrawable(ctx, h.DB.R(), web.SiteOf(ctx).ID, token)
	switch {
	case errors.Is(err, db.ErrNotFound):
		h.notice(w, r, http.StatusBadRequest, NoticePage{Title: pr.T("petition.link_bad.title"), Body: pr.T("petition.link_bad.body"), Alert: true})
	case err != nil:
		h.Errors.Error(w, r, err)
	case p.State != Collecting:
		h.notice(w, r, http.StatusConflict, NoticePage{Title: pr.T("petition.withdraw.too_late.title"), Body: pr.T("petition.withdraw.too_late.body"), Alert: true, Petition: p})
	default:
		h.notice(w, r, http.StatusOK, NoticePage{Title: pr.T("petition.withdraw.title"), Body: pr.T("petition.withdraw.body"),
			Action: "/petitions/signatures/withdraw", Button: pr.T("petition.withdraw.button"), Token: token, Petition: p})
	}
}

// withdraw: POST /petitions/signatures/withdraw, the button: the signature
// and its count are removed.
func (h *Handler) withdraw(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pr := h.Errors.Catalog.Printer(web.Locale(ctx))
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	token := f.Get("token")
	if len(token) > 100 {
		token = ""
	}
	var p *Petition
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		var err error
		p, err = Withdraw(ctx, tx, web.SiteOf(ctx).ID, token)
		return err
	})
	switch {
	case err == nil:
		h.notice(w, r, http.StatusOK, NoticePage{Title: pr.T("petition.withdrawn.title"), Body: pr.T("petition.withdrawn.body"), Petition: p})
	case errors.Is(err, db.ErrNotFound):
		h.notice(w, r, http.StatusBadRequest, NoticePage{Title: pr.T("petition.link_bad.title"), Body: pr.T("petition.link_bad.body"), Alert: true})
	case errors.Is(err, ErrClosed):
		h.notice(w, r, http.StatusConflict, NoticePage{Title: pr.T("petition.withdraw.too_late.title"), Body: pr.T("petition.withdraw.too_late.body"), Alert: true})
	default:
		h.Errors.Error(w, r, err)
	}
}

// send queues the message key (subject and body) to addr in l, with link.
func (h *Handler) send(ctx context.Context, tx *db.Tx, p *Petition, addr string, l i18n.Locale, key, link string) error {
	pr := h.Errors.Catalog.Printer(l)
	site := web.SiteOf(ctx)
	args := []any{"Petition", p.Title, "Link", link, "Page", site.URL("/petitions/" + itoa(p.ID)), "Site", siteName(site, pr, l)}
	return h.Mail.Enqueue(ctx, tx, mailer.Message{To: []string{addr}, Subject: pr.T(key+".subject", args...), Text: pr.T(key+".body", args...)})
}
