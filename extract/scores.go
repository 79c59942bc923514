package extract

import (
	"encoding/json"
	"sort"
)

// Counts are the true positives, false positives and false negatives of
// one type or of all.
type Counts struct {
	TP int `json:"tp"`
	FP int `json:"fp"`
	FN int `json:"fn"`
}

// Precision is TP / (TP + FP), 0 when nothing was predicted.
func (c Counts) Precision() float64 { return ratio(c.TP, c.TP+c.FP) }

// Recall is TP / (TP + FN), 0 when nothing was expected.
func (c Counts) Recall() float64 { return ratio(c.TP, c.TP+c.FN) }

// F1 is the harmonic mean of precision and recall.
func (c Counts) F1() float64 { return ratio(2*c.TP, 2*c.TP+c.FP+c.FN) }

func ratio(a, b int) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// Scores are counts overall and per gold type.
type Scores struct {
	Overall Counts            `json:"overall"`
	ByType  map[string]Counts `json:"by_type"`
}

// Add counts tp, fp and fn for typ and overall.
func (s *Scores) Add(typ string, tp, fp, fn int) { s.add(typ, tp, fp, fn) }

func (s *Scores) add(typ string, tp, fp, fn int) {
	if s.ByType == nil {
		s.ByType = map[string]Counts{}
	}
	c := s.ByType[typ]
	c.TP, c.FP, c.FN = c.TP+tp, c.FP+fp, c.FN+fn
	s.ByType[typ] = c
	s.Overall.TP, s.Overall.FP, s.Overall.FN = s.Overall.TP+tp, s.Overall.FP+fp, s.Overall.FN+fn
}

// Types returns the scored types, sorted.
func (s Scores) Types() []string {
	var ts []string
	for t := range s.ByType {
		ts = append(ts, t)
	}
	sort.Strings(ts)
	return ts
}

// labeled is a scored item: a span with a type, or a relation between two
// spans (or two entities) with a type.
type labeled struct {
	a, b, c, d int
	typ        string
}

// scoreSets adds the exact matches between gold and predicted items.
func (s *Scores) scoreSets(gold, pred []labeled) {
	want := map[labeled]bool{}
	for _, g := range gold {
		want[g] = true
	}
	got := map[labeled]bool{}
	for _, p := range pred {
		if got[p] {
			continue
		}
		got[p] = true
		if want[p] {
			s.add(p.typ, 1, 0, 0)
		} else {
			s.add(p.typ, 0, 1, 0)
		}
	}
	for g := range want {
		if !got[g] {
			s.add(g.typ, 0, 0, 1)
		}
	}
}

// Score tags the records' texts (sentence records sharing a doc_id as one
// article) and scores the spans against their entities by exact span and
// type, in the data's own types. Training uses it for model selection.
func (t *Tagger) Score(recs []AnnotatedRecord) Scores {
	var s Scores
	known := map[string]bool{}
	for _, ty := range t.types {
		known[ty] = true
	}
	for _, d := range groupDocs(recs) {
		pred := make([][]labeled, len(d.recs))
		tagged, _ := t.tagDoc(embeddedLexicon(), d.sents)
		for si, spans := range tagged {
			toks := d.sents[si]
			for _, sp := range spans {
				k := d.rec[si]
				pred[k] = append(pred[k], labeled{a: toks[sp.s].Start, b: toks[sp.e-1].End, typ: t.types[sp.typ]})
			}
		}
		for k, r := range d.recs {
			var gold []labeled
			for _, e := range r.Entities {
				if known[e.Type] {
					gold = append(gold, labeled{a: e.Start, b: e.End, typ: e.Type})
				}
			}
			s.scoreSets(gold, pred[k])
		}
	}
	return s
}

// MarshalJSON adds precision, recall and F1 to the counts.
func (c Counts) MarshalJSON() ([]byte, error) {
	type counts Counts
	return json.Marshal(struct {
		counts
		Precision float64 `json:"precision"`
		Recall    float64 `json:"recall"`
		F1        float64 `json:"f1"`
	}{counts(c), c.Precision(), c.Recall(), c.F1()})
}
