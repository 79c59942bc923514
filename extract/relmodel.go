package extract

import (
	"math"
	"slices"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph"
)

// RelationModel classifies ordered pairs of entity mentions in one sentence
// into relation types (or none): a multiclass averaged perceptron over the
// words between and around the two names, their types and the names
// themselves, as in the feature-based relation extractor of Zhou et al.
// (2005). A label may only join the argument types
// it joined in training ("killed" only people), and its score margin over
// "no relation" becomes a probability by Platt scaling fitted on data held
// out from training, so its confidences can be checked against the
// calibration table of `newsgraph eval`.
//
// A RelationModel is read-only after training or loading and safe for
// concurrent use.
type RelationModel struct {
	labels []string          // project relation types; labels[0] is "" (none)
	sigs   []map[string]bool // per label, the "head|tail" argument classes it may join
	joins  map[string]bool   // the argument classes some label may join (indexed)
	index  rowIndex          // feature hash -> row of weights
	hashes []uint64          // sorted
	w      []float32         // rows of len(labels) weights
	scale  float32
	platt  [2]float32 // probability = 1 / (1 + exp(-(a*margin + b)))
}

// Labels returns the relation types the model predicts.
func (m *RelationModel) Labels() []string { return append([]string(nil), m.labels[1:]...) }

// Features returns the number of features in the model.
func (m *RelationModel) Features() int { return len(m.hashes) }

// argClass is the coarse class of an entity type the relation model reads.
func argClass(typ string) string {
	switch typ {
	case newsgraph.Person:
		return "P"
	case newsgraph.Org:
		return "O"
	case newsgraph.GPE, newsgraph.Loc:
		return "L"
	}
	return ""
}

// relArg is one argument of a candidate pair: tokens [s, e) of the
// sentence and its class.
type relArg struct {
	s, e  int
	class string
	name  string // as written, for the gazetteer
}

// Relation feature templates. Their numbers are part of the model format.
const (
	rBias byte = iota + 101
	rClasses
	rHeadText
	rTailText
	rHeadLast
	rTailLast
	rBetween
	rBetweenBigram
	rFirstBetween
	rLastBetween
	rDistance
	rSkeleton
	rBefore
	rAfter
	rBetweenStem
	rOnlyBetween
	rMidEntities
	rHeadFirst
	rHeadPrev
	rGeoKinds
	rGeo
)

// relSentence is a sentence prepared for pair features: lower-cased
// tokens, and the class of the entity mention covering each token ("" when
// none).
type relSentence struct {
	lower []string
	class []string
	start []bool // token starts a mention
}

func newRelSentence(toks []Token, args []relArg) relSentence {
	rs := relSentence{lower: make([]string, len(toks)), class: make([]string, len(toks)), start: make([]bool, len(toks))}
	for i, t := range toks {
		rs.lower[i] = strings.ToLower(t.Text)
	}
	for _, a := range args {
		for i := a.s; i < a.e && i < len(toks); i++ {
			rs.class[i] = a.class
		}
		if a.s < len(toks) {
			rs.start[a.s] = true
		}
	}
	return rs
}

// stem cuts a word to at most five letters, a crude lemma that joins
// "killed", "killing" and "kills".
func stem(w string) string {
	n := 0
	for i := range w {
		if n == 5 {
			return w[:i]
		}
		n++
	}
	return w
}

func distanceBucket(n int) uint32 {
	switch {
	case n <= 3:
		return uint32(n)
	case n <= 5:
		return 4
	case n <= 8:
		return 5
	case n <= 12:
		return 6
	}
	return 7
}

// pairFeatures appends the features of the ordered pair (h, t).
func pairFeatures(rs relSentence, h, t relArg, out []fhash) []fhash {
	a, b := h, t
	headFirst := uint32(1)
	if t.s < h.s {
		a, b = t, h
		headFirst = 0
	}
	classes := h.class + "|" + t.class
	out = append(out, tmpl(rBias), tmpl(rClasses).str(classes), tmpl(rHeadFirst).num(headFirst))
	text := func(x relArg) string { return strings.Join(rs.lower[x.s:x.e], " ") }
	out = append(out, tmpl(rHeadText).str(text(h)), tmpl(rTailText).str(text(t)),
		tmpl(rHeadLast).str(rs.lower[h.e-1]), tmpl(rTailLast).str(rs.lower[t.e-1]))
	between := max(0, b.s-a.e)
	out = append(out, tmpl(rDistance).num(headFirst<<8|distanceBucket(between)))
	var skel strings.Builder
	mid := 0
	for i := a.e; i < b.s; i++ {
		w := rs.lower[i]
		if c := rs.class[i]; c != "" {
			if rs.start[i] {
				mid++
				out = append(out, tmpl(rMidEntities).str(c))
				if between <= 6 {
					skel.WriteString("<" + c + "> ")
				}
			}
			continue
		}
		out = append(out, tmpl(rBetween).num(headFirst).str(w), tmpl(rBetweenStem).str(stem(w)))
		if i+1 < b.s && rs.class[i+1] == "" {
			out = append(out, tmpl(rBetweenBigram).str(w).str(rs.lower[i+1]))
		}
		if between <= 6 {
			skel.WriteString(w + " ")
		}
	}
	if between > 0 {
		out = append(out, tmpl(rFirstBetween).num(headFirst).str(rs.lower[a.e]), tmpl(rLastBetween).num(headFirst).str(rs.lower[b.s-1]))
	}
	if between <= 6 {
		out = append(out, tmpl(rSkeleton).num(headFirst).str(skel.String()))
	}
	if between == 1 {
		out = append(out, tmpl(rOnlyBetween).num(headFirst).str(rs.lower[a.e]))
	}
	out = append(out, tmpl(rMidEntities).num(uint32(min(mid, 3))))
	for k := 1; k <= 2; k++ {
		if i := a.s - k; i >= 0 {
			out = append(out, tmpl(rBefore).num(uint32(k)).str(rs.lower[i]))
		} else {
			out = append(out, tmpl(rBefore).num(uint32(k)).str("<s>"))
		}
		if i := b.e - 1 + k; i < len(rs.lower) {
			out = append(out, tmpl(rAfter).num(uint32(k)).str(rs.lower[i]))
		} else {
			out = append(out, tmpl(rAfter).num(uint32(k)).str("</s>"))
		}
	}
	// The words before the second argument when the sentence names it
	// first in a relative phrase ("the mayor of <L>", "<P>, who lives in").
	for k := 1; k <= 2 && b.s-k >= a.e; k++ {
		out = append(out, tmpl(rHeadPrev).num(uint32(k)).str(rs.lower[b.s-k]))
	}
	return out
}

// geoFeatures append what the gazetteer says about two places: their
// kinds (city, state, country) and whether one lies in the other.
func (lx *lexicon) geoFeatures(h, t relArg, out []fhash) []fhash {
	if h.class != "L" || t.class != "L" {
		return out
	}
	hp, hok := lx.place(h.name)
	tp, tok := lx.place(t.name)
	out = append(out, tmpl(rGeoKinds).str(hp.kind).str(tp.kind))
	if hok && tok {
		rel := "apart"
		switch {
		case hp.within(tp):
			rel = "in"
		case tp.within(hp):
			rel = "contains"
		case hp.country == tp.country:
			rel = "same country"
		}
		out = append(out, tmpl(rGeo).str(rel))
	}
	return out
}

// allowedLabel reports whether label l may join the pair's classes.
// indexed sets what the model works out from its labels and rows: the
// feature index, and the argument classes some label may join.
func (m *RelationModel) indexed() *RelationModel {
	m.index = newRowIndex(m.hashes)
	m.joins = map[string]bool{}
	for _, sig := range m.sigs[1:] {
		for c := range sig {
			m.joins[c] = true
		}
	}
	return m
}

// mayJoin reports whether some label may join arguments of classes
// ("head|tail"): classify gives any other pair no relation. A seventh of
// the pairs of news sentences are such (places with places, say).
func (m *RelationModel) mayJoin(classes string) bool { return m.joins[classes] }

func (m *RelationModel) allowedLabel(l int, classes string) bool {
	return l == 0 || m.sigs[l][classes]
}

// scores adds up the weights of feats per label.
func (m *RelationModel) scores(feats []fhash, out []float32) []float32 {
	nL := len(m.labels)
	out = append(out[:0], make([]float32, nL)...)
	for _, f := range feats {
		if r, ok := m.index.row(uint64(f)); ok {
			addRow(out, m.w[r*nL:(r+1)*nL])
		}
	}
	return out
}

// classify returns the best label for the pair (0 for none) and the
// probability that a relation with that label holds.
func (m *RelationModel) classify(feats []fhash, classes string, buf []float32) (int, float64, []float32) {
	buf = m.scores(feats, buf)
	best := 0
	for l := 1; l < len(buf); l++ {
		if m.allowedLabel(l, classes) && buf[l] > buf[best] {
			best = l
		}
	}
	if best == 0 {
		return 0, 0, buf
	}
	margin := float64(buf[best] - buf[0])
	return best, sigmoid(float64(m.platt[0])*margin + float64(m.platt[1])), buf
}

func sigmoid(x float64) float64 { return 1 / (1 + math.Exp(-x)) }

// relatedPairs are the pairs of entities (canonical names, both ways
// round) the article's relations so far join.
func (d *doc) relatedPairs() map[[2]string]bool {
	out := map[[2]string]bool{}
	for _, r := range d.rels {
		s, o := d.mentions[r.Subject].Canonical, d.mentions[r.Object].Canonical
		out[[2]string{s, o}] = true
		out[[2]string{o, s}] = true
	}
	return out
}

// modelRelations adds the relations the model finds between the mentions
// of one sentence. Two entities the rules already related in the article
// are left to the rules, which know the finer types ("president_of"
// rather than "works_for").
func (x *Extractor) modelRelations(d *doc, st *sent, ruled map[[2]string]bool) {
	var args []relArg
	var ments []int
	for k, sp := range st.spans {
		m := st.ments[k]
		if m < 0 {
			continue
		}
		if c := argClass(d.mentions[m].Type); c != "" {
			args, ments = append(args, relArg{s: sp.s, e: sp.e, class: c, name: d.mentions[m].Text}), append(ments, m)
		}
	}
	if len(args) < 2 {
		return
	}
	rs := newRelSentence(st.Tokens, args)
	var feats []fhash
	var buf []float32
	partners := relPartners(args)
	for i, h := range args {
		for _, j := range partners(i) {
			t := args[j]
			mi, mj := ments[i], ments[j]
			if i == j || ruled[[2]string{d.mentions[mi].Canonical, d.mentions[mj].Canonical}] || d.mentions[mi].Canonical == d.mentions[mj].Canonical {
				continue
			}
			classes := h.class + "|" + t.class
			if !x.rel.mayJoin(classes) {
				continue
			}
			feats = x.lex.geoFeatures(h, t, pairFeatures(rs, h, t, feats[:0]))
			l, p, b := x.rel.classify(feats, classes, buf)
			buf = b
			if l > 0 && ontologyAllows(x.rel.labels[l], d.mentions[mi].Type, d.mentions[mj].Type) && !x.vetoed(d, rs, h, t, mi, mj, x.rel.labels[l]) {
				d.rel(st, mi, mj, x.rel.labels[l], "model", math.Round(p*100)/100)
			}
		}
	}
}

// RelationNeighbours is how many names on each side of a name, in text
// order, the relation model pairs it with. A sentence of n names gives at
// most 2*RelationNeighbours*n pairs rather than n*(n-1); sentences of up to
// RelationNeighbours+1 names have every pair classified, as every sentence
// of CoNLL-2003, CoNLL04 and DWIE does (the most names in one is 20).
const RelationNeighbours = 24

// relPartners returns, for each argument, the arguments the model pairs it
// with, in argument order: all of them when there are few, else those
// within RelationNeighbours places of it in text order.
func relPartners(args []relArg) func(i int) []int {
	all := make([]int, len(args))
	for i := range all {
		all[i] = i
	}
	if len(args) <= RelationNeighbours+1 {
		return func(int) []int { return all }
	}
	byPos := slices.Clone(all)
	sort.SliceStable(byPos, func(a, b int) bool { return args[byPos[a]].s < args[byPos[b]].s })
	rank := make([]int, len(args))
	for r, i := range byPos {
		rank[i] = r
	}
	var out []int
	return func(i int) []int {
		r := rank[i]
		out = append(out[:0], byPos[max(0, r-RelationNeighbours):min(len(byPos), r+RelationNeighbours+1)]...)
		slices.Sort(out)
		return out
	}
}

// sceneWords link a person to a place as the scene of an event, not a
// home: "met X in Riyadh", "arrived in Paris", "reported from Beirut".
var sceneWords = set("met", "meet", "meets", "meeting", "visit", "visits", "visited", "visiting",
	"arrive", "arrived", "arrives", "arriving", "travel", "traveled", "travelled", "travels", "flew",
	"received", "receives", "reported", "reporting", "talks", "trip", "toured", "landed", "attended",
	"held", "killed", "attacked", "summit", "conference", "shot", "wounded", "injured", "arrested",
	"detained", "died", "spoke", "interviewed")

// denials negate what follows them: "denied responsibility for".
var denials = set("denied", "denies", "deny", "denying", "rejected", "dismissed")

// quoteMarks open or close quotations.
var quoteMarks = set(`"`, "“", "”", "``", "''", "«", "»")

// vetoed reports a classified pair the project's ontology rules out,
// whatever the model's score: a negated link ("did not visit Kyiv"); a
// pair a quotation mark separates; a home where the text names the scene
// of an event or a stay ("was in Doha"); a country inside a city or
// another country.
func (x *Extractor) vetoed(d *doc, rs relSentence, h, t relArg, hm, tm int, label string) bool {
	a, b := min(h.s, t.s), max(h.e, t.e)
	for i := max(0, a-3); i < b; i++ {
		if negations[rs.lower[i]] || denials[rs.lower[i]] {
			return true
		}
	}
	for i := min(h.e, t.e); i < max(h.s, t.s); i++ {
		if quoteMarks[rs.lower[i]] {
			return true // one inside a quotation, the other outside
		}
	}
	switch label {
	case newsgraph.LivesIn:
		for i := max(0, a-8); i < b; i++ {
			if sceneWords[rs.lower[i]] {
				return true
			}
		}
		// Being somewhere is not living there: "X was in Doha".
		if h.e+2 == t.s && passiveAux[rs.lower[h.e]] && (rs.lower[h.e+1] == "in" || rs.lower[h.e+1] == "at") {
			return true
		}
	case newsgraph.MemberOf:
		// Of places, only countries join bodies: "Hong Kong member_of
		// DW" is a programme guide read as a sentence.
		if d.mentions[hm].Type == newsgraph.GPE {
			e, ok := x.lex.names[d.mentions[hm].Canonical]
			return !ok || !e.IsCountry
		}
	case newsgraph.LocatedIn:
		he, hok := x.lex.names[d.mentions[hm].Canonical]
		te, tok := x.lex.names[d.mentions[tm].Canonical]
		if hok && he.IsCountry && tok && (te.IsCountry || te.Country != "") {
			return true
		}
	}
	return false
}

// ontologyAllows says whether the ontology lets a relation join a subject
// and an object of these types: a classifier learns from data whose names
// can be mistyped, and must not pass the mistakes on ("Macron located_in
// Paris").
func ontologyAllows(rel, subj, obj string) bool {
	for _, t := range newsgraph.Ontology {
		if t.Name == rel {
			return slices.Contains(t.SubjectTypes, subj) && slices.Contains(t.ObjectTypes, obj)
		}
	}
	return false
}
