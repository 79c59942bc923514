package extract

import (
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph"
)

// Relation rules. Each works on one sentence's spans and titles and emits
// relations with the name of the rule and a confidence that reflects how
// often the rule is right: explicit patterns high, fallbacks lower.
// Negation before a verb cancels the fact.
//
// The rules sit in files named for what they find: titles.go, roles.go,
// affiliations.go, nationality.go, interactions.go, conflict.go,
// places.go and alliances.go (anaphora.go: "he", "the group"). This file
// holds what they share: recording a relation, the spans around a token,
// a verb's subject and object, the country a span stands for.

func (d *doc) rel(st *sent, subj, obj int, typ, rule string, conf float64) *newsgraph.Relation {
	if st.evidence == "" {
		st.evidence = string(d.rs[st.Start:st.End]) // one copy, shared by the sentence's facts
	}
	d.rels = append(d.rels, newsgraph.Relation{
		Subject: subj, Object: obj, Type: typ,
		Start: st.Start, End: st.End, Evidence: st.evidence,
		Confidence: conf, Rule: rule, // Date: once modality is known, in Extract
	})
	return &d.rels[len(d.rels)-1]
}

// spanAt returns the index of the span covering token i, or -1.
func (st *sent) spanAt(i int) int {
	for k, sp := range st.spans {
		if st.ments[k] >= 0 && sp.s <= i && i < sp.e {
			return k
		}
	}
	return -1
}

// spanEndingAt returns the kept span that ends right before token i.
func (st *sent) spanEndingAt(i int) int {
	for k, sp := range st.spans {
		if st.ments[k] >= 0 && sp.e == i {
			return k
		}
	}
	return -1
}

func (st *sent) titleEndingAt(i int) int {
	for k, t := range st.titles {
		if t.e == i {
			return k
		}
	}
	return -1
}

func (st *sent) tok(i int) string {
	if i < 0 || i >= len(st.Tokens) {
		return ""
	}
	return st.Tokens[i].Text
}

func isPossessiveTok(st *sent, i int) bool {
	return i >= 0 && i < len(st.Tokens) && isPossessive(st.Tokens[i])
}

// country returns the country a span stands for (a country, or the country
// of a demonym) and the span's article mention index, or "" and -1.
func (x *Extractor) country(d *doc, st *sent, k int) (string, int) {
	if k < 0 {
		return "", -1
	}
	m := d.mentions[st.ments[k]]
	e, ok := x.lex.names[m.Canonical]
	if !ok || e.Country == "" || !(e.IsCountry || m.Type == newsgraph.NORP) {
		return "", -1
	}
	return e.Country, st.ments[k]
}

// countryMention finds or adds the mention a relation to a country points
// at: the span itself when it is the country, otherwise a mention of the
// country over the demonym's text.
func (d *doc) countryMention(mention int, country string) int {
	m := d.mentions[mention]
	if m.Type == newsgraph.GPE && m.Canonical == country {
		return mention
	}
	// The nearest earlier mention of the country itself (the last made
	// of those), else the first.
	if ms := d.places[country]; ms != nil {
		if best := ms.lastAtOrBefore(m.Start); best >= 0 {
			return best
		}
		return ms.first()
	}
	return d.addMention(m.Start, m.End, newsgraph.GPE, country, "")
}

var (
	negations    = set("not", "n't", "never", "no", "didn't", "won't", "cannot", "refused", "declined")
	planCues     = set("due", "will", "plans", "planned", "expected", "scheduled", "set", "to", "would")
	clauseBreaks = set(";", ":", "\"", "“", "”")
	// clauseWords start a new clause: an object is not looked for past them.
	clauseWords = set("after", "before", "and", "but", "where", "when", "while", "said", "says", "which", "who", "because")
)

// listFrom returns span k and the spans of the types listed after it
// ("Vienna and Freiburg, London and Copenhagen").
func (st *sent) listFrom(k int, types ...string) []int {
	out := []int{k}
	for i := st.spans[k].e; ; {
		if st.tok(i) != "," && st.tok(i) != "and" {
			return out
		}
		i++
		if st.tok(i) == "and" {
			i++
		}
		b := st.spanAt(i)
		if b < 0 || st.spans[b].s != i || !slices.Contains(types, st.spans[b].typ) {
			return out
		}
		out = append(out, b)
		i = st.spans[b].e
	}
}

// subjectBefore finds the nearest kept span of one of the types ending
// before token v within maxGap tokens, with no clause break, negation or
// other span in between. It reports negation and planning cues seen.
func (st *sent) subjectBefore(v, maxGap int, allowComma bool, types ...string) (k int, negated, planned bool) {
	for i := v - 1; i >= 0 && i >= v-maxGap-1; i-- {
		t := st.tok(i)
		if negations[strings.ToLower(t)] {
			negated = true
		}
		if planCues[t] {
			planned = true
		}
		if clauseBreaks[t] || (t == "," && !allowComma) {
			return -1, false, false
		}
		if k := st.spanAt(i); k >= 0 {
			for _, typ := range types {
				if st.spans[k].typ == typ {
					return k, negated, planned
				}
			}
			if st.spans[k].typ == newsgraph.Person {
				return -1, false, false
			}
		}
	}
	return -1, false, false
}

// objectAfter finds the first kept span of one of the types after token v
// within maxGap tokens and before a clause break.
func (st *sent) objectAfter(v, maxGap int, stopAtComma bool, types ...string) int {
	for i := v + 1; i < len(st.Tokens) && i <= v+maxGap; i++ {
		t := st.tok(i)
		if clauseBreaks[t] || (stopAtComma && (t == "," || clauseWords[t])) {
			return -1
		}
		if k := st.spanAt(i); k >= 0 {
			for _, typ := range types {
				if st.spans[k].typ == typ {
					return k
				}
			}
		}
	}
	return -1
}
