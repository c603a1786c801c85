package consult

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// The report of a consultation, "what we heard, what we did": every proposal
// with its response, and the figures. It is public as soon as the
// consultation is, and final once the consultation is closed.

// Report is the report's data, as the page and the JSON export show it.
type Report struct {
	Consultation *Consultation   `json:"consultation"`
	Figures      Figures         `json:"figures"`
	Commitments  []CommitmentRef `json:"commitments"` // every commitment that took a proposal in (Adopted)
	Proposals    []Proposal      `json:"proposals"`
}

// BuildReport makes the report of c from its proposals.
func BuildReport(c *Consultation, ps []Proposal) *Report {
	r := &Report{Consultation: c, Figures: Count(ps), Commitments: []CommitmentRef{}, Proposals: ps}
	if r.Proposals == nil {
		r.Proposals = []Proposal{}
	}
	seen := map[int64]bool{}
	for _, p := range ps {
		if Adopted(p.Response) && p.Response.Commitment != nil && !seen[p.Response.Commitment.ID] {
			seen[p.Response.Commitment.ID] = true
			r.Commitments = append(r.Commitments, *p.Response.Commitment)
		}
	}
	return r
}

func (h *Handler) loadReport(w http.ResponseWriter, r *http.Request) (*Report, bool) {
	c, ok := h.load(w, r)
	if !ok {
		return nil, false
	}
	ps, err := ProposalsOf(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, c.ID)
	if err != nil {
		h.Errors.Error(w, r, err)
		return nil, false
	}
	return BuildReport(c, ps), true
}

// ReportPage is what /consultations/{id}/report shows.
type ReportPage struct {
	*Report
	C     ConsultationView
	Views []ProposalView
}

func (h *Handler) report(w http.ResponseWriter, r *http.Request) {
	rep, ok := h.loadReport(w, r)
	if !ok {
		return
	}
	page := ReportPage{Report: rep, C: view(rep.Consultation, web.SiteOf(r.Context()).Location)}
	for _, p := range rep.Proposals {
		page.Views = append(page.Views, proposalView(p))
	}
	h.render(w, r, http.StatusOK, "consult_report", page)
}

func (h *Handler) reportJSON(w http.ResponseWriter, r *http.Request) {
	rep, ok := h.loadReport(w, r)
	if !ok {
		return
	}
	if err := web.JSON(w, r, http.StatusOK, web.One{Data: rep}); err != nil {
		h.Errors.Error(w, r, err)
	}
}

func (h *Handler) reportCSV(w http.ResponseWriter, r *http.Request) {
	rep, ok := h.loadReport(w, r)
	if !ok {
		return
	}
	var buf bytes.Buffer
	if err := WriteReportCSV(&buf, rep); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	w.Header().Set("Content-Disposition", `attachment; filename="consultation-`+strconv.FormatInt(rep.Consultation.ID, 10)+`-report.csv"`)
	web.Send(w, r, http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// ReportCSVHeader is the header row of the report's CSV export.
var ReportCSVHeader = []string{
	"proposal_id", "created_at", "kind", "author_type", "author", "organisation_id", "title", "body", "supports",
	"status", "commitment_ref", "commitment_url", "reason_ar", "reason_fr", "reason_en", "responded_at",
}

// WriteReportCSV writes one row per proposal of rep, as the plans' exports
// do: UTF-8 with a byte-order mark, CRLF line ends, every cell guarded
// against formula injection. Authors are a person's public name or an
// organisation's name, never an email.
func WriteReportCSV(w io.Writer, rep *Report) error {
	if _, err := io.WriteString(w, "\xEF\xBB\xBF"); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	write := func(rec []string) error {
		for i, v := range rec {
			rec[i] = safeCell(v)
		}
		return cw.Write(rec)
	}
	if err := write(append([]string(nil), ReportCSVHeader...)); err != nil {
		return err
	}
	for _, p := range rep.Proposals {
		author, orgID := p.Author.Name, ""
		if p.Author.Kind == "organisation" {
			author = p.Author.Organisation.In(i18n.Default)
			orgID = strconv.FormatInt(*p.Author.OrganisationID, 10)
		}
		rec := []string{strconv.FormatInt(p.ID, 10), stamp(p.CreatedAt.Time), string(p.Kind), p.Author.Kind, author, orgID,
			p.Title, p.Body, strconv.Itoa(p.Supports), p.Status, "", "", "", "", "", ""}
		if res := p.Response; res != nil {
			if Adopted(res) && res.Commitment != nil {
				rec[10] = res.Commitment.Ref
				rec[11] = "/commitments/" + strconv.FormatInt(res.Commitment.ID, 10)
			}
			rec[12], rec[13], rec[14] = res.Reason[i18n.AR], res.Reason[i18n.FR], res.Reason[i18n.EN]
			rec[15] = stamp(res.RespondedAt.Time)
		}
		if err := write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

func stamp(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.UTC().Format(time.RFC3339)
}

// safeCell defuses CSV formula injection: a cell a spreadsheet would read
// as a formula gets a leading apostrophe.
func safeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}
