package extract

import (
	"fmt"
	"math"
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph"
)

// Evaluation tasks.
const (
	TaskNER       = "ner"
	TaskRelations = "relations"
)

// EvalReport is the outcome of scoring predictions against gold records.
type EvalReport struct {
	Task    string `json:"task"`
	Map     string `json:"map"`
	Records int    `json:"records"`
	// Mentions scores exact spans (and, for relations, exact head span,
	// tail span and type), in the gold labels.
	Mentions Scores `json:"mentions"`
	// Entities scores entities rather than mentions where the gold groups
	// mentions into clusters (DWIE): a gold entity is found when any
	// predicted mention of the right type has the exact span of one of its
	// mentions; a predicted entity (a name and type) is right when one of
	// its mentions is. Nil without clusters.
	Entities *Scores `json:"entities,omitempty"`
	// Calibration bins predicted relations by confidence and says how many
	// were right (entity level where the gold has clusters): a confidence
	// means something when about that share of its facts are right.
	Calibration []CalibrationBin `json:"calibration,omitempty"`
	// Errors lists each mistake at the exact-span level, record by record:
	// what to read when a score disappoints.
	Errors []EvalError `json:"errors,omitempty"`
}

// EvalError is one mistake at the exact-span level: a gold item the
// predictions miss, or a predicted item the gold does not have.
type EvalError struct {
	Record string `json:"record"`
	// Kind is "missed" or "spurious".
	Kind string `json:"kind"`
	// Type is the gold label (a predicted item's type mapped to it).
	Type string `json:"type"`
	// Text is the mention, or the relation's head; Tail its tail.
	Text string `json:"text"`
	Tail string `json:"tail,omitempty"`
	// Rule and Confidence describe a spurious relation.
	Rule       string  `json:"rule,omitempty"`
	Confidence float64 `json:"confidence,omitempty"`
}

// Error kinds.
const (
	Missed   = "missed"
	Spurious = "spurious"
)

// CalibrationBin is one confidence range of predicted relations.
type CalibrationBin struct {
	From, To       float64 // confidence in [From, To)
	Predicted      int
	Correct        int
	MeanConfidence float64
}

// Precision is the share of the bin's relations that were right.
func (b CalibrationBin) Precision() float64 { return ratio(b.Correct, b.Predicted) }

// calibration counts predictions by confidence bin.
type calibration struct{ bins []CalibrationBin }

func newCalibration() *calibration {
	c := &calibration{}
	for lo := 0.5; lo < 1; lo += 0.1 {
		c.bins = append(c.bins, CalibrationBin{From: math.Round(lo*10) / 10, To: math.Round((lo+0.1)*10) / 10})
	}
	c.bins[0].From = 0
	c.bins[len(c.bins)-1].To = 1.01
	return c
}

// Reliability bins facts by their stated confidence and counts how many in
// each bin were right; bins without facts are left out.
func Reliability(confidence []float64, right []bool) []CalibrationBin {
	c := newCalibration()
	for i, p := range confidence {
		c.add(p, right[i])
	}
	var out []CalibrationBin
	for _, b := range c.bins {
		if b.Predicted > 0 {
			out = append(out, b)
		}
	}
	return out
}

func (c *calibration) add(conf float64, correct bool) {
	for i := range c.bins {
		b := &c.bins[i]
		if conf >= b.From && conf < b.To {
			b.MeanConfidence = (b.MeanConfidence*float64(b.Predicted) + conf) / float64(b.Predicted+1)
			b.Predicted++
			if correct {
				b.Correct++
			}
			return
		}
	}
}

// Evaluate runs the extractor on the gold records' texts (sentence records
// sharing a doc_id as one article, one line each) and scores the output.
func (x *Extractor) Evaluate(gold []AnnotatedRecord, task string, m LabelMap) (EvalReport, error) {
	return Compare(gold, x.Predict(gold), task, m)
}

// Predict extracts each gold record's text and returns the predictions as
// annotated records, one per gold record with its id and text.
func (x *Extractor) Predict(gold []AnnotatedRecord) []AnnotatedRecord {
	var out []AnnotatedRecord
	for _, d := range groupDocs(gold) {
		texts := make([]string, len(d.recs))
		base := make([]int, len(d.recs)+1)
		for k, r := range d.recs {
			texts[k] = r.Text
			base[k+1] = base[k] + len([]rune(r.Text)) + 1
		}
		ex := x.Extract(newsgraph.Article{Text: strings.Join(texts, "\n")})
		recOf := func(m newsgraph.Mention) int {
			for k := range d.recs {
				if m.Start >= base[k] && m.End <= base[k+1]-1 {
					return k
				}
			}
			return -1
		}
		part := make([]newsgraph.Extraction, len(d.recs))
		index := make([]int, len(ex.Mentions)) // mention -> index within its record
		owner := make([]int, len(ex.Mentions))
		for i, m := range ex.Mentions {
			k := recOf(m)
			owner[i] = k
			if k < 0 {
				continue
			}
			m.Start -= base[k]
			m.End -= base[k]
			index[i] = len(part[k].Mentions)
			part[k].Mentions = append(part[k].Mentions, m)
		}
		for _, r := range ex.Relations {
			k := owner[r.Subject]
			if k < 0 || owner[r.Object] != k {
				continue
			}
			r.Subject, r.Object = index[r.Subject], index[r.Object]
			part[k].Relations = append(part[k].Relations, r)
		}
		for k, r := range d.recs {
			out = append(out, Record(r.ID, newsgraph.Article{Text: r.Text}, part[k]))
		}
	}
	return out
}

// Compare scores predicted records (in the project's types, as the
// extract command writes them) against gold records (in the labels of m),
// matching records by id.
func Compare(gold, pred []AnnotatedRecord, task string, m LabelMap) (EvalReport, error) {
	rep := EvalReport{Task: task, Map: m.Name, Records: len(gold)}
	if task != TaskNER && task != TaskRelations {
		return rep, fmt.Errorf("unknown task %q: give %s or %s", task, TaskNER, TaskRelations)
	}
	gold, pred = m.spanConventions(gold, false), m.spanConventions(pred, true)
	byID := map[string]*AnnotatedRecord{}
	for i := range pred {
		byID[pred[i].ID] = &pred[i]
	}
	hasClusters := false
	for _, g := range gold {
		if len(g.Clusters) > 0 {
			hasClusters = true
		}
	}
	if hasClusters {
		rep.Entities = &Scores{}
	}
	labelOf := m.entityLabelOf()
	goldEnt, goldRel := map[string]bool{}, map[string]bool{}
	for _, l := range m.Entities {
		goldEnt[l.Label] = true
	}
	for _, l := range m.Relations {
		goldRel[l.Label] = true
	}
	cal := newCalibration()
	if task == TaskRelations && len(m.Relations) == 0 {
		return rep, fmt.Errorf("label map %s has no relation labels", m.Name)
	}
	for i := range gold {
		g := &gold[i]
		p := byID[g.ID]
		if p == nil {
			p = &AnnotatedRecord{ID: g.ID}
		}
		switch task {
		case TaskNER:
			var gs, ps []labeled
			for _, e := range g.Entities {
				if goldEnt[e.Type] {
					gs = append(gs, labeled{a: e.Start, b: e.End, typ: e.Type})
				}
			}
			seen := map[[2]int]bool{}
			for _, e := range p.Entities {
				// A span is one mention: relation rules may add the country
				// a demonym stands for ("Russian" -> Russia) over the same
				// span as the demonym; the first type given counts.
				if l := labelOf[e.Type]; l != "" && !seen[[2]int{e.Start, e.End}] {
					seen[[2]int{e.Start, e.End}] = true
					ps = append(ps, labeled{a: e.Start, b: e.End, typ: l})
				}
			}
			rep.Mentions.scoreSets(gs, ps)
			rep.Errors = append(rep.Errors, mistakes(g, gs, ps, nil)...)
			if rep.Entities != nil {
				scoreEntities(rep.Entities, g, p, labelOf, goldEnt)
			}
		case TaskRelations:
			gs, ps, src := relationItems(g, p, m, goldRel)
			rep.Mentions.scoreSets(gs, ps)
			rep.Errors = append(rep.Errors, mistakes(g, gs, ps, func(i int) AnnotatedRelation { return p.Relations[src[i]] })...)
			if rep.Entities != nil {
				gs, ps, src = relationEntityItems(g, p, m, goldRel)
				rep.Entities.scoreSets(gs, ps)
			}
			right := map[labeled]bool{}
			for _, x := range gs {
				right[x] = true
			}
			for i, x := range ps {
				cal.add(p.Relations[src[i]].Confidence, right[x])
			}
		}
	}
	if task == TaskRelations {
		for _, b := range cal.bins {
			if b.Predicted > 0 {
				rep.Calibration = append(rep.Calibration, b)
			}
		}
	}
	return rep, nil
}

// mistakes lists the gold items of record g missing from the predicted
// ones and the predicted items not in the gold, in that order. Items are
// mentions, or relations when rel gives each predicted item's relation.
func mistakes(g *AnnotatedRecord, gs, ps []labeled, rel func(i int) AnnotatedRelation) []EvalError {
	rs := []rune(g.Text)
	span := func(a, b int) string {
		if a < 0 || b > len(rs) || a > b {
			return ""
		}
		return string(rs[a:b])
	}
	mistake := func(kind string, it labeled) EvalError {
		e := EvalError{Record: g.ID, Kind: kind, Type: it.typ, Text: span(it.a, it.b)}
		if rel != nil {
			e.Tail = span(it.c, it.d)
		}
		return e
	}
	want, got := map[labeled]bool{}, map[labeled]bool{}
	for _, it := range gs {
		want[it] = true
	}
	for _, it := range ps {
		got[it] = true
	}
	var out []EvalError
	for _, it := range gs {
		if !got[it] {
			out = append(out, mistake(Missed, it))
			got[it] = true // once
		}
	}
	for i, it := range ps {
		if !want[it] {
			e := mistake(Spurious, it)
			if rel != nil {
				r := rel(i)
				e.Rule, e.Confidence = r.Rule, r.Confidence
			}
			out = append(out, e)
			want[it] = true // once
		}
	}
	return out
}

// relationItems are the gold and predicted relations of one record by
// exact head span, tail span and gold label, with the index in
// p.Relations of each predicted item. A predicted relation of a
// symmetric type matches a gold one in either direction.
func relationItems(g, p *AnnotatedRecord, m LabelMap, goldRel map[string]bool) (gs, ps []labeled, src []int) {
	want := map[labeled]bool{}
	for _, r := range g.Relations {
		if goldRel[r.Type] {
			h, t := g.Entities[r.Head], g.Entities[r.Tail]
			it := labeled{h.Start, h.End, t.Start, t.End, r.Type}
			gs = append(gs, it)
			want[it] = true
		}
	}
	for ri, r := range p.Relations {
		l := m.relationLabel(r.Type, p.Entities[r.Tail])
		if !goldRel[l] {
			continue // no label, or one the scheme leaves out (DWIE's -x)
		}
		h, t := p.Entities[r.Head], p.Entities[r.Tail]
		it := labeled{h.Start, h.End, t.Start, t.End, l}
		if rev := (labeled{t.Start, t.End, h.Start, h.End, l}); symmetricRelation(r.Type) && !want[it] && want[rev] {
			it = rev
		}
		ps, src = append(ps, it), append(src, ri)
	}
	return gs, ps, src
}

// clusterOf maps each gold mention span to its cluster.
func clusterOf(g *AnnotatedRecord) map[[2]int]int {
	out := map[[2]int]int{}
	for ci, c := range g.Clusters {
		for _, m := range c.Mentions {
			e := g.Entities[m]
			out[[2]int{e.Start, e.End}] = ci
		}
	}
	return out
}

// relationEntityItems are relations between entities: gold clusters, and
// for predictions the cluster of a mention with the same span, else the
// cluster another mention of the same predicted entity matches, else the
// predicted name.
func relationEntityItems(g, p *AnnotatedRecord, m LabelMap, goldRel map[string]bool) (gs, ps []labeled, src []int) {
	clusters := clusterOf(g)
	want := map[labeled]bool{}
	for _, r := range g.Relations {
		if !goldRel[r.Type] {
			continue
		}
		h, t := -1, -1
		if r.HeadEntity != nil && r.TailEntity != nil {
			h, t = *r.HeadEntity, *r.TailEntity
		} else {
			h, t = clusters[[2]int{g.Entities[r.Head].Start, g.Entities[r.Head].End}], clusters[[2]int{g.Entities[r.Tail].Start, g.Entities[r.Tail].End}]
		}
		it := labeled{a: h, c: t, typ: r.Type}
		gs = append(gs, it)
		want[it] = true
	}
	// A predicted entity (type and name) is the gold cluster that one of
	// its mentions matches, as in entity-level NER scoring.
	known := map[string]int{}
	for _, e := range p.Entities {
		if c, ok := clusters[[2]int{e.Start, e.End}]; ok {
			if _, seen := known[e.Type+"\x00"+e.Canonical]; !seen {
				known[e.Type+"\x00"+e.Canonical] = c
			}
		}
	}
	unknown := map[string]int{}
	entityID := func(e AnnotatedEntity) int {
		if c, ok := clusters[[2]int{e.Start, e.End}]; ok {
			return c
		}
		key := e.Type + "\x00" + e.Canonical
		if c, ok := known[key]; ok {
			return c
		}
		if _, ok := unknown[key]; !ok {
			unknown[key] = -1 - len(unknown)
		}
		return unknown[key]
	}
	for ri, r := range p.Relations {
		l := m.relationLabel(r.Type, p.Entities[r.Tail])
		if !goldRel[l] {
			continue // no label, or one the scheme leaves out (DWIE's -x)
		}
		h, t := entityID(p.Entities[r.Head]), entityID(p.Entities[r.Tail])
		it := labeled{a: h, c: t, typ: l}
		if rev := (labeled{a: t, c: h, typ: l}); symmetricRelation(r.Type) && !want[it] && want[rev] {
			it = rev
		}
		ps, src = append(ps, it), append(src, ri)
	}
	return gs, ps, src
}

// scoreEntities scores one record at entity level (see EvalReport).
func scoreEntities(s *Scores, g, p *AnnotatedRecord, labelOf map[string]string, goldEnt map[string]bool) {
	type mention struct {
		start, end int
		label      string
	}
	clusterOfMention := map[mention]int{}
	for ci, c := range g.Clusters {
		if !goldEnt[c.Type] {
			continue
		}
		for _, m := range c.Mentions {
			e := g.Entities[m]
			clusterOfMention[mention{e.Start, e.End, c.Type}] = ci
		}
	}
	type predEntity struct{ name, label string }
	var order []predEntity
	mentions := map[predEntity][]mention{}
	for _, e := range p.Entities {
		l := labelOf[e.Type]
		if l == "" {
			continue
		}
		name := e.Canonical
		if name == "" {
			name = e.Text
		}
		pe := predEntity{name, l}
		if _, ok := mentions[pe]; !ok {
			order = append(order, pe)
		}
		mentions[pe] = append(mentions[pe], mention{e.Start, e.End, l})
	}
	found := map[int]bool{}
	for _, pe := range order {
		hit := -1
		for _, m := range mentions[pe] {
			if c, ok := clusterOfMention[m]; ok {
				hit = c
				break
			}
		}
		if hit >= 0 && !found[hit] {
			found[hit] = true
			s.add(pe.label, 1, 0, 0)
		} else {
			s.add(pe.label, 0, 1, 0)
		}
	}
	for ci, c := range g.Clusters {
		if goldEnt[c.Type] && !found[ci] {
			s.add(c.Type, 0, 0, 1)
		}
	}
}

// spanConventions returns copies of the records with their entity spans
// following the dataset's conventions (see LabelMap).
func (m LabelMap) spanConventions(recs []AnnotatedRecord, predicted bool) []AnnotatedRecord {
	if len(m.PersonTitles) == 0 && !m.FinalPeriods {
		return recs
	}
	out := make([]AnnotatedRecord, len(recs))
	for i, r := range recs {
		rs := []rune(r.Text)
		r.Entities = slices.Clone(r.Entities)
		for k := range r.Entities {
			e := &r.Entities[k]
			if e.Start < 0 || e.End > len(rs) || e.Start >= e.End {
				continue
			}
			if predicted && e.Type == newsgraph.Person && slices.Contains(m.PersonTitles, e.Role) {
				if title := []rune(e.Role + " "); e.Start >= len(title) && string(rs[e.Start-len(title):e.Start]) == string(title) {
					e.Start -= len(title)
				}
			}
			if m.FinalPeriods && e.End-e.Start > 1 && rs[e.End-1] == '.' {
				e.End--
			}
		}
		out[i] = r
	}
	return out
}
