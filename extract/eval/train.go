package eval

import (
	"fmt"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract"
)

// TrainingRecords turns annotated articles into sentence records the
// relation classifier trains on: each sentence with the names the
// extractor finds in it (people, organisations and places, the classes the
// classifier relates) and, as relations, the gold facts whose evidence is
// that sentence and whose two names it finds there. Every other pair in a
// sentence is an example of no relation, so a sentence that holds a fact
// the annotator was unsure of is left out. Facts without evidence offsets
// teach nothing.
func TrainingRecords(x *extract.Extractor, gold []FactsRecord) ([]extract.AnnotatedRecord, error) {
	x = x.WithMinConfidence(0)
	symmetric := map[string]bool{}
	for _, t := range newsgraph.Ontology {
		symmetric[t.Name] = t.Symmetric
	}
	var out []extract.AnnotatedRecord
	for _, g := range gold {
		s := newScorer(g, symmetric)
		arts, err := readArticle(g)
		if err != nil {
			return nil, err
		}
		ex := x.Extract(arts)
		rs := []rune(arts.Text)
		norp := map[[2]int]bool{}
		for _, m := range ex.Mentions {
			if m.Type == newsgraph.NORP {
				norp[[2]int{m.Start, m.End}] = true
			}
		}
		for k, sent := range extract.Sentences(arts.Text) {
			overlaps := func(f GoldFact) bool {
				return f.Start != nil && f.End != nil && *f.Start < sent.End && *f.End > sent.Start
			}
			unsure := false
			for _, f := range g.Unsure {
				unsure = unsure || overlaps(f)
			}
			if unsure {
				continue
			}
			rec := extract.AnnotatedRecord{ID: fmt.Sprintf("%s#%d", g.ID, k), Text: string(rs[sent.Start:sent.End])}
			var names []string // per entity: its canonical name
			seen := map[[2]int]bool{}
			for _, m := range ex.Mentions {
				span := [2]int{m.Start, m.End}
				if m.Start < sent.Start || m.End > sent.End || seen[span] || norp[span] {
					continue // outside, the same span again, or a country standing for its demonym
				}
				switch m.Type {
				case newsgraph.Person, newsgraph.Org, newsgraph.GPE, newsgraph.Loc:
				default:
					continue
				}
				seen[span] = true
				rec.Entities = append(rec.Entities, extract.AnnotatedEntity{Start: m.Start - sent.Start, End: m.End - sent.Start, Type: m.Type, Text: m.Text})
				names = append(names, m.Canonical)
			}
			if len(rec.Entities) < 2 {
				continue
			}
			for _, f := range g.Facts {
				if !overlaps(f) {
					continue
				}
				for i := range rec.Entities {
					for j := range rec.Entities {
						if i == j {
							continue
						}
						p := Predicted{Subject: names[i], Relation: f.Relation, Object: names[j]}
						if s.names(p.Subject, f.Subject) && s.names(p.Object, f.Object) ||
							symmetric[f.Relation] && s.names(p.Subject, f.Object) && s.names(p.Object, f.Subject) {
							rec.Relations = append(rec.Relations, extract.AnnotatedRelation{Head: i, Tail: j, Type: f.Relation})
						}
					}
				}
			}
			out = append(out, rec)
		}
	}
	return out, nil
}

// CrossFit measures a pipeline whose relation classifier is trained on the
// gold itself without fitting on what it measures: the articles are split
// into folds, the classifier of each fold is trained on the others, and
// each fold's facts come from its own. It returns the out-of-fold facts'
// report (its Sources are what Fit turns into the confidence table) and
// the classifier trained on every article, the one to ship.
//
// The report's HeldOutSources is the reliability of the sources'
// confidences on articles nothing was fitted on: each fold's facts, with
// the confidence a table and a classifier calibration fitted on the other
// folds alone (the shipped procedure, run without the fold) give them.
// Recalibration is the map from those to facts' confidences, fitted on
// every fold's; HeldOut the reliability of facts' confidences, each fold
// mapped by one fitted on the others.
func CrossFit(x *extract.Extractor, gold []FactsRecord, folds int, opt extract.RelationTrainOptions) (Report, *extract.RelationModel, error) {
	m, _ := extract.LabelMapNamed("newsgraph")
	pred := map[string][]Predicted{}
	tests := make([][]FactsRecord, folds)
	models := make([]*extract.RelationModel, folds)
	for f := 0; f < folds; f++ {
		var train []FactsRecord
		for i, g := range gold {
			if i%folds == f {
				tests[f] = append(tests[f], g)
			} else {
				train = append(train, g)
			}
		}
		recs, err := TrainingRecords(x, train)
		if err != nil {
			return Report{}, nil, err
		}
		if models[f], err = extract.TrainRelations(recs, nil, m, opt); err != nil {
			return Report{}, nil, err
		}
		p, err := Extract(x.WithRelationModel(models[f]).WithRuleConfidences(nil).WithMinConfidence(0), tests[f])
		if err != nil {
			return Report{}, nil, err
		}
		for id, ps := range p {
			pred[id] = ps
		}
	}
	recs, err := TrainingRecords(x, gold)
	if err != nil {
		return Report{}, nil, err
	}
	final, err := extract.TrainRelations(recs, nil, m, opt)
	if err != nil {
		return Report{}, nil, err
	}
	rep := Score(gold, pred)
	recalibrate(final, &rep)
	// Each fold stated as the procedure above, fitted without it, would.
	confs := make([][]float64, folds)
	rights := make([][]bool, folds)
	for f := 0; f < folds; f++ {
		var others []FactsRecord
		for i, g := range gold {
			if i%folds != f {
				others = append(others, g)
			}
		}
		fitted := Score(others, pred)
		recalibrate(models[f], &fitted)
		p, err := Extract(x.WithRelationModel(models[f]).WithRuleConfidences(Fit(fitted.Sources)).WithMinConfidence(0), tests[f])
		if err != nil {
			return Report{}, nil, err
		}
		r := Score(tests[f], p)
		confs[f], rights[f] = r.confs, r.rights
	}
	// The calibration of facts' confidences is fitted on all of those; to
	// measure it, each fold is mapped by one fitted on the others.
	var all, mapped []float64
	var allRight []bool
	for f := 0; f < folds; f++ {
		var oc []float64
		var or []bool
		for g := 0; g < folds; g++ {
			if g != f {
				oc, or = append(oc, confs[g]...), append(or, rights[g]...)
			}
		}
		c := extract.FitCalibration(oc, or)
		for _, p := range confs[f] {
			mapped = append(mapped, c.Apply(p))
		}
		all, allRight = append(all, confs[f]...), append(allRight, rights[f]...)
	}
	rep.HeldOutSources = extract.Reliability(all, allRight)
	rep.HeldOut = extract.Reliability(mapped, allRight)
	rep.Recalibration = extract.FitCalibration(all, allRight)
	return rep, final, nil
}

// recalibrate refits model's probabilities on the facts it gave in rep
// (given names, the classifier's own calibration knows nothing of wrong
// names; judged at entity level, they are) and restates rep's model
// sources with the new probabilities.
func recalibrate(model *extract.RelationModel, rep *Report) {
	var probs []float64
	var right []bool
	for _, s := range rep.Sources {
		if s.Rule == ModelRule {
			probs, right = append(probs, s.confs...), append(right, s.rights...)
		}
	}
	remap := model.Recalibrate(probs, right)
	for i := range rep.Sources {
		s := &rep.Sources[i]
		if s.Rule != ModelRule {
			continue
		}
		sum := 0.0
		for k, p := range s.confs {
			s.confs[k] = remap(p)
			sum += s.confs[k]
		}
		s.MeanConfidence = sum / float64(len(s.confs))
		s.Reliability = extract.Reliability(s.confs, s.rights)
	}
}

// ModelRule is the rule name of the relation classifier's facts.
const ModelRule = "model"
