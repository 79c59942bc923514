package extract

import (
	"math"
)

// Tagger is a named-entity tagger: a linear model over the features in
// features.go, trained as an averaged structured perceptron and decoded
// with first-order Viterbi over BIO labels. Decoding forbids I-X after
// anything but B-X or I-X, so every output is a valid BIO sequence.
//
// Why a perceptron and not a CRF: with the same features both reach about
// the same accuracy on news NER, the perceptron trains in a few passes with
// no gradient or regulariser to tune, and its averaged weights quantise
// well, which keeps the embedded model small. See docs/QUALITY.md.
//
// A Tagger is read-only after training or loading and safe for concurrent
// use.
type Tagger struct {
	types   []string  // entity types, sorted: label 1+2k is B-types[k], 2+2k I-types[k]
	hashes  []uint64  // feature hashes, sorted; row i belongs to hashes[i]
	index   rowIndex  // feature hash -> row of weights
	weights []float32 // rows of nLabels weights
	trans   []float32 // (nLabels+1) x nLabels; the last row is the start
	scale   float32   // quantisation step of the stored weights
	// base, when set, is a tagger whose labels are features of this one
	// (stacking: a model trained on a small dataset with its conventions
	// learns from one trained on a large one). Always the embedded tagger.
	base *Tagger
}

// baseLabels tags the sentences with the base tagger and returns each
// token's label name, nil without a base.
func (t *Tagger) baseLabels(lx *lexicon, sents [][]Token) [][]string {
	if t.base == nil {
		return nil
	}
	tagged, _ := t.base.tagDoc(lx, sents)
	out := make([][]string, len(sents))
	for si, spans := range tagged {
		labels := make([]string, len(sents[si]))
		for i := range labels {
			labels[i] = "O"
		}
		for _, sp := range spans {
			for i := sp.s; i < sp.e; i++ {
				labels[i] = "I-" + t.base.types[sp.typ]
			}
			labels[sp.s] = "B-" + t.base.types[sp.typ]
		}
		out[si] = labels
	}
	return out
}

// tagSpan is a tagged entity over tokens [s, e) of a sentence.
type tagSpan struct {
	s, e int
	typ  int // index into Tagger.types
}

// Types returns the entity types the tagger emits, sorted.
func (t *Tagger) Types() []string { return append([]string(nil), t.types...) }

// Features returns the number of features in the model.
func (t *Tagger) Features() int { return len(t.hashes) }

func (t *Tagger) nLabels() int { return 1 + 2*len(t.types) }

// labelName returns "O", "B-PER", "I-PER", ...
func labelName(types []string, l int) string {
	if l == 0 {
		return "O"
	}
	if l%2 == 1 {
		return "B-" + types[(l-1)/2]
	}
	return "I-" + types[(l-1)/2]
}

// allowed reports whether label cur may follow label prev (prev == nL is
// the start of a sentence).
func allowed(prev, cur, nL int) bool {
	if cur == 0 || cur%2 == 1 {
		return true
	}
	return prev != nL && (prev == cur || prev == cur-1)
}

// viterbi returns the best valid label sequence for n tokens given
// emission scores em (n x nL) and transition scores trans ((nL+1) x nL).
func viterbi(em []float32, n, nL int, trans []float32, out []int) []int {
	out = out[:0]
	if n == 0 {
		return out
	}
	neg := float32(math.Inf(-1))
	// Stack buffers for sentences of up to 64 tokens with 9 labels.
	var scoreBuf [64 * 9]float32
	var backBuf [64 * 9]int32
	score, back := scoreBuf[:], backBuf[:]
	if n*nL > len(scoreBuf) {
		score, back = make([]float32, n*nL), make([]int32, n*nL)
	}
	// The transitions by the label they lead to (into[c*nL+p]: p to c),
	// so that the search below reads each label's predecessors side by
	// side; it tries only those BIO allows.
	var intoBuf [9 * 9]float32
	into := intoBuf[:]
	if nL*nL > len(intoBuf) {
		into = make([]float32, nL*nL)
	}
	into = into[:nL*nL]
	for p := 0; p < nL; p++ {
		for c := 0; c < nL; c++ {
			into[c*nL+p] = trans[p*nL+c]
		}
	}
	for c := 0; c < nL; c++ {
		score[c] = em[c] + trans[nL*nL+c]
		if !allowed(nL, c, nL) {
			score[c] = neg
		}
	}
	for i := 1; i < n; i++ {
		prev := score[(i-1)*nL : i*nL]
		cur, bk, e := score[i*nL:(i+1)*nL], back[i*nL:(i+1)*nL], em[i*nL:(i+1)*nL]
		for c := range cur {
			from := into[c*nL : (c+1)*nL]
			from = from[:len(prev)]
			best, arg := neg, int32(0)
			if c == 0 || c%2 == 1 {
				// O and B-X may follow any label.
				for p, sp := range prev {
					if s := sp + from[p]; s > best {
						best, arg = s, int32(p)
					}
				}
			} else {
				// I-X only B-X or I-X (c-1, c), tried in the order of
				// the loop above: a forbidden step is never the best.
				for p := c - 1; p <= c; p++ {
					if s := prev[p] + from[p]; s > best {
						best, arg = s, int32(p)
					}
				}
			}
			cur[c] = best + e[c]
			bk[c] = arg
		}
	}
	best, arg := neg, 0
	for c := 0; c < nL; c++ {
		if s := score[(n-1)*nL+c]; s > best {
			best, arg = s, c
		}
	}
	for i := 0; i < n; i++ {
		out = append(out, 0)
	}
	for i := n - 1; i >= 0; i-- {
		out[i] = arg
		arg = int(back[i*nL+arg])
	}
	return out
}

// bioSpans reads the entity spans off a valid BIO label sequence.
func bioSpans(labels []int, out []tagSpan) []tagSpan {
	out = out[:0]
	for i := 0; i < len(labels); {
		l := labels[i]
		if l == 0 || l%2 == 0 {
			i++
			continue
		}
		j := i + 1
		for j < len(labels) && labels[j] == l+1 {
			j++
		}
		out = append(out, tagSpan{s: i, e: j, typ: (l - 1) / 2})
		i = j
	}
	return out
}

// tagDoc tags the sentences of one article in order, so that each sentence
// sees what the tagger said about its words earlier in the article.
// The hints it returns say what the article as a whole says about words.
func (t *Tagger) tagDoc(lx *lexicon, sents [][]Token) ([][]tagSpan, *docHints) {
	return t.tagDocWith(lx, sents, nil)
}

// tagDocWith is tagDoc with the forms of earlier articles (a wordCache's
// map, nil for none), to which it adds the article's. Their wordInfos
// must be of lexicon lx and of this tagger.
func (t *Tagger) tagDocWith(lx *lexicon, sents [][]Token, words map[string]*wordInfo) ([][]tagSpan, *docHints) {
	nL := t.nLabels()
	hints := newDocHints(sents)
	hints.words = words
	base := t.baseLabels(lx, sents)
	out := make([][]tagSpan, len(sents))
	var (
		ft     []ftok
		caps   bool
		feats  []fhash
		rows   []int32
		em     []float32
		labels []int
	)
	forms := t.formRows()
	context := func(ft *ftok) *wordFeats[int32] { return &forms(ft).context }
	for si, toks := range sents {
		ft, caps = lx.prepare(toks, hints, ft)
		n := len(ft)
		if cap(em) < n*nL {
			em = make([]float32, n*nL)
		}
		em = em[:n*nL]
		clear(em)
		for i := range ft {
			row := em[i*nL : (i+1)*nL]
			// The rows of the forms around the token, summed once per
			// form; then the rest of staticFeatures, stackFeatures and
			// historyFeature, in their order.
			addRow(row, forms(&ft[i]).sum(sumSelf, nL))
			addRow(row, forms(at(ft, i-1)).sum(sumPrev, nL))
			addRow(row, forms(at(ft, i+1)).sum(sumNext, nL))
			addRow(row, forms(at(ft, i-2)).sum(sumPrev2, nL))
			addRow(row, forms(at(ft, i+2)).sum(sumNext2, nL))
			rows = appendStatic(ft, i, caps, hints, rows[:0], context, t.rowOf)
			if base != nil {
				feats = stackFeatures(base[si], ft, i, feats[:0])
				for _, f := range feats {
					rows = append(rows, t.rowOf(f))
				}
			}
			if h := historyFeature(hints, &ft[i]); h != 0 {
				rows = append(rows, t.rowOf(h))
			}
			for _, r := range rows {
				if r >= 0 {
					addRow(row, t.weights[int(r)*nL:(int(r)+1)*nL])
				}
			}
		}
		labels = viterbi(em, n, nL, t.trans, labels)
		spans := bioSpans(labels, nil)
		hints.remember(ft, caps, spans, len(t.types))
		out[si] = spans
	}
	return out, hints
}

// The places a form's rows are summed by (formRows.sums): as the token
// itself, before it, after it, two before and two after.
const (
	sumSelf = iota
	sumPrev
	sumNext
	sumPrev2
	sumNext2
	nSums
)

// formRows are a form's features as rows of one tagger (wordFeatures).
// A token's scores add up some thirty of its own and its neighbours' form
// features, and adding up rows is a third of the tagger's time; so the
// rows a form gives in each place are summed once per form (sums), and a
// token adds five sums and the rows of what depends on more than its
// forms (context: the first word of a sentence, a line in capitals).
type formRows struct {
	context wordFeats[int32] // the form's rows, with -1 for every feature that sums hold
	sums    []float32        // nSums rows of nLabels scores
}

// sum returns the form's summed rows for place k.
func (f *formRows) sum(k, nL int) []float32 { return f.sums[k*nL : (k+1)*nL] }

// newFormRows sums the rows f of a form.
func (t *Tagger) newFormRows(f wordFeats[int32]) *formRows {
	nL := t.nLabels()
	fr := &formRows{context: mapFeats(&f, func(int32) int32 { return -1 }), sums: make([]float32, nSums*nL)}
	fr.context.first, fr.context.capsLine = f.first, f.capsLine
	fr.context.nAffixes, fr.context.nCluster = 0, 0
	add := func(k int, rows ...int32) {
		for _, r := range rows {
			if r >= 0 {
				addRow(fr.sum(k, nL), t.weights[int(r)*nL:(int(r)+1)*nL])
			}
		}
	}
	add(sumSelf, f.form, f.lower, f.shape)
	add(sumSelf, f.affixes[:f.nAffixes]...)
	add(sumSelf, f.cluster[:f.nCluster]...)
	add(sumPrev, f.prev, f.prevShape, f.prevForm, f.prevCluster)
	add(sumNext, f.next, f.nextShape, f.nextForm, f.nextCluster)
	add(sumPrev2, f.prev2)
	add(sumNext2, f.next2)
	return fr
}

// formRows returns a function that gives a form's formRows, worked out
// once per form and kept in its wordInfo, and once here for the padding.
// The wordInfos must be of articles this tagger tags.
func (t *Tagger) formRows() func(*ftok) *formRows {
	pads := [2]*formRows{t.newFormRows(mapFeats(&padFeats[0], t.rowOf)), t.newFormRows(mapFeats(&padFeats[1], t.rowOf))}
	return func(ft *ftok) *formRows {
		switch {
		case ft == &padStart:
			return pads[0]
		case ft == &padEnd:
			return pads[1]
		case ft.w.tag == nil:
			f := wordFeatures(ft)
			ft.w.tag = t.newFormRows(mapFeats(&f, t.rowOf))
		}
		return ft.w.tag
	}
}

// rowOf returns the row of feature f, or -1 when the model has none.
func (t *Tagger) rowOf(f fhash) int32 {
	if r, ok := t.index.row(uint64(f)); ok {
		return int32(r)
	}
	return -1
}

// addRow adds the weights w to the scores dst, label by label.
func addRow(dst, w []float32) {
	w = w[:len(dst)] // one bounds check rather than one per label
	for l := range dst {
		dst[l] += w[l]
	}
}

// TaggedSpan is an entity the tagger found, in code points of the text.
type TaggedSpan struct {
	Start, End int
	Type       string
}

// Tag tags a text on its own (split into sentences, each line at least one
// sentence) and returns the entity spans the model found, in the model's
// own types. Extract refines these into the project's types.
func (t *Tagger) Tag(text string) []TaggedSpan {
	ss := Sentences(text)
	toks := make([][]Token, len(ss))
	for i, s := range ss {
		toks[i] = s.Tokens
	}
	var out []TaggedSpan
	tagged, _ := t.tagDoc(embeddedLexicon(), toks)
	for i, spans := range tagged {
		for _, sp := range spans {
			out = append(out, TaggedSpan{Start: toks[i][sp.s].Start, End: toks[i][sp.e-1].End, Type: t.types[sp.typ]})
		}
	}
	return out
}
