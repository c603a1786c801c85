package participation

import (
	"bytes"
	"context"
	"encoding/csv"
	"io"
	"net/http"
	"strconv"
	"time"

	"github.com/infitah/infitah/internal/platform/db"
	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// Handler serves /participation and /participation.csv. Both are public and
// the page cache may keep them: every contribution is a write that makes
// them stale.
type Handler struct {
	DB     *db.DB
	Pages  *web.Renderer
	Errors *web.Errors
	Now    func() time.Time
}

// Routes registers the page and its download.
func (h *Handler) Routes(mux *http.ServeMux) {
	mux.HandleFunc("GET /participation", h.page)
	mux.HandleFunc("GET /participation.csv", h.csv)
}

// Page is what /participation shows, and the CSV holds.
type Page struct {
	From          time.Time
	Months        []Month
	Total         Counts
	Consultations []Consultation
}

func (h *Handler) now() time.Time {
	if h.Now == nil {
		return time.Now()
	}
	return h.Now()
}

func (h *Handler) load(ctx context.Context) (*Page, error) {
	site := web.SiteOf(ctx).ID
	now := h.now()
	from := WindowStart(now)
	months, err := ByMonth(ctx, h.DB.R(), h.DB.Dialect, site, from)
	if err != nil {
		return nil, err
	}
	p := &Page{From: from, Months: FillMonths(now, months)}
	if p.Total, err = Total(ctx, h.DB.R(), h.DB.Dialect, site, from); err != nil {
		return nil, err
	}
	if p.Consultations, err = ByConsultation(ctx, h.DB.R(), h.DB.Dialect, site); err != nil {
		return nil, err
	}
	return p, nil
}

func (h *Handler) page(w http.ResponseWriter, r *http.Request) {
	p, err := h.load(r.Context())
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if err := h.Pages.Page(w, r, http.StatusOK, "participation", "consultations", p); err != nil {
		h.Errors.Error(w, r, err)
	}
}

func (h *Handler) csv(w http.ResponseWriter, r *http.Request) {
	p, err := h.load(r.Context())
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, p, web.Locale(r.Context())); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="participation.csv"`)
	web.Send(w, r, http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// CSVHeader is the header row of the CSV download.
var CSVHeader = []string{"scope", "month", "consultation_id", "consultation", "proposals", "comments", "supports",
	"contributions", "participants", "organisations"}

// WriteCSV writes the figures of p as the page shows them, as the site's
// other exports are written: UTF-8 with a byte-order mark (so spreadsheets
// keep Arabic), CRLF line ends, cells that a spreadsheet would read as a
// formula defused. A row per month (scope "month"), the window's total
// ("total") and a row per consultation ("consultation", its title in the
// locale l). Only counts: nothing about any person.
func WriteCSV(w io.Writer, p *Page, l i18n.Locale) error {
	if _, err := io.WriteString(w, "\xEF\xBB\xBF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	row := func(scope, month, id, title string, c Counts) error {
		return cw.Write([]string{scope, month, id, safeCell(title), strconv.Itoa(c.Proposals), strconv.Itoa(c.Comments),
			strconv.Itoa(c.Supports), strconv.Itoa(c.Contributions()), strconv.Itoa(c.Participants), strconv.Itoa(c.Organisations)})
	}
	if err := cw.Write(CSVHeader); err != nil {
		return err
	}
	for _, m := range p.Months {
		if err := row("month", m.Month.Format("2006-01"), "", "", m.Counts); err != nil {
			return err
		}
	}
	if err := row("total", p.From.Format("2006-01")+"/", "", "", p.Total); err != nil {
		return err
	}
	for _, c := range p.Consultations {
		if err := row("consultation", "", strconv.FormatInt(c.ID, 10), c.Title.In(l), c.Counts); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// safeCell defuses CSV formula injection: a cell a spreadsheet would read
// as a formula gets a leading apostrophe.
func safeCell(s string) string {
	if s != "" && (s[0] == '=' || s[0] == '+' || s[0] == '-' || s[0] == '@' || s[0] == '\t' || s[0] == '\r') {
		return "'" + s
	}
	return s
}
