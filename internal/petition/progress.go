package petition

// DivisionCount is the confirmed signatures of one division.
type DivisionCount struct {
	DivisionID int64
	Online     int
	Paper      int
}

// Progress is where a petition stands against its requirement.
type Progress struct {
	Online, Paper, Total int
	Required             int
	Missing              int // signatures still needed in all
	Divisions            []DivisionProgress
	Met                  bool // the number and every division's share are reached
}

// DivisionProgress is one division against its share.
type DivisionProgress struct {
	DivisionID int64
	Online     int
	Paper      int
	Count      int
	Share      int // the least this division must bring
	Missing    int
	Met        bool
}

// Measure rolls the counts of a petition's divisions up against q. Every
// division of divisions appears, in that order, even without signatures;
// counts of a division not in the list add to the totals only.
func Measure(q Requirement, divisions []int64, counts []DivisionCount) Progress {
	by := map[int64]DivisionCount{}
	p := Progress{Required: q.Required}
	for _, c := range counts {
		by[c.DivisionID] = c
		p.Online += c.Online
		p.Paper += c.Paper
	}
	p.Total = p.Online + p.Paper
	p.Missing = max(0, q.Required-p.Total)
	p.Met = p.Missing == 0
	for _, id := range divisions {
		c := by[id]
		d := DivisionProgress{DivisionID: id, Online: c.Online, Paper: c.Paper, Count: c.Online + c.Paper, Share: q.MinPerDivision}
		d.Missing = max(0, d.Share-d.Count)
		d.Met = ShareMet(d.Count, q.Required, q.SharePercent)
		if !d.Met {
			p.Met = false
		}
		p.Divisions = append(p.Divisions, d)
	}
	return p
}
