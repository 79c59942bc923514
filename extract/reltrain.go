package extract

import (
	"errors"
	"math"
	"math/rand/v2"
	"slices"
)

// RelationTrainOptions controls TrainRelations.
type RelationTrainOptions struct {
	Epochs   int    // passes over the training pairs; default 10
	Seed     uint64 // seeds the order of pairs in each pass
	MinCount int    // features seen fewer times are dropped; default 2
	// HoldOut is k: every k-th training record is held out to fit the
	// confidences and report scores; the final model then learns from all
	// records. Default 5.
	HoldOut int
	// Runs is how many perceptrons, each seeing the pairs in its own
	// order, are averaged into the model; default 1.
	Runs int
	// Progress, when set, is called after each epoch of the held-out run.
	Progress func(RelationEpochReport)
}

// DefaultRelationTrainOptions are the options the embedded relation model
// was trained with (docs/QUALITY.md has the command).
func DefaultRelationTrainOptions() RelationTrainOptions {
	return RelationTrainOptions{Epochs: 10, Seed: 1, MinCount: 2, HoldOut: 5, Runs: 5}
}

// RelationEpochReport is one pass of the held-out run (of its first
// perceptron), or with Epoch 0 the held-out run's averaged model: relation
// scores given the gold entities, on the held-out records and on dev if
// given.
type RelationEpochReport struct {
	Epoch    int
	Mistakes int // training pairs the model got wrong during the pass
	Pairs    int
	HeldOut  Scores
	Dev      *Scores
}

// relExample is one candidate pair with its features and gold label.
type relExample struct {
	feats   []int32
	hashes  []fhash
	classes string
	gold    int
}

// relCandidates lists a record's candidate pairs: every ordered pair of
// entities with a class in one sentence, labelled with the gold relation
// between them (0 for none). labelOf maps gold relation labels to label
// indices, typeOf gold entity labels to project types.
func relCandidates(r *AnnotatedRecord, labelOf map[string]int, typeOf map[string]string) []relExample {
	gold := map[[2]int]int{}
	for _, rel := range r.Relations {
		if l, ok := labelOf[rel.Type]; ok {
			gold[[2]int{rel.Head, rel.Tail}] = l
		}
	}
	var out []relExample
	for _, s := range Sentences(r.Text) {
		var args []relArg
		var ents []int
		for k, e := range r.Entities {
			c := argClass(typeOf[e.Type])
			if c == "" || e.Start < s.Start || e.End > s.End {
				continue
			}
			a := relArg{s: -1, class: c, name: e.Text}
			for i, t := range s.Tokens {
				if t.End > e.Start && t.Start < e.End {
					if a.s < 0 {
						a.s = i
					}
					a.e = i + 1
				}
			}
			if a.s >= 0 {
				args, ents = append(args, a), append(ents, k)
			}
		}
		rs := newRelSentence(s.Tokens, args)
		for i, h := range args {
			for j, t := range args {
				if i == j {
					continue
				}
				out = append(out, relExample{
					hashes:  embeddedLexicon().geoFeatures(h, t, pairFeatures(rs, h, t, nil)),
					classes: h.class + "|" + t.class,
					gold:    gold[[2]int{ents[i], ents[j]}],
				})
			}
		}
	}
	return out
}

// TrainRelations trains a relation model on annotated records whose
// relation labels m maps to project types (the first type of each label:
// CoNLL04's Work_For becomes works_for). The same records and options give
// the same model.
func TrainRelations(train, dev []AnnotatedRecord, m LabelMap, opt RelationTrainOptions) (*RelationModel, error) {
	def := DefaultRelationTrainOptions()
	if opt.Epochs <= 0 {
		opt.Epochs = def.Epochs
	}
	if opt.MinCount <= 0 {
		opt.MinCount = def.MinCount
	}
	if opt.HoldOut <= 1 {
		opt.HoldOut = def.HoldOut
	}
	labels := []string{""}
	labelOf := map[string]int{}
	for _, l := range m.Relations {
		labelOf[l.Label] = len(labels)
		labels = append(labels, l.Relations[0])
	}
	if len(labels) == 1 {
		return nil, errors.New("label map " + m.Name + " has no relation labels")
	}
	typeOf := map[string]string{}
	for _, l := range m.Entities {
		typeOf[l.Label] = l.Types[0]
	}
	examples := func(recs []AnnotatedRecord) [][]relExample {
		out := make([][]relExample, len(recs))
		for i := range recs {
			out[i] = relCandidates(&recs[i], labelOf, typeOf)
		}
		return out
	}
	trainEx, devEx := examples(train), examples(dev)
	sigs := make([]map[string]bool, len(labels))
	for l := range sigs {
		sigs[l] = map[string]bool{}
	}
	for _, exs := range trainEx {
		for _, x := range exs {
			if x.gold > 0 {
				sigs[x.gold][x.classes] = true
			}
		}
	}
	var kept, held [][]relExample
	for i, exs := range trainEx {
		if i%opt.HoldOut == opt.HoldOut-1 {
			held = append(held, exs)
		} else {
			kept = append(kept, exs)
		}
	}
	// Held-out run: fit the confidences and report.
	model := trainRelPerceptron(kept, labels, sigs, opt, func(epoch, mistakes, pairs int, mdl *RelationModel) {
		if opt.Progress == nil {
			return
		}
		rep := RelationEpochReport{Epoch: epoch, Mistakes: mistakes, Pairs: pairs, HeldOut: mdl.scoreExamples(held)}
		if len(devEx) > 0 {
			sc := mdl.scoreExamples(devEx)
			rep.Dev = &sc
		}
		opt.Progress(rep)
	})
	if opt.Progress != nil {
		rep := RelationEpochReport{HeldOut: model.scoreExamples(held)}
		if len(devEx) > 0 {
			sc := model.scoreExamples(devEx)
			rep.Dev = &sc
		}
		opt.Progress(rep)
	}
	var margins []float64
	var right []bool
	for _, exs := range held {
		for _, x := range exs {
			best, margin := model.decide(x.hashes, x.classes)
			if best > 0 {
				margins, right = append(margins, margin), append(right, best == x.gold)
			}
		}
	}
	a, b := fitPlatt(margins, right)
	final := trainRelPerceptron(trainEx, labels, sigs, opt, nil)
	final.platt = [2]float32{float32(a), float32(b)}
	return final, nil
}

// decide returns the best allowed label and its margin over none.
func (m *RelationModel) decide(feats []fhash, classes string) (int, float64) {
	sc := m.scores(feats, nil)
	best := 0
	for l := 1; l < len(sc); l++ {
		if m.allowedLabel(l, classes) && sc[l] > sc[best] {
			best = l
		}
	}
	return best, float64(sc[best] - sc[0])
}

// scoreExamples scores the model's decisions on candidate pairs (given
// the gold entities) by label.
func (m *RelationModel) scoreExamples(exs [][]relExample) Scores {
	var s Scores
	for _, rec := range exs {
		for _, x := range rec {
			best, _ := m.decide(x.hashes, x.classes)
			switch {
			case best == x.gold && best > 0:
				s.add(m.labels[best], 1, 0, 0)
			case best != x.gold:
				if best > 0 {
					s.add(m.labels[best], 0, 1, 0)
				}
				if x.gold > 0 {
					s.add(m.labels[x.gold], 0, 0, 1)
				}
			}
		}
	}
	return s
}

// trainRelPerceptron trains multiclass averaged perceptrons on the
// examples' hashed features, keeping features seen at least MinCount
// times, and averages their weights; epochDone, when set, sees the first
// perceptron's averaged model after each pass.
func trainRelPerceptron(recs [][]relExample, labels []string, sigs []map[string]bool, opt RelationTrainOptions,
	epochDone func(epoch, mistakes, pairs int, m *RelationModel)) *RelationModel {
	counts := map[fhash]int{}
	var all []*relExample
	for _, exs := range recs {
		for i := range exs {
			for _, f := range exs[i].hashes {
				counts[f]++
			}
			all = append(all, &exs[i])
		}
	}
	var hashes []uint64
	for f, c := range counts {
		if c >= opt.MinCount {
			hashes = append(hashes, uint64(f))
		}
	}
	slices.Sort(hashes)
	ids := make(map[fhash]int32, len(hashes))
	for i, h := range hashes {
		ids[fhash(h)] = int32(i)
	}
	for _, x := range all {
		x.feats = x.feats[:0]
		for _, f := range x.hashes {
			if id, ok := ids[f]; ok {
				x.feats = append(x.feats, id)
			}
		}
	}
	nL := len(labels)
	probe := &RelationModel{labels: labels, sigs: sigs}
	sc := make([]float64, nL)
	total := make([]float64, len(hashes)*nL)
	runs := max(1, opt.Runs)
	for run := range runs {
		w, acc := make([]float64, len(hashes)*nL), make([]float64, len(hashes)*nL)
		c := 1.0
		for epoch := 1; epoch <= opt.Epochs; epoch++ {
			rng := rand.New(rand.NewPCG(opt.Seed+uint64(run), uint64(epoch)))
			rng.Shuffle(len(all), func(i, j int) { all[i], all[j] = all[j], all[i] })
			mistakes := 0
			for _, x := range all {
				clear(sc)
				for _, id := range x.feats {
					for l := range sc {
						sc[l] += w[int(id)*nL+l]
					}
				}
				best := 0
				for l := 1; l < nL; l++ {
					if probe.allowedLabel(l, x.classes) && sc[l] > sc[best] {
						best = l
					}
				}
				if best != x.gold {
					mistakes++
					for _, id := range x.feats {
						w[int(id)*nL+x.gold]++
						acc[int(id)*nL+x.gold] += c
						w[int(id)*nL+best]--
						acc[int(id)*nL+best] -= c
					}
				}
				c++
			}
			if epochDone != nil && run == 0 {
				avg := make([]float64, len(w))
				for i := range w {
					avg[i] = w[i] - acc[i]/c
				}
				epochDone(epoch, mistakes, len(all), quantizedRelModel(avg, hashes, labels, sigs))
			}
		}
		for i := range w {
			total[i] += (w[i] - acc[i]/c) / float64(runs)
		}
	}
	return quantizedRelModel(total, hashes, labels, sigs)
}

// quantizedRelModel returns a model with the weights quantised to what
// the model file stores.
func quantizedRelModel(w []float64, hashes []uint64, labels []string, sigs []map[string]bool) *RelationModel {
	nL := len(labels)
	avg := make([]float32, len(w))
	maxAbs := 0.0
	for i, v := range w {
		avg[i] = float32(v)
		maxAbs = math.Max(maxAbs, math.Abs(v))
	}
	m := &RelationModel{labels: labels, sigs: sigs, scale: 1}
	if maxAbs > 0 {
		m.scale = float32(maxAbs / 32767)
	}
	m.hashes, m.w = quantizeRows(hashes, avg, nL, m.scale)
	return m.indexed()
}

// quantizeRows keeps the rows with a non-zero weight after quantisation
// to multiples of scale.
func quantizeRows(hashes []uint64, w []float32, nL int, scale float32) ([]uint64, []float32) {
	var keptH []uint64
	var keptW []float32
	for f, h := range hashes {
		q := make([]float32, nL)
		nonzero := false
		for l := 0; l < nL; l++ {
			if v := quantize(w[f*nL+l], scale); v != 0 {
				q[l] = float32(v) * scale
				nonzero = true
			}
		}
		if !nonzero {
			continue
		}
		keptH = append(keptH, h)
		keptW = append(keptW, q...)
	}
	return keptH, keptW
}

// fitPlatt fits p = sigmoid(a*margin + b) to whether each decision was
// right, by Newton's method on the log loss with Platt's (1999) smoothed
// targets. With no decisions it returns a slope that maps margin 0 to 0.5.
func fitPlatt(margins []float64, right []bool) (a, b float64) {
	if len(margins) == 0 {
		return 1, 0
	}
	pos := 0
	for _, r := range right {
		if r {
			pos++
		}
	}
	neg := len(right) - pos
	hi, lo := (float64(pos)+1)/(float64(pos)+2), 1/(float64(neg)+2)
	type pt struct{ x, y float64 }
	pts := make([]pt, len(margins))
	scale := 0.0
	for _, m := range margins {
		scale = math.Max(scale, math.Abs(m))
	}
	if scale == 0 {
		scale = 1
	}
	for i, m := range margins {
		y := lo
		if right[i] {
			y = hi
		}
		pts[i] = pt{m / scale, y}
	}
	a, b = 1, 0
	for range 100 {
		var g1, g2, h11, h12, h22 float64
		for _, p := range pts {
			q := sigmoid(a*p.x + b)
			d := q - p.y
			g1 += d * p.x
			g2 += d
			v := q * (1 - q)
			h11 += v * p.x * p.x
			h12 += v * p.x
			h22 += v
		}
		h11 += 1e-9
		h22 += 1e-9
		det := h11*h22 - h12*h12
		if det <= 0 {
			break
		}
		da := (h22*g1 - h12*g2) / det
		db := (h11*g2 - h12*g1) / det
		a, b = a-da, b-db
		if math.Abs(da)+math.Abs(db) < 1e-9 {
			break
		}
	}
	return a / scale, b
}

// Recalibrate refits the model's probabilities on facts it gave and
// whether each was right, as measured apart from its training (out of
// fold, end to end, where names can be wrong too): Platt scaling over the
// logit of the old probability, composed into the model so that its
// probability stays one sigmoid of its margin. It returns the map from old
// probabilities to new ones.
func (m *RelationModel) Recalibrate(probs []float64, right []bool) func(float64) float64 {
	logit := func(p float64) float64 {
		p = min(max(p, 1e-6), 1-1e-6)
		return math.Log(p / (1 - p))
	}
	xs := make([]float64, len(probs))
	for i, p := range probs {
		xs[i] = logit(p)
	}
	a, b := fitPlatt(xs, right)
	pa, pb := float64(m.platt[0]), float64(m.platt[1])
	m.platt = [2]float32{float32(a * pa), float32(a*pb + b)}
	return func(p float64) float64 { return sigmoid(a*logit(p) + b) }
}
