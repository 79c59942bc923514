// Package eval scores extracted facts against annotated news at the level
// users see them: a fact is a subject name, a relation and an object name,
// as the knowledge graph stores it.
//
// It reads the newsfacts format (../shared/data/README.md): per article,
// the entities with their names and aliases, the facts between them, and
// the facts the annotator was unsure of.
package eval

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"slices"
	"sort"
	"strings"
	"unicode"

	"golang.org/x/text/runes"
	"golang.org/x/text/transform"
	"golang.org/x/text/unicode/norm"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract"
	"github.com/newsgraph/newsgraph/extract/input"
)

// TaskFacts is the eval task that scores facts at entity level.
const TaskFacts = "facts"

// GoldEntity is an annotated entity: its fullest name and the other names
// the article uses for it.
type GoldEntity struct {
	Name    string   `json:"name"`
	Type    string   `json:"type"`
	Aliases []string `json:"aliases"`
}

// GoldFact is an annotated fact between two entities of its record, named
// by their Name.
type GoldFact struct {
	Subject  string  `json:"subject"`
	Relation string  `json:"relation"`
	Object   string  `json:"object"`
	Evidence string  `json:"evidence,omitempty"`
	Date     *string `json:"date,omitempty"`
	Why      string  `json:"why,omitempty"` // for unsure facts: why
	// Start and End are the code points of the evidence sentence in the
	// record's text, where the annotations keep no copy of it.
	Start *int `json:"start,omitempty"`
	End   *int `json:"end,omitempty"`
}

// FactsRecord is one annotated article.
type FactsRecord struct {
	ID       string       `json:"id"`
	Text     string       `json:"text,omitempty"`
	Entities []GoldEntity `json:"entities"`
	Facts    []GoldFact   `json:"facts"`
	// Unsure facts count neither way: a prediction matching one is not
	// scored.
	Unsure []GoldFact `json:"unsure,omitempty"`
}

// ReadFacts reads newsfacts JSON Lines. Every fact must name entities of its
// record and a relation of the ontology; errors name the file and line.
func ReadFacts(name string, r io.Reader) ([]FactsRecord, error) {
	known := map[string]bool{}
	for _, t := range newsgraph.Ontology {
		known[t.Name] = true
	}
	var recs []FactsRecord
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		if len(strings.TrimSpace(sc.Text())) == 0 {
			continue
		}
		var rec FactsRecord
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return nil, &input.Error{Path: name, Line: line, Reason: "not a JSON record: " + err.Error()}
		}
		if rec.ID == "" {
			return nil, &input.Error{Path: name, Line: line, Reason: "record has no id"}
		}
		names := map[string]bool{}
		for _, e := range rec.Entities {
			names[e.Name] = true
		}
		for i, f := range rec.Facts {
			switch {
			case !known[f.Relation]:
				return nil, &input.Error{Path: name, Line: line, Reason: fmt.Sprintf("record %q: fact %d has relation %q, not one of the ontology's", rec.ID, i, f.Relation)}
			case !names[f.Subject] || !names[f.Object]:
				return nil, &input.Error{Path: name, Line: line, Reason: fmt.Sprintf("record %q: fact %d (%s %s %s) names an entity the record does not list", rec.ID, i, f.Subject, f.Relation, f.Object)}
			}
		}
		recs = append(recs, rec)
	}
	if err := sc.Err(); err != nil {
		return nil, &input.Error{Path: name, Line: line + 1, Reason: err.Error()}
	}
	if len(recs) == 0 {
		return nil, &input.Error{Path: name, Reason: "no annotated records"}
	}
	return recs, nil
}

// Predicted is one fact the extractor gave for an article.
type Predicted struct {
	Subject    string
	Relation   string
	Object     string
	Rule       string
	Confidence float64
	Evidence   string
}

// Predictions turns an article's extraction into facts named as the
// database names them: by each mention's canonical name.
func Predictions(ex newsgraph.Extraction) []Predicted {
	name := func(i int) string {
		m := ex.Mentions[i]
		if m.Canonical != "" {
			return m.Canonical
		}
		return m.Text
	}
	out := make([]Predicted, 0, len(ex.Relations))
	for _, r := range ex.Relations {
		out = append(out, Predicted{Subject: name(r.Subject), Relation: r.Type, Object: name(r.Object),
			Rule: r.Rule, Confidence: r.Confidence, Evidence: r.Evidence})
	}
	return out
}

// Report is the outcome of scoring facts.
type Report struct {
	Task    string         `json:"task"`
	Records int            `json:"records"`
	Facts   extract.Scores `json:"facts"`
	// Calibration is the reliability table: the distinct predicted facts
	// (unsure ones aside) by stated confidence, and how many were right.
	Calibration []extract.CalibrationBin `json:"calibration,omitempty"`
	// Sources says, per rule (or model) and relation, how many distinct
	// facts it gave and how many were right: the precision each source
	// earns on this data.
	Sources []Source `json:"sources"`
	Errors  []Error  `json:"errors,omitempty"`
	// HeldOutSources and HeldOut are the reliability tables of CrossFit:
	// each fold's facts at the confidence a table fitted on the other
	// folds gives their sources, and after the calibration fitted on the
	// other folds maps it to the facts'. Recalibration is that map fitted
	// on every fold.
	HeldOutSources []extract.CalibrationBin `json:"held_out_source_reliability,omitempty"`
	HeldOut        []extract.CalibrationBin `json:"held_out_reliability,omitempty"`
	Recalibration  *extract.Calibration     `json:"recalibration,omitempty"`
	confs          []float64
	rights         []bool
}

// Source is one rule's record on one relation type.
type Source struct {
	Rule     string `json:"rule"`
	Relation string `json:"relation"`
	Facts    int    `json:"facts"`
	Right    int    `json:"right"`
	// MeanConfidence is the mean confidence it stated for them.
	MeanConfidence float64 `json:"mean_confidence"`
	// Reliability is its facts by stated confidence, and how many were
	// right.
	Reliability []extract.CalibrationBin `json:"reliability"`
	confs       []float64
	rights      []bool
}

// Fit turns each source's record into its calibrated confidence. A rule's
// record over all relation types is smoothed by one right and one wrong
// fact ((right + 1) / (facts + 2)): the posterior mean under a uniform
// prior, so that a rule seen on few facts cannot reach a high confidence
// and one never seen would have 0.5. Each relation type of the rule is then
// smoothed towards the rule's own rate with the weight of two facts
// (partial pooling: a title rule right on presidents and ministers says
// something about ambassadors too), and a row with relation "*" gives the
// rule's rate for the types it was not seen on. The stated mean is kept
// as the table's hand-set value; for the relation model ("model") it is
// the mean probability, which its facts' probabilities are scaled by.
func Fit(sources []Source) []extract.RuleConfidence {
	// No fact is certain: a rule right 20 times of 20 can still meet a
	// name the tagger got wrong.
	const maxConfidence = 0.99
	const poolWeight = 2
	type total struct {
		facts, right int
		stated       float64
	}
	rules := map[string]*total{}
	for _, s := range sources {
		t := rules[s.Rule]
		if t == nil {
			t = &total{}
			rules[s.Rule] = t
		}
		t.stated = (t.stated*float64(t.facts) + s.MeanConfidence*float64(s.Facts)) / float64(t.facts+s.Facts)
		t.facts += s.Facts
		t.right += s.Right
	}
	rate := func(rule string) float64 {
		t := rules[rule]
		return float64(t.right+1) / float64(t.facts+2)
	}
	out := make([]extract.RuleConfidence, 0, len(sources)+len(rules))
	for _, s := range sources {
		out = append(out, extract.RuleConfidence{Rule: s.Rule, Relation: s.Relation, Facts: s.Facts, Right: s.Right,
			Prior: s.MeanConfidence, Confidence: min(maxConfidence, (float64(s.Right)+poolWeight*rate(s.Rule))/float64(s.Facts+poolWeight))})
	}
	for name, t := range rules {
		out = append(out, extract.RuleConfidence{Rule: name, Relation: extract.AnyRelation, Facts: t.facts, Right: t.right,
			Prior: t.stated, Confidence: min(maxConfidence, rate(name))})
	}
	sort.Slice(out, func(i, j int) bool {
		if out[i].Rule != out[j].Rule {
			return out[i].Rule < out[j].Rule
		}
		return out[i].Relation < out[j].Relation
	})
	return out
}

// Error is a gold fact missed or a predicted fact the gold lacks.
type Error struct {
	Record     string  `json:"record"`
	Kind       string  `json:"kind"` // extract.Missed or extract.Spurious
	Subject    string  `json:"subject"`
	Relation   string  `json:"relation"`
	Object     string  `json:"object"`
	Rule       string  `json:"rule,omitempty"`
	Confidence float64 `json:"confidence,omitempty"`
	Evidence   string  `json:"evidence,omitempty"`
}

// Normalize is a name as facts are matched: lower case, without accents,
// punctuation dropped, dashes and spaces as one space ("U.S." is "us",
// "Al-Qaeda" is "al qaeda").
func Normalize(s string) string {
	s, _, _ = transform.String(transform.Chain(norm.NFD, runes.Remove(runes.In(unicode.Mn)), norm.NFC), s)
	var b strings.Builder
	space := false
	for _, r := range s {
		switch {
		case unicode.IsLetter(r) || unicode.IsDigit(r):
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			space = false
			b.WriteRune(unicode.ToLower(r))
		case unicode.IsSpace(r) || unicode.Is(unicode.Pd, r):
			space = true
		}
	}
	return b.String()
}

// Score scores predicted facts (by record id) against the gold records.
// A predicted fact is right when its subject and object each equal a name
// or alias of the gold fact's entities (after Normalize) and the relation
// is the same, in either order for symmetric relations. Predictions are
// distinct facts: the same entities and relation count once however many
// sentences give them. A prediction matching an unsure fact counts neither
// way.
func Score(gold []FactsRecord, pred map[string][]Predicted) Report {
	rep := Report{Task: TaskFacts, Records: len(gold)}
	symmetric := map[string]bool{}
	for _, t := range newsgraph.Ontology {
		symmetric[t.Name] = t.Symmetric
	}
	type sourceKey struct{ rule, rel string }
	sources := map[sourceKey]*Source{}
	var confs []float64
	var rights []bool
	for _, g := range gold {
		s := newScorer(g, symmetric)
		type outcome struct {
			right, unsure bool
			conf          float64
			p             Predicted
			rules         map[string]float64 // rule -> highest confidence it gave
		}
		byKey := map[string]*outcome{}
		var keys []string
		for _, p := range pred[g.ID] {
			key, gi, unsure := s.match(p)
			o := byKey[key]
			if o == nil {
				o = &outcome{right: gi >= 0, unsure: unsure, conf: p.Confidence, p: p, rules: map[string]float64{}}
				byKey[key] = o
				keys = append(keys, key)
				if gi >= 0 {
					s.found[gi] = true
				}
			}
			if p.Confidence > o.conf {
				o.conf, o.p = p.Confidence, p
			}
			o.rules[p.Rule] = max(o.rules[p.Rule], p.Confidence)
		}
		for _, k := range keys {
			o := byKey[k]
			if o.unsure {
				continue
			}
			confs = append(confs, o.conf)
			rights = append(rights, o.right)
			if o.right {
				rep.Facts.Add(o.p.Relation, 1, 0, 0)
			} else {
				rep.Facts.Add(o.p.Relation, 0, 1, 0)
				rep.Errors = append(rep.Errors, Error{Record: g.ID, Kind: extract.Spurious, Subject: o.p.Subject, Relation: o.p.Relation,
					Object: o.p.Object, Rule: o.p.Rule, Confidence: o.conf, Evidence: o.p.Evidence})
			}
			for r, c := range o.rules {
				sk := sourceKey{r, o.p.Relation}
				if sources[sk] == nil {
					sources[sk] = &Source{Rule: r, Relation: o.p.Relation}
				}
				src := sources[sk]
				src.confs, src.rights = append(src.confs, c), append(src.rights, o.right)
				src.MeanConfidence = (src.MeanConfidence*float64(src.Facts) + c) / float64(src.Facts+1)
				src.Facts++
				if o.right {
					sources[sk].Right++
				}
			}
		}
		for i, f := range g.Facts {
			if !s.found[i] {
				rep.Facts.Add(f.Relation, 0, 0, 1)
				rep.Errors = append(rep.Errors, Error{Record: g.ID, Kind: extract.Missed, Subject: f.Subject, Relation: f.Relation,
					Object: f.Object, Evidence: f.Evidence})
			}
		}
	}
	rep.Calibration = extract.Reliability(confs, rights)
	rep.confs, rep.rights = confs, rights
	for _, s := range sources {
		s.Reliability = extract.Reliability(s.confs, s.rights)
		rep.Sources = append(rep.Sources, *s)
	}
	sort.Slice(rep.Sources, func(i, j int) bool {
		a, b := rep.Sources[i], rep.Sources[j]
		if a.Rule != b.Rule {
			return a.Rule < b.Rule
		}
		return a.Relation < b.Relation
	})
	return rep
}

// scorer matches one record's predictions to its gold facts.
type scorer struct {
	rec       FactsRecord
	symmetric map[string]bool
	entities  map[string][]int // normalised name or alias -> entity indexes
	index     map[string]int   // entity name -> index
	found     []bool           // per gold fact
}

func newScorer(g FactsRecord, symmetric map[string]bool) *scorer {
	s := &scorer{rec: g, symmetric: symmetric, entities: map[string][]int{}, index: map[string]int{}, found: make([]bool, len(g.Facts))}
	for i, e := range g.Entities {
		s.index[e.Name] = i
		for _, n := range append([]string{e.Name}, e.Aliases...) {
			k := Normalize(n)
			if k != "" && !slices.Contains(s.entities[k], i) {
				s.entities[k] = append(s.entities[k], i)
			}
		}
	}
	return s
}

// names says whether a predicted name n is a name of the gold entity
// called goldName (or, for a name the record does not list as an entity,
// the same name).
func (s *scorer) names(n, goldName string) bool {
	i, ok := s.index[goldName]
	if !ok {
		return Normalize(n) == Normalize(goldName)
	}
	return slices.Contains(s.entities[Normalize(n)], i)
}

func (s *scorer) matches(p Predicted, f GoldFact) bool {
	if p.Relation != f.Relation {
		return false
	}
	if s.names(p.Subject, f.Subject) && s.names(p.Object, f.Object) {
		return true
	}
	return s.symmetric[p.Relation] && s.names(p.Subject, f.Object) && s.names(p.Object, f.Subject)
}

// match gives a prediction's identity (the gold fact it matches, or its
// normalised names), the index of the gold fact it matches (-1 for none)
// and whether it matches an unsure fact.
func (s *scorer) match(p Predicted) (key string, gold int, unsure bool) {
	for i, f := range s.rec.Facts {
		if s.matches(p, f) {
			return fmt.Sprintf("gold %d", i), i, false
		}
	}
	for i, f := range s.rec.Unsure {
		if s.matches(p, f) {
			return fmt.Sprintf("unsure %d", i), -1, true
		}
	}
	a, b := s.identity(p.Subject), s.identity(p.Object)
	if s.symmetric[p.Relation] && b < a {
		a, b = b, a
	}
	return a + "\x00" + p.Relation + "\x00" + b, -1, false
}

// identity names a predicted entity: the gold entity its name is a name of
// when there is exactly one, else its normalised name.
func (s *scorer) identity(n string) string {
	k := Normalize(n)
	if es := s.entities[k]; len(es) == 1 {
		return fmt.Sprintf("#%d", es[0])
	}
	return k
}

// Extract runs the extractor on each record's text, read as ingest reads a
// JSON Lines record, and returns its facts by record id.
func Extract(x *extract.Extractor, gold []FactsRecord) (map[string][]Predicted, error) {
	out := make(map[string][]Predicted, len(gold))
	for _, g := range gold {
		a, err := readArticle(g)
		if err != nil {
			return nil, err
		}
		out[g.ID] = Predictions(x.Extract(a))
	}
	return out, nil
}

// readArticle reads a record's text as ingest reads a JSON Lines record.
func readArticle(g FactsRecord) (newsgraph.Article, error) {
	line, err := json.Marshal(map[string]string{"id": g.ID, "text": g.Text})
	if err != nil {
		return newsgraph.Article{}, err
	}
	arts, err := input.Read(g.ID, strings.NewReader(string(line)), input.ReadOptions{Format: input.FormatJSONL})
	if err != nil {
		return newsgraph.Article{}, err
	}
	if len(arts) != 1 {
		return newsgraph.Article{}, fmt.Errorf("record %q reads as %d articles", g.ID, len(arts))
	}
	return arts[0], nil
}

// AddTexts fills in the text of records that have none from texts (records
// of the same ids, as in ../shared/data), so annotations can be kept apart
// from the articles they annotate. A record whose text cannot be found is
// an error.
func AddTexts(gold []FactsRecord, texts map[string]string) error {
	for i := range gold {
		if gold[i].Text != "" {
			continue
		}
		t, ok := texts[gold[i].ID]
		if !ok {
			return fmt.Errorf("record %q has no text, and the texts given do not have it", gold[i].ID)
		}
		gold[i].Text = t
	}
	return nil
}
