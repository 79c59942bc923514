package extract

import (
	"bufio"
	_ "embed"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/internal/lazy"
)

// A source's confidence is how often its facts were right on annotated
// news. A fact's is not quite that: the same fact found by two rules, or
// in two sentences, is right more often than either finding, and the
// classifier's probabilities are sharper than its precision. Calibration
// maps the confidence a source gives to how often facts given that
// confidence were right on articles the table was not fitted on (each fold
// of the held-out news, with a table fitted on the others), so that a fact
// stated at p is right about p of the time.

// Calibration is a monotone map from a source's confidence to the share
// of facts given that confidence that were right: isotonic regression
// (pool adjacent violators) over held-out facts, read between its knots by
// straight lines. No library of the project's dependencies fits one
// (gonum has none), and it is a dozen lines.
type Calibration struct {
	Stated, Right []float64 // knots: strictly increasing Stated, non-decreasing Right
}

// calibrationGroup is the fewest facts one knot stands for: a knot on a
// handful of facts would follow their luck (fitted on four folds, knots of
// a few facts missed the fifth by 12 points; of 40 or more, by under 10).
const calibrationGroup = 40

// FitCalibration fits the map on facts' stated confidences and whether
// each was right. The facts, in order of stated confidence, are grouped by
// calibrationGroup or more (never splitting one confidence), the groups
// pooled while a group's share right is not above the one before it, and
// each pooled group becomes one knot at its mean stated confidence.
func FitCalibration(stated []float64, right []bool) *Calibration {
	idx := make([]int, len(stated))
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return stated[idx[a]] < stated[idx[b]] })
	type block struct{ n, sumStated, sumRight float64 }
	var groups []block
	var g block
	for k, i := range idx {
		g.n, g.sumStated = g.n+1, g.sumStated+stated[i]
		if right[i] {
			g.sumRight++
		}
		last := k == len(idx)-1
		if last || g.n >= calibrationGroup && stated[idx[k+1]] != stated[i] {
			if last && g.n < calibrationGroup && len(groups) > 0 {
				p := &groups[len(groups)-1] // too few left over: the last group takes them
				p.n, p.sumStated, p.sumRight = p.n+g.n, p.sumStated+g.sumStated, p.sumRight+g.sumRight
			} else {
				groups = append(groups, g)
			}
			g = block{}
		}
	}
	var bs []block
	for _, b := range groups {
		bs = append(bs, b)
		for len(bs) > 1 {
			a, c := bs[len(bs)-2], bs[len(bs)-1]
			if a.sumRight/a.n < c.sumRight/c.n {
				break
			}
			bs = append(bs[:len(bs)-2], block{a.n + c.n, a.sumStated + c.sumStated, a.sumRight + c.sumRight})
		}
	}
	c := &Calibration{}
	for _, b := range bs {
		c.Stated = append(c.Stated, b.sumStated/b.n)
		c.Right = append(c.Right, b.sumRight/b.n)
	}
	return c
}

// Apply maps a source's confidence to the calibrated one, at most 0.99:
// no fact is certain.
func (c *Calibration) Apply(p float64) float64 {
	n := len(c.Stated)
	var v float64
	switch {
	case n == 0:
		return p
	case p <= c.Stated[0]:
		v = c.Right[0]
	case p >= c.Stated[n-1]:
		v = c.Right[n-1]
	default:
		k := sort.SearchFloat64s(c.Stated, p) // c.Stated[k-1] < p <= c.Stated[k]
		lo, hi := k-1, k
		t := (p - c.Stated[lo]) / (c.Stated[hi] - c.Stated[lo])
		v = c.Right[lo] + t*(c.Right[hi]-c.Right[lo])
	}
	return min(0.99, float64(int(v*100+0.5))/100)
}

// WriteCalibration writes the map's knots as tab-separated values.
func WriteCalibration(w io.Writer, c *Calibration) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# stated\tright")
	for i := range c.Stated {
		fmt.Fprintf(bw, "%.4f\t%.4f\n", c.Stated[i], c.Right[i])
	}
	return bw.Flush()
}

// ReadCalibration reads a map written by WriteCalibration.
func ReadCalibration(r io.Reader) (*Calibration, error) {
	c := &Calibration{}
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		if sc.Text() == "" || strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		s, rt, ok := strings.Cut(sc.Text(), "\t")
		x, err1 := strconv.ParseFloat(s, 64)
		y, err2 := strconv.ParseFloat(rt, 64)
		if !ok || err1 != nil || err2 != nil || x < 0 || x > 1 || y < 0 || y > 1 {
			return nil, fmt.Errorf("line %d: want two numbers from 0 to 1", line)
		}
		if n := len(c.Stated); n > 0 && (x <= c.Stated[n-1] || y < c.Right[n-1]) {
			return nil, fmt.Errorf("line %d: the map must rise", line)
		}
		c.Stated, c.Right = append(c.Stated, x), append(c.Right, y)
	}
	return c, sc.Err()
}

//go:embed model/calibration.tsv
var embeddedCalibration string

// defaultCalibration is the embedded map, fitted with the embedded table.
var defaultCalibration = lazy.Value("calibration", func() *Calibration {
	c, err := ReadCalibration(strings.NewReader(embeddedCalibration))
	if err != nil {
		panic("extract: embedded calibration: " + err.Error()) // part of the build
	}
	return c
})

// EmbeddedCalibration returns the embedded map, the one New's extractors
// apply with the embedded confidence table.
func EmbeddedCalibration() *Calibration { return defaultCalibration() }
