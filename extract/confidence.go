package extract

import (
	"bufio"
	_ "embed"
	"errors"
	"fmt"
	"io"
	"sort"
	"strconv"
	"strings"

	"github.com/newsgraph/newsgraph/internal/lazy"
)

// The rules' confidences are calibrated on annotated data: a rule's
// confidence for a relation type is the share of its facts that were right
// there (smoothed towards the hand-set value, so that a rule seen a few
// times keeps most of it). model/confidence.tsv holds the measured table;
// `newsgraph train confidence` rebuilds it. The relation model's facts
// have their own probabilities (Platt scaling on held-out training records,
// given the gold names); the table scales them by relation type to the
// share right end to end, where names can be wrong too.

// RuleConfidence is what one rule's facts of one relation type scored.
type RuleConfidence struct {
	Rule, Relation string
	Facts, Right   int
	Prior          float64 // the hand-set confidence the rule gives (for the model, its mean probability)
	Confidence     float64 // smoothed share right
}

// AnyRelation in a table's relation column gives a rule's confidence for
// the relation types it has no row of its own for.
const AnyRelation = "*"

// confidenceWeight is how many facts the hand-set value counts as.
const confidenceWeight = 4

//go:embed model/confidence.tsv
var embeddedConfidence string

// defaultConfidences is the embedded table, by rule and relation.
var defaultConfidences = lazy.Value("confidences", func() map[[2]string]float64 {
	return confidenceMap(EmbeddedConfidences())
})

// confidenceMap indexes the table: a rule's confidence, or for the model
// the factor its probabilities are scaled by.
func confidenceMap(rows []RuleConfidence) map[[2]string]float64 {
	out := map[[2]string]float64{}
	for _, r := range rows {
		c := r.Confidence
		if r.Rule == "model" && r.Prior > 0 {
			c = r.Confidence / r.Prior
		}
		out[[2]string{r.Rule, r.Relation}] = c
	}
	return out
}

// MeasureRules counts, per rule and relation type, the predicted facts
// that carry one of m's labels and how many of them the gold has (at
// entity level where the gold has clusters), and sets each confidence to
// (right + 4 x hand-set) / (facts + 4). For the relation model ("model")
// the hand-set value is the mean probability it gave.
func MeasureRules(gold, pred []AnnotatedRecord, m LabelMap) []RuleConfidence {
	byID := map[string]*AnnotatedRecord{}
	for i := range pred {
		byID[pred[i].ID] = &pred[i]
	}
	gold = m.spanConventions(gold, false)
	goldRel := map[string]bool{}
	for _, l := range m.Relations {
		goldRel[l.Label] = true
	}
	type key struct{ rule, rel string }
	stats := map[key]*RuleConfidence{}
	for i := range gold {
		g, p := &gold[i], byID[gold[i].ID]
		if p == nil {
			continue
		}
		pc := m.spanConventions([]AnnotatedRecord{*p}, true)[0]
		items := relationItems
		if len(g.Clusters) > 0 {
			items = relationEntityItems
		}
		gs, ps, src := items(g, &pc, m, goldRel)
		want := map[labeled]bool{}
		for _, x := range gs {
			want[x] = true
		}
		for i, item := range ps {
			r := pc.Relations[src[i]]
			s := stats[key{r.Rule, r.Type}]
			if s == nil {
				s = &RuleConfidence{Rule: r.Rule, Relation: r.Type}
				stats[key{r.Rule, r.Type}] = s
			}
			s.Prior = (s.Prior*float64(s.Facts) + r.Confidence) / float64(s.Facts+1)
			s.Facts++
			if want[item] {
				s.Right++
			}
		}
	}
	var out []RuleConfidence
	for _, s := range stats {
		s.Confidence = (float64(s.Right) + confidenceWeight*s.Prior) / float64(s.Facts+confidenceWeight)
		out = append(out, *s)
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Rule != out[j].Rule {
			return out[i].Rule < out[j].Rule
		}
		return out[i].Relation < out[j].Relation
	})
	return out
}

// WriteConfidences writes the table as tab-separated values.
func WriteConfidences(w io.Writer, rows []RuleConfidence) error {
	bw := bufio.NewWriter(w)
	fmt.Fprintln(bw, "# rule\trelation\tfacts\tright\thand-set\tconfidence")
	for _, r := range rows {
		fmt.Fprintf(bw, "%s\t%s\t%d\t%d\t%.2f\t%.2f\n", r.Rule, r.Relation, r.Facts, r.Right, r.Prior, r.Confidence)
	}
	return bw.Flush()
}

// ReadConfidences reads a table written by WriteConfidences.
func ReadConfidences(r io.Reader) ([]RuleConfidence, error) {
	var out []RuleConfidence
	err := eachTSVLine(r, func(text string) error {
		f := strings.Split(text, "\t")
		if len(f) != 6 {
			return fmt.Errorf("%d fields, want 6", len(f))
		}
		var rc RuleConfidence
		var err error
		rc.Rule, rc.Relation = f[0], f[1]
		if rc.Facts, err = strconv.Atoi(f[2]); err == nil {
			if rc.Right, err = strconv.Atoi(f[3]); err == nil {
				if rc.Prior, err = strconv.ParseFloat(f[4], 64); err == nil {
					rc.Confidence, err = strconv.ParseFloat(f[5], 64)
				}
			}
		}
		if err != nil || rc.Confidence < 0 || rc.Confidence > 1 || rc.Right > rc.Facts {
			return errors.New("bad numbers")
		}
		out = append(out, rc)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return out, nil
}

// eachTSVLine calls each with every line of r that is neither empty nor a
// "#" comment; an error names the line.
func eachTSVLine(r io.Reader, each func(text string) error) error {
	sc := bufio.NewScanner(r)
	for line := 1; sc.Scan(); line++ {
		if sc.Text() == "" || strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		if err := each(sc.Text()); err != nil {
			return fmt.Errorf("line %d: %w", line, err)
		}
	}
	return sc.Err()
}

// EmbeddedConfidences returns the embedded confidence table's rows.
func EmbeddedConfidences() []RuleConfidence {
	rows, err := ReadConfidences(strings.NewReader(embeddedConfidence))
	if err != nil {
		panic("extract: embedded confidence table: " + err.Error()) // part of the build
	}
	return rows
}

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
	err := eachTSVLine(r, func(text string) error {
		s, rt, ok := strings.Cut(text, "\t")
		x, err1 := strconv.ParseFloat(s, 64)
		y, err2 := strconv.ParseFloat(rt, 64)
		if !ok || err1 != nil || err2 != nil || x < 0 || x > 1 || y < 0 || y > 1 {
			return errors.New("want two numbers from 0 to 1")
		}
		if n := len(c.Stated); n > 0 && (x <= c.Stated[n-1] || y < c.Right[n-1]) {
			return errors.New("the map must rise")
		}
		c.Stated, c.Right = append(c.Stated, x), append(c.Right, y)
		return nil
	})
	if err != nil {
		return nil, err
	}
	return c, nil
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
