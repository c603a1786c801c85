package plan

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

// The CSV exports are meant for spreadsheets first: UTF-8 with a byte-order
// mark so that Excel reads Arabic as Arabic, CRLF line ends, one header row
// of stable snake_case column names, translations in their own columns
// exactly as entered (no fallback between languages), lists joined by "; ",
// and every cell guarded against formula injection.

// bom is the UTF-8 byte-order mark.
const bom = "\xEF\xBB\xBF"

// listSep joins the items of a list inside one cell.
const listSep = "; "

// CommitmentsCSVHeader is the header row of the commitments export.
var CommitmentsCSVHeader = []string{
	"ref", "title_ar", "title_fr", "title_en", "status", "progress",
	"lead_agency_ar", "lead_agency_fr", "partners_ar", "partners_fr",
	"ogp_values", "themes", "start_date", "end_date",
	"objective_ar", "objective_fr", "expected_results_ar", "expected_results_fr",
	"updated_at", "id",
}

// MilestonesCSVHeader is the header row of the milestones export.
var MilestonesCSVHeader = []string{
	"commitment_ref", "position", "title_ar", "title_fr", "title_en",
	"deliverable_ar", "deliverable_fr", "responsible_ar", "responsible_fr",
	"start_date", "end_date", "status", "progress", "weight",
}

// WriteCommitmentsCSV writes one row per commitment of cs, after a BOM and
// the header row.
func WriteCommitmentsCSV(w io.Writer, cs []Commitment) error {
	return writeCSV(w, CommitmentsCSVHeader, func(emit func([]string) error) error {
		for _, c := range cs {
			var partnersAR, partnersFR []string
			for _, p := range c.Partners {
				partnersAR = append(partnersAR, p.Name[i18n.AR])
				partnersFR = append(partnersFR, p.Name[i18n.FR])
			}
			var leadAR, leadFR string
			if c.Lead != nil {
				leadAR, leadFR = c.Lead.Name[i18n.AR], c.Lead.Name[i18n.FR]
			}
			updated := ""
			if !c.UpdatedAt.IsZero() {
				updated = c.UpdatedAt.UTC().Format(time.RFC3339)
			}
			err := emit([]string{
				c.Ref, c.Title[i18n.AR], c.Title[i18n.FR], c.Title[i18n.EN], string(c.Status), strconv.Itoa(c.Progress),
				leadAR, leadFR, joinCell(partnersAR), joinCell(partnersFR),
				joinCell(c.Values), joinCell(c.Themes), c.StartDate.String(), c.EndDate.String(),
				c.Objective[i18n.AR], c.Objective[i18n.FR], c.ExpectedResults[i18n.AR], c.ExpectedResults[i18n.FR],
				updated, strconv.FormatInt(c.ID, 10),
			})
			if err != nil {
				return err
			}
		}
		return nil
	})
}

// WriteMilestonesCSV writes one row per milestone of the commitments of cs
// (their Milestones filled), in commitment then milestone order, after a BOM
// and the header row.
func WriteMilestonesCSV(w io.Writer, cs []Commitment) error {
	return writeCSV(w, MilestonesCSVHeader, func(emit func([]string) error) error {
		for _, c := range cs {
			for _, m := range c.Milestones {
				var respAR, respFR string
				if m.Responsible != nil {
					respAR, respFR = m.Responsible.Name[i18n.AR], m.Responsible.Name[i18n.FR]
				}
				err := emit([]string{
					c.Ref, strconv.Itoa(m.Position), m.Title[i18n.AR], m.Title[i18n.FR], m.Title[i18n.EN],
					m.Deliverable[i18n.AR], m.Deliverable[i18n.FR], respAR, respFR,
					m.StartDate.String(), m.EndDate.String(), string(m.Status), strconv.Itoa(m.Progress),
					strconv.Itoa(m.Weight),
				})
				if err != nil {
					return err
				}
			}
		}
		return nil
	})
}

func writeCSV(w io.Writer, header []string, rows func(emit func([]string) error) error) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	emit := func(record []string) error {
		for i, v := range record {
			record[i] = SafeCell(v)
		}
		return cw.Write(record)
	}
	if err := emit(append([]string(nil), header...)); err != nil {
		return err
	}
	if err := rows(emit); err != nil {
		return err
	}
	cw.Flush()
	return cw.Error()
}

// SafeCell defuses CSV formula injection (OWASP): a cell that a spreadsheet
// would read as a formula — starting with =, +, -, @, a tab or a carriage
// return — gets a leading apostrophe, so it is shown as text.
func SafeCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

func joinCell[T ~string](xs []T) string {
	parts := make([]string, 0, len(xs))
	for _, x := range xs {
		if x != "" {
			parts = append(parts, string(x))
		}
	}
	return strings.Join(parts, listSep)
}

func (a *API) commitmentsCSV(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	p, err := PlanBySlug(ctx, a.DB.R(), siteID, r.PathValue("slug"))
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	cs, err := Commitments(ctx, a.DB.R(), siteID, p.ID)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	var buf bytes.Buffer
	if err := WriteCommitmentsCSV(&buf, cs); err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	sendCSV(w, r, p.Slug+"-commitments.csv", buf.Bytes())
}

func (a *API) milestonesCSV(w http.ResponseWriter, r *http.Request) {
	ctx := r.Context()
	siteID := web.SiteOf(ctx).ID
	p, err := PlanBySlug(ctx, a.DB.R(), siteID, r.PathValue("slug"))
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	cs, err := Commitments(ctx, a.DB.R(), siteID, p.ID)
	if err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	for i := range cs {
		if cs[i].Milestones, err = Milestones(ctx, a.DB.R(), cs[i].ID); err != nil {
			a.Errors.Error(w, r, err)
			return
		}
	}
	var buf bytes.Buffer
	if err := WriteMilestonesCSV(&buf, cs); err != nil {
		a.Errors.Error(w, r, err)
		return
	}
	sendCSV(w, r, p.Slug+"-milestones.csv", buf.Bytes())
}

// sendCSV answers body as a CSV download named filename.
func sendCSV(w http.ResponseWriter, r *http.Request, filename string, body []byte) {
	w.Header().Set("Content-Disposition", `attachment; filename="`+safeFilename(filename)+`"`)
	web.Send(w, r, http.StatusOK, "text/csv; charset=utf-8", body)
}

// safeFilename keeps ASCII letters, digits, '.', '-' and '_' and replaces
// any other character by '-', so a slug can never break the header's quoting.
func safeFilename(s string) string {
	return strings.Map(func(c rune) rune {
		switch {
		case 'a' <= c && c <= 'z', 'A' <= c && c <= 'Z', '0' <= c && c <= '9', c == '.', c == '-', c == '_':
			return c
		}
		return '-'
	}, s)
}
