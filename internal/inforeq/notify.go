package inforeq

import (
	"context"
	"net/http"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	mailer "github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/platform/web"
)

// notify queues the requester's notice of a step (the receipt, a
// clarification asked, an extension with its reason, the outcome) in the
// transaction of the step, in the language the request was made in. The
// address is the requester's private one; the text links to the public
// page and holds nothing else personal.
func (h *Handler) notify(ctx context.Context, tx *db.Tx, r *http.Request, req *Request, to, step string, e *Event) error {
	if h.Mail == nil || to == "" {
		return nil
	}
	l, ok := i18n.Parse(req.Locale)
	if !ok {
		l = i18n.AR
	}
	p := h.Errors.Catalog.Printer(l)
	site := web.SiteOf(ctx)
	args := []any{"Number", req.Number, "Subject", req.Subject, "URL", site.URL("/information-requests/" + itoa(req.ID))}
	if !req.Deadline.IsZero() {
		args = append(args, "Deadline", p.Date(req.Deadline.Time))
	} else {
		args = append(args, "Deadline", "—")
	}
	text := p.T("inforeq.mail."+step+".body", args...)
	if e != nil && e.Reason != "" {
		text += "\n\n" + e.Reason
	}
	return h.Mail.Enqueue(ctx, tx, mailer.Message{To: []string{to}, Subject: p.T("inforeq.mail."+step+".subject", args...), Text: text})
}
