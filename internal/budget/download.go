package budget

import (
	"bytes"
	"encoding/csv"
	"io"
	"net/http"
	"strconv"
	"strings"

	"github.com/infitah/infitah/internal/platform/i18n"
	"github.com/infitah/infitah/internal/platform/web"
)

// WriteCSV writes the lines in the import layout (Columns), so a download
// can be imported again: UTF-8 with a BOM so that Excel keeps the Arabic,
// CRLF line ends, amounts with a decimal point and their centimes, and
// every text cell guarded against formula injection.
func WriteCSV(w io.Writer, lines []Line) error {
	if _, err := io.WriteString(w, bom); err != nil {
		return err
	}
	cw := csv.NewWriter(w)
	cw.UseCRLF = true
	if err := cw.Write(Columns); err != nil {
		return err
	}
	amount := func(c Centimes) string { return Format(c, "", ".") }
	for _, l := range lines {
		rec := []string{"line", string(l.Section), string(l.Direction), l.Chapter, l.Article, l.Paragraph, l.Code,
			SafeCell(l.Label[i18n.AR]), SafeCell(l.Label[i18n.FR]), SafeCell(l.Label[i18n.EN]),
			SafeCell(l.ChapterLabel[i18n.AR]), SafeCell(l.ChapterLabel[i18n.FR]), SafeCell(l.ChapterLabel[i18n.EN]),
			SafeCell(l.Programme), SafeCell(l.Function), SafeCell(l.Province), SafeCell(l.Commitment),
			amount(l.Forecast), amount(l.Revised), amount(l.Committed), amount(l.Executed)}
		if err := cw.Write(rec); err != nil {
			return err
		}
	}
	cw.Flush()
	return cw.Error()
}

// Document is the JSON form of a budget: the download and the API's answer.
type Document struct {
	Year       int    `json:"year"`
	Stage      Stage  `json:"stage"`
	Currency   string `json:"currency"`
	Unit       string `json:"unit"`
	Population int64  `json:"population,omitempty"`
	Revenue    Totals `json:"revenue"`
	Spending   Totals `json:"expenditure"`
	Lines      []Line `json:"lines"`
}

func document(b *Budget) Document {
	lines := b.Lines
	if lines == nil {
		lines = []Line{}
	}
	return Document{Year: b.Year, Stage: b.Stage, Currency: "MAD", Unit: "centimes", Population: b.Population,
		Revenue: Sum(Filter(lines, Revenue, "")), Spending: Sum(Filter(lines, Expenditure, "")), Lines: lines}
}

// download: GET /budget/{year}/{stage}.csv and .json.
func (h *Handler) download(w http.ResponseWriter, r *http.Request) {
	y, ok := yearParam(r.PathValue("year"))
	file := r.PathValue("file")
	name, ext, _ := strings.Cut(file, ".")
	if !ok || !Stage(name).Valid() || (ext != "csv" && ext != "json") {
		h.Errors.NotFound(w, r)
		return
	}
	b, err := Load(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, y, Stage(name))
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	filename := "budget-" + strconv.Itoa(y) + "-" + name + "." + ext
	w.Header().Set("Content-Disposition", `attachment; filename="`+filename+`"`)
	if ext == "json" {
		if err := web.JSON(w, r, http.StatusOK, web.One{Data: document(b)}); err != nil {
			h.Errors.Error(w, r, err)
		}
		return
	}
	var buf bytes.Buffer
	if err := WriteCSV(&buf, b.Lines); err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	web.Send(w, r, http.StatusOK, "text/csv; charset=utf-8", buf.Bytes())
}

// apiList: GET /api/v1/budgets, the published budgets (without their
// lines), latest year first.
func (h *Handler) apiList(w http.ResponseWriter, r *http.Request) {
	all, err := h.published(r.Context())
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	type item struct {
		Summary
		URL  string `json:"url"`
		CSV  string `json:"csv"`
		JSON string `json:"json"`
	}
	out := make([]item, 0, len(all))
	for _, s := range all {
		base := yearPath(s.Year) + "/" + string(s.Stage)
		out = append(out, item{Summary: s, URL: "/api/v1/budgets/" + strconv.FormatInt(s.ID, 10),
			CSV: base + ".csv", JSON: base + ".json"})
	}
	if err := web.JSON(w, r, http.StatusOK, web.List{Data: out}); err != nil {
		h.Errors.Error(w, r, err)
	}
}

// apiOne: GET /api/v1/budgets/{id}, one budget with its lines.
func (h *Handler) apiOne(w http.ResponseWriter, r *http.Request) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		h.Errors.NotFound(w, r)
		return
	}
	b, err := LoadByID(r.Context(), h.DB.R(), web.SiteOf(r.Context()).ID, id)
	if err != nil {
		h.Errors.Error(w, r, err)
		return
	}
	if err := web.JSON(w, r, http.StatusOK, web.One{Data: document(b)}); err != nil {
		h.Errors.Error(w, r, err)
	}
}
