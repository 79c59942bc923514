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
	sc := bufio.NewScanner(r)
	line := 0
	for sc.Scan() {
		line++
		if sc.Text() == "" || strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 6 {
			return nil, fmt.Errorf("line %d: %d fields, want 6", line, len(f))
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
			return nil, fmt.Errorf("line %d: bad numbers", line)
		}
		out = append(out, rc)
	}
	return out, sc.Err()
}

// EmbeddedConfidences returns the embedded confidence table's rows.
func EmbeddedConfidences() []RuleConfidence {
	rows, err := ReadConfidences(strings.NewReader(embeddedConfidence))
	if err != nil {
		panic("extract: embedded confidence table: " + err.Error()) // part of the build
	}
	return rows
}
