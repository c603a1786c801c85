package petition

import (
	"context"
	"errors"
	"fmt"
	"net/http"

	"github.com/infitah/infitah/internal/account"
	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	mailer "github.com/infitah/infitah/internal/platform/mail"
	"github.com/infitah/infitah/internal/platform/web"
)

// tellProgress emails the petition's new state, in tx, to its agent, to
// the accepted members of its committee, and to the confirmed signers who
// asked to follow it (each with a link that stops these emails).
func (h *Handler) tellProgress(ctx context.Context, tx *db.Tx, p *Petition) error {
	site := web.SiteOf(ctx)
	send := func(addr string, l i18n.Locale, stop string) error {
		pr := h.Errors.Catalog.Printer(l)
		args := []any{"Petition", p.Title, "State", pr.T("petition.state." + string(p.State)), "Page", site.URL("/petitions/" + itoa(p.ID)),
			"Site", siteName(site, pr, l)}
		text := pr.T("petition.mail.progress.body", args...)
		if stop != "" {
			text += "\n\n" + pr.T("petition.mail.progress.stop", "Link", stop)
		}
		return h.Mail.Enqueue(ctx, tx, mailer.Message{To: []string{addr}, Subject: pr.T("petition.mail.progress.subject", args...), Text: text})
	}
	agent, err := account.UserByID(ctx, tx, p.SiteID, p.AgentID)
	switch {
	case errors.Is(err, db.ErrNotFound):
	case err != nil:
		return err
	case agent.DeletedAt.IsZero():
		if err := send(agent.Email, agent.Locale, ""); err != nil {
			return err
		}
	}
	committee, err := Cosponsors(ctx, tx, p.ID)
	if err != nil {
		return err
	}
	for _, c := range committee {
		if c.Accepted {
			if err := send(c.Email, i18n.Default, ""); err != nil {
				return err
			}
		}
	}
	rows, err := tx.QueryContext(ctx, `SELECT id, email, locale FROM petition_signatures WHERE petition_id = ? AND status = ?
		AND follows_progress = ? AND email <> '' ORDER BY id`, p.ID, SigConfirmed, true)
	if err != nil {
		return fmt.Errorf("petition followers: %w", err)
	}
	type follower struct {
		id     int64
		email  string
		locale string
	}
	var fs []follower
	for rows.Next() {
		var f follower
		if err := rows.Scan(&f.id, &f.email, &f.locale); err != nil {
			rows.Close()
			return err
		}
		fs = append(fs, f)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, f := range fs {
		token, hash := newToken()
		if _, err := tx.ExecContext(ctx, `UPDATE petition_signatures SET unfollow_hash = ? WHERE id = ?`, hash, f.id); err != nil {
			return err
		}
		l, ok := i18n.Parse(f.locale)
		if !ok {
			l = i18n.Default
		}
		if err := send(f.email, l, site.URL("/petitions/signatures/unfollow", "token", token)); err != nil {
			return err
		}
	}
	return nil
}

// unfollowPage: GET /petitions/signatures/unfollow?token= shows the button.
func (h *Handler) unfollowPage(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pr := h.Errors.Catalog.Printer(web.Locale(ctx))
	token := r.URL.Query().Get("token")
	var n int
	if err := h.DB.R().QueryRowContext(ctx, `SELECT COUNT(*) FROM petition_signatures WHERE unfollow_hash = ?`, hashToken(token)).Scan(&n); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if n == 0 {
		h.notice(w, r, http.StatusBadRequest, NoticePage{Title: pr.T("petition.link_bad.title"), Body: pr.T("petition.link_bad.body"), Alert: true})
		return
	}
	h.notice(w, r, http.StatusOK, NoticePage{Title: pr.T("petition.unfollow.title"), Body: pr.T("petition.unfollow.body"),
		Action: "/petitions/signatures/unfollow", Button: pr.T("petition.unfollow.button"), Token: token})
}

// unfollow: POST /petitions/signatures/unfollow, the button.
func (h *Handler) unfollow(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	pr := h.Errors.Catalog.Printer(web.Locale(ctx))
	f, err := web.ParseForm(w, r)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	var n int64
	err = h.DB.InTx(ctx, func(tx *db.Tx) error {
		res, err := tx.ExecContext(ctx, `UPDATE petition_signatures SET follows_progress = ?, unfollow_hash = '' WHERE unfollow_hash = ?`,
			false, hashToken(f.Get("token")))
		if err == nil {
			n, err = res.RowsAffected()
		}
		return err
	})
	switch {
	case err != nil:
		h.Errors.Error(w, r, err)
	case n == 0:
		h.notice(w, r, http.StatusBadRequest, NoticePage{Title: pr.T("petition.link_bad.title"), Body: pr.T("petition.link_bad.body"), Alert: true})
	default:
		h.notice(w, r, http.StatusOK, NoticePage{Title: pr.T("petition.unfollowed.title"), Body: pr.T("petition.unfollowed.body")})
	}
}
