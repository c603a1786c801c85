package budget

// Bars is a horizontal bar chart drawn as SVG on the server: no script, no
// chart service. Each row has its label above its bar and its amount at the
// far end of the label line. In right-to-left pages the chart is mirrored —
// bars grow from the right, labels start on the right — which is where an
// Arabic reader starts. Every number in it is also in the table next to it;
// the SVG is role="img" with Title as its accessible name.
type Bars struct {
	Title  string
	Width  int // of the viewBox
	Height int
	RTL    bool
	Rows   []BarRow
}

// BarRow is one bar with its text, placed in viewBox units.
type BarRow struct {
	Label   string
	Amount  string
	LabelX  int // where the label starts (its text-anchor is "start")
	AmountX int // where the amount ends (text-anchor "end")
	TextY   int
	BarX    int
	BarY    int
	BarW    int
}

// Chart geometry, in viewBox units.
const (
	chartWidth = 640
	rowHeight  = 54
	barHeight  = 16
)

// NewBars lays out one bar per value, the longest filling the width;
// labels and amounts are the texts shown with each bar.
func NewBars(title string, rtl bool, labels, amounts []string, values []Centimes) *Bars {
	b := &Bars{Title: title, Width: chartWidth, Height: rowHeight * len(values), RTL: rtl}
	var top Centimes
	for _, v := range values {
		top = max(top, v)
	}
	for i, v := range values {
		w := 0
		if top > 0 && v > 0 {
			w = max(1, int(int64(v)*chartWidth/int64(top)))
		}
		r := BarRow{Label: labels[i], Amount: amounts[i], TextY: i*rowHeight + 22, BarY: i*rowHeight + 30, BarW: w}
		if rtl {
			// With direction="rtl", "start" is the right edge and "end" the left.
			r.LabelX, r.AmountX, r.BarX = chartWidth, 0, chartWidth-w
		} else {
			r.LabelX, r.AmountX, r.BarX = 0, chartWidth, 0
		}
		b.Rows = append(b.Rows, r)
	}
	return b
}
