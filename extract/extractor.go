package extract

import (
	"crypto/sha256"
	"encoding/hex"
	"io/fs"
	"math"
	"sort"
	"strings"
	"sync"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/internal/lazy"
)

// Extractor finds entity mentions and relations in articles. It is safe for
// concurrent use: it holds only a read-only tagger and lexicons.
type Extractor struct {
	lex    *lexicon
	tagger *Tagger               // nil: names come from rules and lexicons alone
	rel    *RelationModel        // nil: relations come from rules alone
	conf   map[[2]string]float64 // measured confidence by rule and relation; nil: hand-set
	calib  *Calibration          // the map from a source's confidence to a fact's; nil: none
	// minConf is the confidence below which a fact is not given: its
	// source has not shown on news that its facts are right that often.
	minConf float64
	words   *wordCache // word forms met in earlier articles; nil: none kept
}

// DefaultMinConfidence is the precision a source (rule or model) must have
// shown for a relation type on annotated news before its facts are given:
// a wrong fact costs an analyst more than a missing one.
const DefaultMinConfidence = 0.8

// unmeasured is the confidence of a fact whose rule and relation a
// measured table does not list: nothing shows how often it is right.
const unmeasured = 0.5

// embeddedLexicon loads the lexicons and gazetteer once, when an
// extractor is first built: they are read-only, and commands that extract
// nothing never pay for them.
var embeddedLexicon = lazy.Value("lexicon", defaultLexicon)

// New returns an Extractor with the embedded tagger and lexicons.
func New() *Extractor {
	Preload()
	return NewWithTagger(DefaultTagger())
}

// Preload loads the embedded models and tables, side by side: one after
// another they take about a quarter of a second (the word clusters half
// of it), which an ingest of a thousand articles spent before its first
// article. Loading is the same once done, whoever asked first; commands
// that extract nothing never call it.
func Preload() {
	var wg sync.WaitGroup
	for _, load := range []func(){
		func() { wordClusters() },
		func() { embeddedLexicon() },
		func() { DefaultTagger() },
		func() { DefaultRelationModel(); defaultConfidences(); defaultCalibration() },
	} {
		wg.Add(1)
		go func() {
			defer wg.Done()
			load()
		}()
	}
	wg.Wait()
}

// NewWithTagger returns an Extractor that finds names with t (a model
// from TrainTagger or LoadTagger), or with rules and lexicons alone when t
// is nil.
func NewWithTagger(t *Tagger) *Extractor {
	lx := embeddedLexicon()
	return &Extractor{lex: lx, tagger: t, rel: DefaultRelationModel(), conf: defaultConfidences(), calib: defaultCalibration(), minConf: DefaultMinConfidence,
		words: newWordCache(lx, t)}
}

// WithMinConfidence returns a copy of x that gives only facts of at least
// confidence c (0 gives every fact, each with its confidence).
func (x *Extractor) WithMinConfidence(c float64) *Extractor {
	y := *x
	y.minConf = c
	return &y
}

// WithRuleConfidences returns a copy of x whose rules give the measured
// confidences of rows (from MeasureRules), or their hand-set ones when
// rows is nil.
func (x *Extractor) WithRuleConfidences(rows []RuleConfidence) *Extractor {
	y := *x
	y.conf, y.calib = nil, nil // the embedded calibration was fitted with the embedded table
	if rows != nil {
		y.conf = confidenceMap(rows)
	}
	return &y
}

// WithCalibration returns a copy of x that maps its sources' confidences
// to its facts' with c (nil: a fact's confidence is its source's).
func (x *Extractor) WithCalibration(c *Calibration) *Extractor {
	y := *x
	y.calib = c
	return &y
}

// WithRelationModel returns a copy of x that classifies candidate pairs
// with m (from TrainRelations or LoadRelationModel), or with rules alone
// when m is nil.
func (x *Extractor) WithRelationModel(m *RelationModel) *Extractor {
	y := *x
	y.rel = m
	return &y
}

// sent is one sentence with what extraction found in it.
type sent struct {
	Sentence
	spans  []span
	titles []titleChunk
	ments  []int // article mention index per span, -1 if dropped
	// mentioned are the article's mentions in the sentence, in the order
	// they were made.
	mentioned []int
	evidence  string // the sentence's text, once a fact needs it
}

// doc is the working state of one article.
type doc struct {
	art      newsgraph.Article
	rs       []rune
	sents    []*sent
	mentions []newsgraph.Mention
	rels     []newsgraph.Relation
	holders  map[string][]roleHolder
	places   map[string]*mentionRuns // GPE mentions by canonical name
	quoted   [][2]int                // code-point ranges inside quotation marks; nil until asked
	credits  [][2]int                // code-point ranges of agency tags and bylines, by start; nil until asked
	// creditEnds[i] is the furthest end among credits[:i+1].
	creditEnds []int
}

// roleHolder is a person known to hold a title in the article.
type roleHolder struct {
	mention int
	country string
}

// Extract finds the mentions and relations of one article. Offsets are code
// points into a.Text.
func (x *Extractor) Extract(a newsgraph.Article) newsgraph.Extraction {
	d := &doc{art: a, rs: []rune(a.Text), holders: map[string][]roleHolder{}}
	ss := sentences(d.rs, asciiText(a.Text))
	var tagged [][]tagSpan
	var hints *docHints
	if x.tagger != nil {
		toks := make([][]Token, len(ss))
		for i, s := range ss {
			toks[i] = s.Tokens
		}
		words := x.words.get(x.lex, x.tagger)
		tagged, hints = x.tagger.tagDocWith(x.lex, toks, words)
		defer x.words.put(words)
	}
	for i, s := range ss {
		st := &sent{Sentence: s}
		st.spans, st.titles = x.sentenceSpans(s.Tokens)
		if tagged != nil {
			st.spans, st.titles = x.mergeTagged(s.Tokens, tagged[i], hints, st.spans, st.titles)
		}
		st.spans = trimDangling(s.Tokens, st.spans)
		st.spans = joinForNames(s.Tokens, st.spans)
		st.spans = joinDemonymOrgs(s.Tokens, st.spans)
		x.capitalsAsGovernments(s.Tokens, st.spans)
		st.spans = abbreviationsInParentheses(s.Tokens, st.spans)
		st.spans = dropLongNames(s.Tokens, st.spans)
		d.sents = append(d.sents, st)
	}
	x.resolvePeople(d)
	x.resolveOrgNames(d)
	for _, st := range d.sents {
		x.roleRelations(d, st)
		x.orgRoleRelations(d, st)
		x.citizenRelations(d, st)
		x.orgCountryRelations(d, st)
		x.affiliationRelations(d, st)
		x.possessiveRelations(d, st)
	}
	for _, st := range d.sents {
		x.resolveTitles(d, st)
		x.eventRelations(d, st)
		x.verbRelations(d, st)
	}
	if x.rel != nil {
		ruled := d.relatedPairs()
		for _, st := range d.sents {
			x.modelRelations(d, st, ruled)
		}
	}
	x.gazetteerRelations(d)
	placesAround(d)
	// Facts are dated sentence by sentence.
	var dated []int
	for i, r := range d.rels {
		if !knowledgeRules[r.Rule] && datedRelations[r.Type] { // roles and states have no date of their own
			dated = append(dated, i)
		}
	}
	sort.SliceStable(dated, func(i, j int) bool { return d.rels[dated[i]].Start < d.rels[dated[j]].Start })
	var sd *sentenceDates
	sdStart, sdEnd := -1, -1
	for _, i := range dated {
		r := &d.rels[i]
		// The date nearest the middle of the two mentions within their own
		// clause, never one from another clause of the sentence.
		s, o := d.mentions[r.Subject], d.mentions[r.Object]
		lo, hi := min(s.Start, o.Start)-r.Start, max(s.End, o.End)-r.Start
		if lo < 0 || hi > r.End-r.Start {
			continue // a mention outside the evidence (an anaphor's antecedent)
		}
		if sd == nil || sdStart != r.Start || sdEnd != r.End {
			sd, sdStart, sdEnd = newSentenceDates(d.rs[r.Start:r.End]), r.Start, r.End
		}
		r.Date, r.DatePrecision = sd.date(lo, hi, a.Date, r.Modality == "planned")
	}
	kept := d.rels[:0]
	for _, r := range d.rels {
		if d.inCredit(r.Subject) || d.inCredit(r.Object) {
			continue // "(AFP)", "dpa, Reuters", "DW's": where the text came from
		}
		source := r.Confidence
		if x.conf != nil {
			c, ok := x.conf[[2]string{r.Rule, r.Type}]
			if !ok {
				c, ok = x.conf[[2]string{r.Rule, AnyRelation}]
			}
			switch {
			case !ok:
				c = unmeasured
			case r.Rule == "model":
				c = math.Round(min(0.99, r.Confidence*c)*100) / 100
			}
			source, r.Confidence = c, c
			if x.calib != nil {
				r.Confidence = x.calib.Apply(c)
			}
		}
		// Both the source's precision and the fact's calibrated
		// confidence must reach the bar (a source below the default one
		// is never shown right enough, whatever its facts are stated at).
		if r.Confidence >= x.minConf && source >= min(x.minConf, DefaultMinConfidence) {
			kept = append(kept, r)
		}
	}
	d.rels = kept
	quotes := x.extractQuotes(d)
	return newsgraph.Extraction{Mentions: d.mentions, Relations: dedupRelations(d.rels), Quotes: quotes}
}

// MaxNameLength is the longest name, in code points, extraction gives: a
// longer run of capitalised words or a longer "word" is not a name (the
// longest in CoNLL-2003, CoNLL04 and DWIE has 72). Without a bound a name
// could be megabytes long, and the database could not look it up (SQLite
// refuses LIKE patterns of 50,000 bytes or more).
const MaxNameLength = 200

// dropLongNames drops the spans whose text or canonical name is longer
// than MaxNameLength.
func dropLongNames(toks []Token, spans []span) []span {
	out := spans[:0]
	for _, sp := range spans {
		if toks[sp.e-1].End-toks[sp.s].Start <= MaxNameLength && utf8.RuneCountInString(sp.canonical) <= MaxNameLength {
			out = append(out, sp)
		}
	}
	return out
}

// resolvePeople links surnames to full names within the article, drops
// lone capitalised words that name no known person, and records mentions.
func (x *Extractor) resolvePeople(d *doc) {
	full := map[string]map[string]bool{} // surname -> full names
	for _, st := range d.sents {
		for _, sp := range st.spans {
			if sp.typ != newsgraph.Person || sp.pending {
				continue
			}
			for _, key := range surnameKeys(st.Tokens[sp.s:sp.e]) {
				if full[key] == nil {
					full[key] = map[string]bool{}
				}
				full[key][sp.canonical] = true
			}
		}
	}
	for _, st := range d.sents {
		st.ments = make([]int, len(st.spans))
		for k := range st.spans {
			sp := &st.spans[k]
			st.ments[k] = -1
			if sp.e-sp.s <= 3 && (sp.pending || sp.typ == newsgraph.Person || sp.lex == nil && sp.headline) {
				// The one full name this short form stands for, if one.
				other := ""
				for n := range full[lexKey(st.Tokens[sp.s:sp.e])] {
					if n != sp.canonical {
						if other != "" {
							other = "-"
							break
						}
						other = n
					}
				}
				if other != "" && other != "-" {
					sp.canonical, sp.typ, sp.pending = other, newsgraph.Person, false
				}
			}
			if sp.pending || sp.typ == "" {
				continue
			}
			st.ments[k] = d.addMention(st.Tokens[sp.s].Start, st.Tokens[sp.e-1].End, sp.typ, sp.canonical, sp.role)
		}
	}
}

func (d *doc) addMention(start, end int, typ, canonical, role string) int {
	d.mentions = append(d.mentions, newsgraph.Mention{
		Start: start, End: end, Text: string(d.rs[start:end]),
		Type: typ, Canonical: canonical, Role: role,
	})
	m := len(d.mentions) - 1
	if k := sort.Search(len(d.sents), func(k int) bool { return d.sents[k].End > start }); k < len(d.sents) {
		d.sents[k].mentioned = append(d.sents[k].mentioned, m)
	}
	if typ == newsgraph.GPE {
		if d.places == nil {
			d.places = map[string]*mentionRuns{}
		}
		if d.places[canonical] == nil {
			d.places[canonical] = &mentionRuns{}
		}
		d.places[canonical].add(start, m)
	}
	return m
}

// mentionRuns holds one entity's mentions in the order they were made, as
// runs in which each starts at or after the one before. Mentions are made
// mostly in text order, so there are few runs.
type mentionRuns struct {
	runs [][]mentionAt
}

type mentionAt struct{ start, mention int }

func (r *mentionRuns) add(start, mention int) {
	if n := len(r.runs); n > 0 && r.runs[n-1][len(r.runs[n-1])-1].start <= start {
		r.runs[n-1] = append(r.runs[n-1], mentionAt{start, mention})
		return
	}
	r.runs = append(r.runs, []mentionAt{{start, mention}})
}

// lastAtOrBefore returns the last made of the mentions starting at or
// before pos, or -1.
func (r *mentionRuns) lastAtOrBefore(pos int) int {
	for i := len(r.runs) - 1; i >= 0; i-- {
		run := r.runs[i]
		if k := sort.Search(len(run), func(k int) bool { return run[k].start > pos }); k > 0 {
			return run[k-1].mention
		}
	}
	return -1
}

// first returns the first mention made.
func (r *mentionRuns) first() int { return r.runs[0][0].mention }

// surnameKeys are the short forms a later mention may use for a full name:
// the last word, and the last word with its particle ("al-Sudani").
func surnameKeys(toks []Token) []string {
	var words []int
	for k, t := range toks {
		if t.Kind == Word && !nameParticles[strings.ToLower(t.Text)] {
			words = append(words, k)
		}
	}
	if len(words) < 2 {
		return nil
	}
	last := words[len(words)-1]
	keys := []string{toks[last].Text}
	start := last
	for start > 0 && (toks[start].Joined || nameParticles[toks[start-1].Text]) && toks[start-1].Kind != Number {
		start--
		if nameParticles[toks[start].Text] {
			break
		}
	}
	if start < last {
		p := lexKey(toks[start : last+1])
		keys = append(keys, p, strings.ToUpper(p[:1])+p[1:])
	}
	return keys
}

// govCues after a demonym mark the article's own government ("the Lebanese
// government", "Iraqi forces").
var govCues = set("government", "army", "forces", "officials", "politicians",
	"leaders", "authorities", "cabinet", "parliament", "ministry", "security", "Army")

// dedupRelations keeps one relation per (subject entity, type, object
// entity, sentence), the most confident.
func dedupRelations(rels []newsgraph.Relation) []newsgraph.Relation {
	type key struct {
		s, o  int
		t     string
		start int
	}
	best := map[key]int{}
	var out []newsgraph.Relation
	for _, r := range rels {
		k := key{r.Subject, r.Object, r.Type, r.Start}
		if i, ok := best[k]; ok {
			if r.Confidence > out[i].Confidence {
				out[i] = r
			}
			continue
		}
		best[k] = len(out)
		out = append(out, r)
	}
	return out
}

// EmbeddedModelsID identifies the models and lexicons built into this
// binary: the first 12 hex digits of a SHA-256 over all of them. Two
// binaries with the same ID extract the same facts from the same text.
func EmbeddedModelsID() string { return embeddedModelsID() }

var embeddedModelsID = lazy.Value("models-id", func() string {
	h := sha256.New()
	for _, b := range [][]byte{embeddedModel, embeddedRelModel, []byte(embeddedConfidence), clustersGz} {
		h.Write(b)
	}
	names, _ := fs.Glob(lexiconFS, "lexicon/*")
	sort.Strings(names)
	for _, n := range names {
		b, _ := lexiconFS.ReadFile(n)
		h.Write([]byte(n))
		h.Write(b)
	}
	return hex.EncodeToString(h.Sum(nil))[:12]
})
