package graph

import (
	"cmp"
	"flag"
	"fmt"
	"math"
	"slices"
	"strings"
	"testing"
)

var accuracy = flag.Bool("centrality.accuracy", false, "measure sampled betweenness and closeness against exact values on 10,000 entities and print the table of docs/ANALYTICS.md")

// ranks returns each node's rank by value, highest first (ties by node).
func ranks(v []float64) []float64 {
	idx := make([]int, len(v))
	for i := range idx {
		idx[i] = i
	}
	slices.SortStableFunc(idx, func(a, b int) int { return cmp.Compare(v[b], v[a]) })
	r := make([]float64, len(v))
	for k, i := range idx {
		r[i] = float64(k)
	}
	return r
}

// spearman is the rank correlation of a and b.
func spearman(a, b []float64) float64 {
	ra, rb := ranks(a), ranks(b)
	n := float64(len(a))
	d2 := 0.0
	for i := range ra {
		d := ra[i] - rb[i]
		d2 += d * d
	}
	return 1 - 6*d2/(n*(n*n-1))
}

// topOverlap is the share of a's k highest nodes among b's k highest.
func topOverlap(a, b []float64, k int) float64 {
	ra, rb := ranks(a), ranks(b)
	n := 0
	for i := range ra {
		if ra[i] < float64(k) && rb[i] < float64(k) {
			n++
		}
	}
	return float64(n) / float64(k)
}

// relErr is the median and the largest relative error of got against
// want over want's k highest nodes.
func relErr(want, got []float64, k int) (float64, float64) {
	rw := ranks(want)
	var errs []float64
	for i := range want {
		if rw[i] < float64(k) && want[i] > 0 {
			errs = append(errs, math.Abs(got[i]-want[i])/want[i])
		}
	}
	slices.Sort(errs)
	return errs[len(errs)/2], errs[len(errs)-1]
}

// TestSampledCentralityAccuracy prints how close betweenness and
// closeness from a number of sampled sources come to the exact values on
// a graph like the archive's, smaller (Generate(10000, 5, 1): exact
// betweenness there takes a minute), for several seeds. Run:
//
//	go test ./graph -run TestSampledCentralityAccuracy -centrality.accuracy -v
func TestSampledCentralityAccuracy(t *testing.T) {
	if !*accuracy {
		t.Skip("run with -centrality.accuracy")
	}
	ents, facts := Generate(10_000, 5, 1)
	g := New(ents, facts)
	values := func(a Analysis) (bc, cc []float64) {
		for _, m := range a.Nodes {
			bc, cc = append(bc, m.Betweenness), append(cc, m.Closeness)
		}
		return bc, cc
	}
	exactBC, exactCC := values(g.Analyze(AnalyzeOptions{Seed: 1, ExactLimit: g.Len()}))
	var table strings.Builder
	fmt.Fprintf(&table, "| sources, estimator | seeds | betweenness: Spearman (all) | top 10 in top 10 | top 100 in top 100 | top 100: median, largest error | closeness: Spearman | top 100: median, largest error |\n|---|---|---|---|---|---|---|---|\n")
	for _, run := range []struct {
		k     int
		plain bool
	}{{500, true}, {200, true}, {100, false}, {150, false}, {200, false}, {300, false}, {500, false}} {
		k := run.k
		var sp, t10, t100, med, worst, csp, cmed, cworst []float64
		for seed := uint64(1); seed <= 5; seed++ {
			bc, cc := values(g.Analyze(AnalyzeOptions{Seed: seed, ExactLimit: 100, Samples: k, plain: run.plain}))
			sp, t10, t100 = append(sp, spearman(exactBC, bc)), append(t10, topOverlap(exactBC, bc, 10)), append(t100, topOverlap(exactBC, bc, 100))
			m, w := relErr(exactBC, bc, 100)
			med, worst = append(med, m), append(worst, w)
			csp = append(csp, spearman(exactCC, cc))
			m, w = relErr(exactCC, cc, 100)
			cmed, cworst = append(cmed, m), append(cworst, w)
		}
		span := func(v []float64, pct bool) string {
			lo, hi := slices.Min(v), slices.Max(v)
			if pct {
				return fmt.Sprintf("%.1f-%.1f%%", 100*lo, 100*hi)
			}
			return fmt.Sprintf("%.3f-%.3f", lo, hi)
		}
		how := "linear scaling"
		if run.plain {
			how = "plain"
		}
		fmt.Fprintf(&table, "| %d, %s | 1-5 | %s | %s | %s | %s, %s | %s | %s, %s |\n", k, how, span(sp, false), span(t10, true), span(t100, true),
			span(med, true), span(worst, true), span(csp, false), span(cmed, true), span(cworst, true))
	}
	t.Logf("\n%s", table.String())
}
