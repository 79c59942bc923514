package extract

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
	"sort"
)

// TrainOptions controls TrainTagger.
type TrainOptions struct {
	Epochs   int    // passes over the training articles; default 10
	Seed     uint64 // seeds the order of articles in each pass
	MinCount int    // features seen fewer times in training are dropped; default 2
	// Runs is how many perceptrons, each seeing the articles in its own
	// order (seeds Seed, Seed+1, ...), are trained side by side; the model
	// is the mean of their averaged weights. Default 1.
	Runs int
	// Base, when set, is a tagger whose labels become features of the new
	// one (stacking; the model file records it, so it must be the
	// embedded tagger).
	Base *Tagger
	// Progress, when set, is called after each epoch.
	Progress func(EpochReport)
}

// DefaultTrainOptions are the options the embedded model was trained with
// (docs/QUALITY.md has the command).
func DefaultTrainOptions() TrainOptions {
	return TrainOptions{Epochs: 12, Seed: 1, MinCount: 2}
}

// EpochReport is what one training pass did.
type EpochReport struct {
	Epoch     int
	Mistakes  int     // training tokens the model got wrong during the pass
	Tokens    int     // training tokens
	Dev       *Scores // dev-set scores of the averaged model, nil without dev data
	Best      bool    // this epoch's model is the best so far on dev
	Features  int
	Straddled int // training tokens that cross an entity boundary of the data
}

// trainSent is one training sentence: prepared tokens, static feature ids
// per token and gold labels.
type trainSent struct {
	ft    []ftok
	caps  bool
	feats [][]int32
	gold  []int
}

// TrainTagger trains a tagger on annotated records (one article each, or
// sentences sharing a doc_id). With dev records, the epoch whose averaged
// model scores best on dev (typed exact-match F1) is kept; without, the
// last. The same records and options give the same model, byte for byte.
func TrainTagger(train, dev []AnnotatedRecord, opt TrainOptions) (*Tagger, error) {
	if opt.Epochs <= 0 {
		opt.Epochs = 10
	}
	if opt.MinCount <= 0 {
		opt.MinCount = 2
	}
	types := recordTypes(train)
	if len(types) == 0 {
		return nil, errors.New("the training records have no entities")
	}
	if len(types) > 30 {
		return nil, fmt.Errorf("the training records have %d entity types; at most 30 are supported", len(types))
	}
	typeIndex := map[string]int{}
	for i, t := range types {
		typeIndex[t] = i
	}
	lx := embeddedLexicon()
	docs := groupDocs(train)
	nL := 1 + 2*len(types)

	// Count static features, keep the frequent ones, number them in hash
	// order so that numbering does not depend on map iteration.
	counts := map[fhash]int{}
	var feats []fhash
	var ft []ftok
	straddled, tokens := 0, 0
	stacked := &Tagger{base: opt.Base}
	base := make([][][]string, len(docs))
	for di, d := range docs {
		base[di] = stacked.baseLabels(lx, d.sents)
	}
	for di, d := range docs {
		hints := newDocHints(d.sents)
		for si, toks := range d.sents {
			var caps bool
			ft, caps = lx.prepare(toks, hints, ft)
			for i := range ft {
				feats = staticFeatures(ft, i, caps, hints, feats[:0])
				if base[di] != nil {
					feats = stackFeatures(base[di][si], ft, i, feats)
				}
				for _, f := range feats {
					counts[f]++
				}
			}
		}
	}
	var hashes []uint64
	for f, c := range counts {
		if c >= opt.MinCount {
			hashes = append(hashes, uint64(f))
		}
	}
	for k := range types {
		hashes = append(hashes, uint64(tmpl(fHistory).num(uint32(k))))
	}
	slices.Sort(hashes)
	hashes = slices.Compact(hashes)
	ids := make(map[fhash]int32, len(hashes))
	for i, h := range hashes {
		ids[fhash(h)] = int32(i)
	}

	// Prepare every sentence once.
	sents := make([][]trainSent, len(docs))
	for di, d := range docs {
		hints := newDocHints(d.sents)
		for si, toks := range d.sents {
			ts := trainSent{}
			var caps bool
			ts.ft, caps = lx.prepare(toks, hints, nil)
			ts.caps = caps
			for i := range ts.ft {
				feats = staticFeatures(ts.ft, i, caps, hints, feats[:0])
				if base[di] != nil {
					feats = stackFeatures(base[di][si], ts.ft, i, feats)
				}
				row := make([]int32, 0, len(feats))
				for _, f := range feats {
					if id, ok := ids[f]; ok {
						row = append(row, id)
					}
				}
				ts.feats = append(ts.feats, row)
			}
			var s int
			ts.gold, s = goldLabels(toks, d.recs[d.rec[si]].Entities, typeIndex)
			straddled += s
			tokens += len(toks)
			sents[di] = append(sents[di], ts)
		}
	}

	runs := make([]*perceptron, max(1, opt.Runs))
	for r := range runs {
		runs[r] = &perceptron{nL: nL, w: make([]float64, len(hashes)*nL), acc: make([]float64, len(hashes)*nL),
			tw: make([]float64, (nL+1)*nL), tacc: make([]float64, (nL+1)*nL), c: 1}
	}
	order := make([]int, len(docs))
	for i := range order {
		order[i] = i
	}
	var best *Tagger
	bestF := -1.0
	for epoch := 1; epoch <= opt.Epochs; epoch++ {
		mistakes := 0
		for r, p := range runs {
			rng := rand.New(rand.NewPCG(opt.Seed+uint64(r), uint64(epoch)))
			rng.Shuffle(len(order), func(i, j int) { order[i], order[j] = order[j], order[i] })
			for _, di := range order {
				hints := &docHints{history: map[string][]uint16{}}
				for _, ts := range sents[di] {
					n := p.learn(ts, hints, ids, len(types))
					if r == 0 {
						mistakes += n
					}
				}
			}
		}
		t := average(runs, types, hashes)
		t.base = opt.Base
		rep := EpochReport{Epoch: epoch, Mistakes: mistakes, Tokens: tokens, Features: t.Features(), Straddled: straddled}
		if len(dev) > 0 {
			sc := t.Score(dev)
			rep.Dev = &sc
			if f := sc.Overall.F1(); f > bestF {
				best, bestF, rep.Best = t, f, true
			}
		} else {
			best, rep.Best = t, true
		}
		if opt.Progress != nil {
			opt.Progress(rep)
		}
	}
	return best, nil
}

// recordTypes lists the entity types of the records, sorted.
func recordTypes(recs []AnnotatedRecord) []string {
	seen := map[string]bool{}
	for _, r := range recs {
		for _, e := range r.Entities {
			seen[e.Type] = true
		}
	}
	var types []string
	for t := range seen {
		types = append(types, t)
	}
	sort.Strings(types)
	return types
}

// perceptron holds the weights being trained and their running sums for
// averaging: the average is w - acc/c (Daumé's trick), so each update costs
// the same whatever the number of features.
type perceptron struct {
	nL       int
	w, acc   []float64 // features x labels
	tw, tacc []float64 // transitions: (labels+1) x labels
	c        float64   // sentences seen + 1
}

// learn decodes one sentence with the current weights, updates them where
// the prediction is wrong, and returns the number of wrong tokens.
func (p *perceptron) learn(ts trainSent, hints *docHints, ids map[fhash]int32, ntypes int) int {
	nL, n := p.nL, len(ts.ft)
	hist := make([]int32, n)
	em := make([]float32, n*nL)
	for i := range ts.ft {
		hist[i] = -1
		if h := historyFeature(hints, &ts.ft[i]); h != 0 {
			hist[i] = ids[h]
		}
		row := em[i*nL : (i+1)*nL]
		add := func(id int32) {
			w := p.w[int(id)*nL : (int(id)+1)*nL]
			for l := range row {
				row[l] += float32(w[l])
			}
		}
		for _, id := range ts.feats[i] {
			add(id)
		}
		if hist[i] >= 0 {
			add(hist[i])
		}
	}
	trans := make([]float32, len(p.tw))
	for i, v := range p.tw {
		trans[i] = float32(v)
	}
	pred := viterbi(em, n, nL, trans, nil)
	wrong := 0
	prevG, prevP := nL, nL
	for i := range pred {
		g, q := ts.gold[i], pred[i]
		if g != q {
			wrong++
			upd := func(id int32) {
				p.update(p.w, p.acc, int(id)*nL+g, 1)
				p.update(p.w, p.acc, int(id)*nL+q, -1)
			}
			for _, id := range ts.feats[i] {
				upd(id)
			}
			if hist[i] >= 0 {
				upd(hist[i])
			}
		}
		if g != q || prevG != prevP {
			p.update(p.tw, p.tacc, prevG*nL+g, 1)
			p.update(p.tw, p.tacc, prevP*nL+q, -1)
		}
		prevG, prevP = g, q
	}
	hints.remember(ts.ft, ts.caps, bioSpans(pred, nil), ntypes)
	p.c++
	return wrong
}

func (p *perceptron) update(w, acc []float64, i int, d float64) {
	w[i] += d
	acc[i] += p.c * d
}

// average returns the mean of the perceptrons' averaged models, quantised
// to the precision the model file stores, so that what is scored is what
// is saved.
func average(runs []*perceptron, types []string, hashes []uint64) *Tagger {
	nL := runs[0].nL
	// mean is the runs' mean averaged weight i of w (the weights or the
	// transitions); one run gives exactly its own value.
	mean := func(i int, trans bool) float64 {
		var v float64
		for k, p := range runs {
			w, acc := p.w, p.acc
			if trans {
				w, acc = p.tw, p.tacc
			}
			if k == 0 {
				v = w[i] - acc[i]/p.c
			} else {
				v += w[i] - acc[i]/p.c
			}
		}
		if len(runs) > 1 {
			v /= float64(len(runs))
		}
		return v
	}
	avg := make([]float32, len(runs[0].w))
	maxAbs := 0.0
	for i := range avg {
		v := mean(i, false)
		avg[i] = float32(v)
		maxAbs = math.Max(maxAbs, math.Abs(v))
	}
	scale := float32(1)
	if maxAbs > 0 {
		scale = float32(maxAbs / 32767)
	}
	t := &Tagger{types: types, scale: scale}
	t.hashes, t.weights = quantizeRows(hashes, avg, nL, scale)
	t.index = newRowIndex(t.hashes)
	t.trans = make([]float32, len(runs[0].tw))
	for i := range t.trans {
		t.trans[i] = float32(mean(i, true))
	}
	return t
}

func quantize(w, scale float32) int16 {
	q := math.Round(float64(w / scale))
	return int16(max(-32767, min(32767, q)))
}
