package extract

import (
	"bytes"
	"math"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
)

func TestMeasureRules(t *testing.T) {
	const text = "Ann Lee of Acme met Tom Berg of Bolt in Oslo."
	gold := []AnnotatedRecord{{ID: "a", Text: text, Entities: []AnnotatedEntity{
		ent(text, "Ann Lee", "Peop", 0), ent(text, "Acme", "Org", 0), ent(text, "Tom Berg", "Peop", 0), ent(text, "Bolt", "Org", 0),
		ent(text, "Oslo", "Loc", 0)},
		Relations: []AnnotatedRelation{{Head: 0, Tail: 1, Type: "Work_For"}, {Head: 2, Tail: 3, Type: "Work_For"}}}}
	p := []AnnotatedEntity{ent(text, "Ann Lee", newsgraph.Person, 0), ent(text, "Acme", newsgraph.Org, 0),
		ent(text, "Tom Berg", newsgraph.Person, 0), ent(text, "Bolt", newsgraph.Org, 0), ent(text, "Oslo", newsgraph.GPE, 0)}
	pred := []AnnotatedRecord{{ID: "a", Text: text, Entities: p, Relations: []AnnotatedRelation{
		{Head: 0, Tail: 1, Type: "works_for", Rule: "of-org", Confidence: 0.6},  // right
		{Head: 2, Tail: 3, Type: "works_for", Rule: "of-org", Confidence: 0.6},  // right
		{Head: 0, Tail: 3, Type: "works_for", Rule: "far-org", Confidence: 0.8}, // wrong
		{Head: 2, Tail: 4, Type: "lives_in", Rule: "model", Confidence: 0.9},    // wrong
		{Head: 0, Tail: 2, Type: "meets_with", Rule: "meets", Confidence: 0.85}, // not a CoNLL04 label
	}}}
	m, _ := LabelMapNamed("conll04")
	rows := MeasureRules(gold, pred, m)
	got := map[string]RuleConfidence{}
	for _, r := range rows {
		got[r.Rule+"/"+r.Relation] = r
	}
	if len(rows) != 3 {
		t.Fatalf("rows %+v, want of-org, far-org and model", rows)
	}
	check := func(key string, facts, right int, prior, conf float64) {
		t.Helper()
		r := got[key]
		if r.Facts != facts || r.Right != right || math.Abs(r.Prior-prior) > 1e-9 || math.Abs(r.Confidence-conf) > 1e-9 {
			t.Errorf("%s: %+v, want %d facts, %d right, hand-set %.2f, confidence %.4f", key, r, facts, right, prior, conf)
		}
	}
	check("of-org/works_for", 2, 2, 0.6, (2+4*0.6)/6)
	check("far-org/works_for", 1, 0, 0.8, (0+4*0.8)/5)
	check("model/lives_in", 1, 0, 0.9, (0+4*0.9)/5)

	var buf bytes.Buffer
	if err := WriteConfidences(&buf, rows); err != nil {
		t.Fatal(err)
	}
	back, err := ReadConfidences(&buf)
	if err != nil || len(back) != len(rows) || back[0].Rule != rows[0].Rule || back[0].Facts != rows[0].Facts {
		t.Fatalf("round trip: %+v, %v", back, err)
	}
	// The model's probabilities are scaled by share right / mean probability.
	cm := confidenceMap(back)
	if f := cm[[2]string{"model", "lives_in"}]; math.Abs(f-(0.72/0.9)) > 0.01 {
		t.Errorf("model factor %.3f, want %.3f", f, 0.72/0.9)
	}
}

func TestReadConfidencesRejectsBadRows(t *testing.T) {
	for name, text := range map[string]string{
		"fields":      "a\tb\t1\n",
		"not numbers": "a\tb\tx\t1\t0.5\t0.5\n",
		"over one":    "a\tb\t2\t1\t0.5\t1.5\n",
		"right>facts": "a\tb\t1\t2\t0.5\t0.5\n",
	} {
		if _, err := ReadConfidences(strings.NewReader(text)); err == nil {
			t.Errorf("%s: accepted", name)
		}
	}
}

func TestExtractAppliesConfidences(t *testing.T) {
	const text = "US President Joe Biden spoke."
	conf := func(x *Extractor) float64 {
		for _, r := range x.Extract(newsgraph.Article{Text: text}).Relations {
			if r.Type == newsgraph.PresidentOf {
				return r.Confidence
			}
		}
		t.Fatal("no president_of")
		return 0
	}
	x := New().WithMinConfidence(0) // the confidences given, not the bar
	hand := conf(x.WithRuleConfidences(nil))
	if hand != 0.9 {
		t.Errorf("hand-set confidence %.2f, want 0.9", hand)
	}
	table := []RuleConfidence{{Rule: "title-before-name", Relation: newsgraph.PresidentOf, Facts: 10, Right: 5, Prior: 0.9, Confidence: 0.55}}
	if got := conf(x.WithRuleConfidences(table)); got != 0.55 {
		t.Errorf("with a measured table: %.2f, want 0.55", got)
	}
	// The embedded table was measured on the held-out news of
	// testdata/newsfacts: title-before-name president_of was right 13
	// times of 14 there.
	if got, want := conf(x), defaultConfidences()[[2]string{"title-before-name", newsgraph.PresidentOf}]; got != want || want == 0 {
		t.Errorf("embedded table: %.2f, want %.2f", got, want)
	}
}

// FuzzReadConfidences: a table a user gives (--confidences FILE) is read
// or refused with a line number, never a panic, and what is read writes
// back to a table that reads the same.
func FuzzReadConfidences(f *testing.F) {
	f.Add(strings.Join(strings.Split(embeddedConfidence, "\n")[:4], "\n"))
	f.Add("# rule\trelation\tfacts\tright\thand-set\tconfidence\nr\t*\t3\t2\t0.80\t0.75\n")
	f.Add("r\tx\t1\t2\t0.5\t0.5\n")
	f.Add("a\tb\n\n#\n")
	f.Fuzz(func(t *testing.T, s string) {
		rows, err := ReadConfidences(strings.NewReader(s))
		if err != nil {
			if !strings.HasPrefix(err.Error(), "line ") {
				t.Fatalf("error without a line: %v", err)
			}
			return
		}
		var buf strings.Builder
		if err := WriteConfidences(&buf, rows); err != nil {
			t.Fatal(err)
		}
		back, err := ReadConfidences(strings.NewReader(buf.String()))
		if err != nil || len(back) != len(rows) {
			t.Fatalf("written table reads back %d rows, %v; want %d", len(back), err, len(rows))
		}
		for i := range rows {
			if back[i].Rule != rows[i].Rule || back[i].Relation != rows[i].Relation || back[i].Facts != rows[i].Facts || back[i].Right != rows[i].Right {
				t.Fatalf("row %d: %+v read back as %+v", i, rows[i], back[i])
			}
		}
	})
}
