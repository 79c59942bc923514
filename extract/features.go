package extract

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph"
)

// Features of the entity tagger. Each feature is a 64-bit FNV-1a hash of a
// template number and the strings it joins, so extracting one allocates
// nothing and the model stores hashes, not strings.

type fhash uint64

const (
	fnvOffset fhash = 14695981039346656037
	fnvPrime  fhash = 1099511628211
)

func tmpl(t byte) fhash { return (fnvOffset ^ fhash(t)) * fnvPrime }

func (h fhash) str(s string) fhash {
	for i := 0; i < len(s); i++ {
		h = (h ^ fhash(s[i])) * fnvPrime
	}
	return (h ^ 0xff) * fnvPrime // separator: "ab"+"c" differs from "a"+"bc"
}

func (h fhash) num(n uint32) fhash {
	for k := 0; k < 4; k++ {
		h = (h ^ fhash(byte(n>>(8*k)))) * fnvPrime
	}
	return h
}

// Feature templates. Their numbers are part of the model format: never
// renumber one, add new ones at the end.
const (
	fBias byte = iota + 1
	fForm
	fLower
	fPrev
	fNext
	fPrev2
	fNext2
	fPrevCur
	fCurNext
	fPrefix
	fSuffix
	fShape
	fPrevShape
	fNextShape
	fShape2
	fShapeNext
	fShape3
	fFirst
	fCapsLine
	fLex
	fPrevLex
	fNextLex
	fDoc
	fHistory
	fPrevShapeCur
	fShapeCurNext
	fPrevForm
	fNextForm
	fBase
	fBasePrev
	fBaseNext
	fBaseWord
	fCluster
	fGroup
	fPrevCluster
	fNextCluster
	fClusterShape
)

// Lexicon bits of a token.
const (
	lbCountryB uint32 = 1 << iota
	lbCountryI
	lbCityB
	lbCityI
	lbLocB
	lbLocI
	lbNorpB
	lbNorpI
	lbOrgB
	lbOrgI
	lbOtherB
	lbOtherI
	lbFirstName
	lbTitle
	lbOrgWord
	lbLocWord
	lbEventWord
	lbMiscWord
	lbDateWord
	lbParticle
	lbSpeech
)

// ftok is a token as the tagger sees it.
type ftok struct {
	form  string // as written, or recased in an all-capitals line
	lower string
	shape string
	lex   uint32
	cap   bool // starts with an upper-case letter
	cl    wordCluster
	w     *wordInfo // its form's, in the article's docHints; nil for padding
}

// docHints are what the whole article says about a word: seen capitalised
// in mid-sentence, seen in lower case, its usual casing, and the types the
// tagger gave it earlier in the article.
type docHints struct {
	capMid  map[string]bool
	lowered map[string]bool
	casing  map[string]string
	history map[string][]uint16  // lower -> count per entity type
	words   map[string]*wordInfo // form -> what the tagger reads off it, filled as forms are met
}

// capsLine reports a line written in capitals (a headline or dateline):
// every word of two or more letters is upper case.
func capsLine(toks []Token) bool {
	n := 0
	for _, t := range toks {
		if t.Kind != Word || utf8.RuneCountInString(t.Text) < 2 {
			continue
		}
		if !isAllCaps(t.Text) {
			return false
		}
		n++
	}
	return n > 0
}

func isLowerWord(s string) bool {
	for _, r := range s {
		if unicode.IsUpper(r) {
			return false
		}
	}
	return true
}

func newDocHints(sents [][]Token) *docHints {
	h := &docHints{capMid: map[string]bool{}, lowered: map[string]bool{}, casing: map[string]string{}, history: map[string][]uint16{}}
	for _, toks := range sents {
		if capsLine(toks) {
			continue
		}
		for i, t := range toks {
			if t.Kind != Word {
				continue
			}
			l := strings.ToLower(t.Text)
			switch {
			case isLowerWord(t.Text):
				h.lowered[l] = true
				if _, ok := h.casing[l]; !ok {
					h.casing[l] = t.Text
				}
			case i > 0 && isCap(t) && !startsSentence(toks[i-1]):
				h.capMid[l] = true
				if c, ok := h.casing[l]; !ok || isLowerWord(c) {
					h.casing[l] = t.Text
				}
			}
		}
	}
	return h
}

// shape maps letters to X/x and digits to d, collapsing repeats: "Xx",
// "X.X.", "d-d".
func shape(s string) string {
	var b [16]byte
	n := 0
	var last byte
	for _, r := range s {
		var c byte
		switch {
		case unicode.IsUpper(r):
			c = 'X'
		case unicode.IsLetter(r):
			c = 'x'
		case unicode.IsDigit(r):
			c = 'd'
		case r < utf8.RuneSelf:
			c = byte(r)
		default:
			c = '*'
		}
		if c == last {
			continue
		}
		last = c
		if n == len(b) {
			break
		}
		b[n] = c
		n++
	}
	return shapeString(b[:n])
}

// shapes holds the shape strings seen so far so that shape() allocates only
// for new shapes; it is filled at init and read-only afterwards.
var shapes = func() map[string]string {
	m := map[string]string{}
	for _, s := range []string{"X", "x", "d", "Xx", "XxX", "X.", "X.X.", "x.x.", "Xx.", "d,d", "d.d", "d-d", "-", ".", ",", "'", "'x", "(", ")", "\"", ":", ";", "/", "$d", "d:d", "Xx-Xx", "x-x", "X-X", "Xx-x", "XxXx", "Xd", "dx"} {
		m[s] = s
	}
	return m
}()

func shapeString(b []byte) string {
	if s, ok := shapes[string(b)]; ok { // no allocation: the compiler sees the lookup
		return s
	}
	return string(b)
}

// prefixEnd and suffixStart give byte offsets of the first and last n
// runes of s.
func prefixEnd(s string, n int) (int, bool) {
	i := 0
	for k := 0; k < n; k++ {
		if i >= len(s) {
			return 0, false
		}
		_, size := utf8.DecodeRuneInString(s[i:])
		i += size
	}
	return i, true
}

func suffixStart(s string, n int) (int, bool) {
	i := len(s)
	for k := 0; k < n; k++ {
		if i <= 0 {
			return 0, false
		}
		_, size := utf8.DecodeLastRuneInString(s[:i])
		i -= size
	}
	return i, true
}

// prepare turns a sentence's tokens into tagger tokens: recased when the
// line is in capitals, with shapes and lexicon bits.
func (lx *lexicon) prepare(toks []Token, hints *docHints, buf []ftok) ([]ftok, bool) {
	caps := capsLine(toks)
	buf = buf[:0]
	look := toks
	if caps {
		look = make([]Token, len(toks))
		copy(look, toks)
	}
	for i, t := range toks {
		w := lx.word(hints, t.Text)
		if caps && t.Kind == Word {
			if c, ok := hints.casing[w.lower]; ok {
				w = lx.word(hints, c)
			}
			look[i].Text = w.form
		}
		buf = append(buf, ftok{form: w.form, lower: w.lower, shape: w.shape, lex: w.bits, cap: t.Kind == Word && w.upper, cl: w.cl, w: w})
	}
	for i := 0; i < len(look); {
		e, n := lx.match(look, i)
		if n == 0 {
			i++
			continue
		}
		b, in := lexBits(e)
		buf[i].lex |= b
		for k := i + 1; k < i+n; k++ {
			buf[k].lex |= in
		}
		i += n
	}
	return buf, caps
}

// wordInfo is what the tagger reads off a word form alone, wherever it
// stands: its lower case, shape, word lists, first names and cluster.
type wordInfo struct {
	form, lower, shape string
	bits               uint32 // wordBits, and lbFirstName
	upper              bool   // starts with an upper-case letter
	cl                 wordCluster
	// The form's features, by its place around a token (wordFeatures),
	// and their rows in the tagger of the article; nil until asked.
	feats *wordFeats[fhash]
	tag   *formRows
}

// word returns the wordInfo of a form, worked out on the form's first
// token in the article (or in an earlier one, wordCache) and kept in
// hints: a form costs a dozen map look-ups and a lower-casing, and an
// article repeats its forms.
func (lx *lexicon) word(hints *docHints, form string) *wordInfo {
	if w, ok := hints.words[form]; ok {
		return w
	}
	// A copy, so that a form kept for later articles does not keep this
	// article's text.
	form = strings.Clone(form)
	lower := strings.ToLower(form)
	w := &wordInfo{form: form, lower: lower, shape: shape(form), bits: wordBits(form, lower), cl: wordClusters()[lower]}
	if lx.firstNames[form] {
		w.bits |= lbFirstName
	}
	for _, r := range form {
		w.upper = unicode.IsUpper(r)
		break
	}
	if hints.words == nil {
		hints.words = map[string]*wordInfo{}
	}
	hints.words[form] = w
	return w
}

func lexBits(e lexEntry) (begin, inside uint32) {
	switch {
	case e.IsCountry:
		return lbCountryB, lbCountryI
	case e.Type == newsgraph.GPE:
		return lbCityB, lbCityI
	case e.Type == newsgraph.Loc:
		return lbLocB, lbLocI
	case e.Type == newsgraph.NORP:
		return lbNorpB, lbNorpI
	case e.Type == newsgraph.Org:
		return lbOrgB, lbOrgI
	}
	return lbOtherB, lbOtherI
}

// wordLists are the word lists whose membership is a feature, by the form
// they are looked up in.
var wordLists = []struct {
	words map[string]bool
	lower bool // look up the lower-cased word
	bit   uint32
}{
	{orgWords, false, lbOrgWord}, {locWords, false, lbLocWord}, {eventWords, false, lbEventWord},
	{miscWords, false, lbMiscWord}, {dateWords, false, lbDateWord}, {nameParticles, true, lbParticle},
	{speechVerbs, true, lbSpeech},
}

func wordBits(form, lower string) uint32 {
	var b uint32
	if titleHeads[form] || titleWords[form] || lowerTitles[lower] != "" {
		b |= lbTitle
	}
	for _, l := range wordLists {
		w := form
		if l.lower {
			w = lower
		}
		if l.words[w] {
			b |= l.bit
		}
	}
	return b
}

var padStart = ftok{form: "<s>", lower: "<s>", shape: "<s>"}
var padEnd = ftok{form: "</s>", lower: "</s>", shape: "</s>"}

// The padding's features: hashes depend on nothing but the text.
var padFeats = [2]wordFeats[fhash]{wordFeatures(&padStart), wordFeatures(&padEnd)}

func at(toks []ftok, i int) *ftok {
	if i < 0 {
		return &padStart
	}
	if i >= len(toks) {
		return &padEnd
	}
	return &toks[i]
}

// wordFeats are the features a token's form gives, by where it stands: as
// the token itself, as the token before it (prev), after it (next), two
// before and two after. A form gives the same ones wherever it occurs, so
// they are worked out once per form in an article (wordInfo) rather than
// at every token; T is a feature's hash, or its row in a tagger.
type wordFeats[T any] struct {
	form, lower, shape, first, capsLine    T
	affixes                                [8]T // prefixes and suffixes of 1 to 4 letters, in staticFeatures' order
	nAffixes                               int
	cluster                                [3]T // its cluster, group, and cluster with shape, when the table has it
	nCluster                               int
	prev, prevShape, prevForm, prevCluster T
	next, nextShape, nextForm, nextCluster T
	prev2, next2                           T
}

// wordFeatures hashes the features of t's form.
func wordFeatures(t *ftok) wordFeats[fhash] {
	f := wordFeats[fhash]{
		form:     tmpl(fForm).str(t.form),
		lower:    tmpl(fLower).str(t.lower),
		shape:    tmpl(fShape).str(t.shape),
		first:    tmpl(fFirst).str(t.shape),
		capsLine: tmpl(fCapsLine).str(t.shape),

		prev: tmpl(fPrev).str(t.lower), prevShape: tmpl(fPrevShape).str(t.shape),
		prevForm: tmpl(fPrevForm).str(t.form), prevCluster: tmpl(fPrevCluster).num(uint32(t.cl.fine)),
		next: tmpl(fNext).str(t.lower), nextShape: tmpl(fNextShape).str(t.shape),
		nextForm: tmpl(fNextForm).str(t.form), nextCluster: tmpl(fNextCluster).num(uint32(t.cl.fine)),
		prev2: tmpl(fPrev2).str(t.lower), next2: tmpl(fNext2).str(t.lower),
	}
	for k := 1; k <= 4; k++ {
		if e, ok := prefixEnd(t.lower, k); ok && e < len(t.lower) {
			f.affixes[f.nAffixes] = tmpl(fPrefix).num(uint32(k)).str(t.lower[:e])
			f.nAffixes++
		}
		if s, ok := suffixStart(t.lower, k); ok && s > 0 {
			f.affixes[f.nAffixes] = tmpl(fSuffix).num(uint32(k)).str(t.lower[s:])
			f.nAffixes++
		}
	}
	if t.cl.fine != 0 {
		f.cluster = [3]fhash{tmpl(fCluster).num(uint32(t.cl.fine)), tmpl(fGroup).num(uint32(t.cl.group)),
			tmpl(fClusterShape).num(uint32(t.cl.fine)).str(t.shape)}
		f.nCluster = 3
	}
	return f
}

// mapFeats applies fn to each of a form's features.
func mapFeats[T, U any](f *wordFeats[T], fn func(T) U) wordFeats[U] {
	out := wordFeats[U]{
		form: fn(f.form), lower: fn(f.lower), shape: fn(f.shape), first: fn(f.first), capsLine: fn(f.capsLine),
		nAffixes: f.nAffixes, nCluster: f.nCluster,
		prev: fn(f.prev), prevShape: fn(f.prevShape), prevForm: fn(f.prevForm), prevCluster: fn(f.prevCluster),
		next: fn(f.next), nextShape: fn(f.nextShape), nextForm: fn(f.nextForm), nextCluster: fn(f.nextCluster),
		prev2: fn(f.prev2), next2: fn(f.next2),
	}
	for k := range f.nAffixes {
		out.affixes[k] = fn(f.affixes[k])
	}
	for k := range f.nCluster {
		out.cluster[k] = fn(f.cluster[k])
	}
	return out
}

// wordFeatureHashes returns the hashed features of t's form, kept in its
// wordInfo.
func wordFeatureHashes(t *ftok) *wordFeats[fhash] {
	switch {
	case t == &padStart:
		return &padFeats[0]
	case t == &padEnd:
		return &padFeats[1]
	case t.w.feats == nil:
		f := wordFeatures(t)
		t.w.feats = &f
	}
	return t.w.feats
}

// staticFeatures appends the hashes of token i's features that do not
// depend on earlier predictions.
func staticFeatures(toks []ftok, i int, caps bool, hints *docHints, out []fhash) []fhash {
	return appendStatic(toks, i, caps, hints, out, wordFeatureHashes, func(h fhash) fhash { return h })
}

// appendStatic appends token i's features that do not depend on earlier
// predictions, in the order that fixes how the tagger adds up their
// weights: as hashes (staticFeatures, for training) or as rows of a
// tagger (Tagger.staticRows). word gives a form's features, by place;
// feature turns the hash of one that depends on more than one token into
// a T.
func appendStatic[T any](toks []ftok, i int, caps bool, hints *docHints, out []T,
	word func(*ftok) *wordFeats[T], feature func(fhash) T) []T {
	t := &toks[i]
	p, n := at(toks, i-1), at(toks, i+1)
	p2, n2 := at(toks, i-2), at(toks, i+2)
	wt, wp, wn := word(t), word(p), word(n)
	out = append(out,
		feature(tmpl(fBias)),
		wt.form,
		wt.lower,
		wp.prev,
		wn.next,
		word(p2).prev2,
		word(n2).next2,
		feature(tmpl(fPrevCur).str(p.lower).str(t.lower)),
		feature(tmpl(fCurNext).str(t.lower).str(n.lower)),
		wt.shape,
		wp.prevShape,
		wn.nextShape,
		feature(tmpl(fShape2).str(p.shape).str(t.shape)),
		feature(tmpl(fShapeNext).str(t.shape).str(n.shape)),
		feature(tmpl(fShape3).str(p.shape).str(t.shape).str(n.shape)),
		feature(tmpl(fPrevShapeCur).str(p.lower).str(t.shape)),
		feature(tmpl(fShapeCurNext).str(t.shape).str(n.lower)),
		wp.prevForm,
		wn.nextForm,
	)
	out = append(out, wt.affixes[:wt.nAffixes]...)
	if i == 0 {
		out = append(out, wt.first)
	}
	if caps {
		out = append(out, wt.capsLine)
	}
	out = append(out, wt.cluster[:wt.nCluster]...)
	out = append(out, wp.prevCluster, wn.nextCluster)
	out = lexFeatures(out, fLex, t.lex, feature)
	out = lexFeatures(out, fPrevLex, p.lex, feature)
	out = lexFeatures(out, fNextLex, n.lex, feature)
	if t.cap || caps {
		var d uint32
		if hints.capMid[t.lower] {
			d |= 1
		}
		if hints.lowered[t.lower] {
			d |= 2
		}
		if i == 0 {
			d |= 4
		}
		if caps {
			d |= 8
		}
		out = append(out, feature(tmpl(fDoc).num(d)))
	}
	return out
}

func lexFeatures[T any](out []T, tm byte, bits uint32, feature func(fhash) T) []T {
	for bits != 0 {
		b := bits & -bits
		out = append(out, feature(tmpl(tm).num(b)))
		bits &^= b
	}
	return out
}

// historyFeature is the hash of "earlier in this article the tagger called
// this word a <type>", or 0 when it did not.
func historyFeature(hints *docHints, t *ftok) fhash {
	if !t.cap {
		return 0
	}
	counts := hints.history[t.lower]
	best, bestN := -1, uint16(0)
	for k, c := range counts {
		if c > bestN {
			best, bestN = k, c
		}
	}
	if best < 0 {
		return 0
	}
	return tmpl(fHistory).num(uint32(best))
}

// remember records the types given to the words of a tagged sentence.
// Lines in capitals are tagged least reliably and teach nothing.
func (h *docHints) remember(toks []ftok, caps bool, spans []tagSpan, ntypes int) {
	if caps {
		return
	}
	for _, sp := range spans {
		for k := sp.s; k < sp.e; k++ {
			if !toks[k].cap {
				continue
			}
			c := h.history[toks[k].lower]
			if c == nil {
				c = make([]uint16, ntypes)
				h.history[toks[k].lower] = c
			}
			if c[sp.typ] < 0xffff {
				c[sp.typ]++
			}
		}
	}
}

// stackFeatures appends token i's features from a base tagger's labels
// (one label name per token, "O" outside names): the label of the token
// and its neighbours, and the label with the word.
func stackFeatures(labels []string, toks []ftok, i int, out []fhash) []fhash {
	lab := func(j int) string {
		if j < 0 || j >= len(labels) {
			return "<s>"
		}
		return labels[j]
	}
	return append(out, tmpl(fBase).str(lab(i)), tmpl(fBasePrev).str(lab(i-1)).str(lab(i)),
		tmpl(fBaseNext).str(lab(i)).str(lab(i+1)), tmpl(fBaseWord).str(lab(i)).str(toks[i].lower))
}
