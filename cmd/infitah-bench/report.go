package main

import (
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"
)

// The performance targets.
const (
	minPlanRatio = 0.30                  // plan page req/s over the trivial handler's
	maxP99       = 20 * time.Millisecond // every page of the site
	maxPlanBytes = 60 * 1024             // the plan page's HTML
)

// report prints the table of results and the targets, with MISSED for each
// target that does not hold.
func report(w io.Writer, targets []target, results []result) {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "target\trequests\treq/s\tp50\tp99\terrors\tbody\tvs trivial\t")
	for i, t := range targets {
		r := results[i]
		ratio := ""
		if t.baseline >= 0 {
			ratio = percent(ratioOf(r, results[t.baseline]))
		}
		fmt.Fprintf(tw, "%s\t%d\t%.0f\t%s\t%s\t%d\t%s\t%s\t\n",
			t.name, r.requests, r.rate(), ms(r.percentile(0.50)), ms(r.percentile(0.99)), r.errors, size(r.meanBody()), ratio)
	}
	tw.Flush()

	fmt.Fprintln(w)
	fmt.Fprintln(w, "targets:")
	missed := 0
	check := func(ok bool, what, got string) {
		verdict := "ok"
		if !ok {
			verdict = "MISSED"
			missed++
		}
		fmt.Fprintf(w, "  %-6s  %-48s %s\n", verdict, what, got)
	}
	for i, t := range targets {
		if t.baseline < 0 {
			continue
		}
		r := results[i]
		if t.plan {
			ratio := ratioOf(r, results[t.baseline])
			check(ratio >= minPlanRatio, fmt.Sprintf("plan page req/s ≥ %.0f%% of the trivial handler", minPlanRatio*100), percent(ratio))
			check(t.size < maxPlanBytes, fmt.Sprintf("plan page HTML < %d KB", maxPlanBytes/1024), size(int64(t.size)))
		}
		p99 := r.percentile(0.99)
		check(r.requests > 0 && p99 < maxP99, fmt.Sprintf("%s p99 < %v", t.page, maxP99), ms(p99))
	}
	fmt.Fprintln(w)
	if missed > 0 {
		fmt.Fprintf(w, "MISSED %d target(s) (a measurement, not a test: exit status stays 0)\n", missed)
	} else {
		fmt.Fprintln(w, "all targets met")
	}
}

func ratioOf(r, base result) float64 {
	if base.rate() == 0 {
		return 0
	}
	return r.rate() / base.rate()
}

func percent(f float64) string { return strconv.FormatFloat(f*100, 'f', 1, 64) + "%" }

func ms(d time.Duration) string {
	return strconv.FormatFloat(float64(d)/float64(time.Millisecond), 'f', 2, 64) + " ms"
}

func size(n int64) string {
	return fmt.Sprintf("%.1f KB (%d B)", float64(n)/1024, n)
}
