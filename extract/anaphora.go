package extract

import (
	"slices"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph"
)

// Anaphora: a verb's subject may be "he", "she" or "the group", standing
// for the last person or organisation named in the sentence or just
// before it, never for a name inside quotation marks.

// subject is subjectBefore for a relation's subject, as a mention: a name
// before the verb, else "he"/"she" for the last person named (within the
// sentence and the two before) or "the group" for the last organisation.
// via is "" for a name, "-pronoun" for an anaphor.
func (d *doc) subject(st *sent, v, maxGap int, allowComma bool, types ...string) (m int, negated, planned bool, via string) {
	if k, neg, plan := st.subjectBefore(v, maxGap, allowComma, types...); k >= 0 {
		return st.ments[k], neg, plan, ""
	}
	for i := v - 1; i >= 0 && i >= v-maxGap-1; i-- {
		w := strings.ToLower(st.tok(i))
		if negations[w] {
			negated = true
		}
		if planCues[w] {
			planned = true
		}
		switch {
		case (w == "he" || w == "she") && slices.Contains(types, newsgraph.Person):
			return d.lastBefore(newsgraph.Person, st.Tokens[i].Start, 2), negated, planned, "-pronoun"
		case groupNouns[w] && strings.EqualFold(st.tok(i-1), "the") && slices.Contains(types, newsgraph.Org):
			return d.lastBefore(newsgraph.Org, st.Tokens[i].Start, 1), negated, planned, "-pronoun"
		case st.spanAt(i) >= 0 || clauseBreaks[w] || w == ",":
			return -1, false, false, ""
		}
	}
	return -1, false, false, ""
}

// groupNouns refer back to an organisation: "the group claimed".
var groupNouns = set("group", "militia", "movement", "organisation", "organization", "faction")

// anaphorConf lowers a rule's confidence when its subject is a pronoun.
func anaphorConf(conf float64, via string) float64 {
	if via != "" {
		return conf - 0.2
	}
	return conf
}

// lastOrgBefore returns the last ORG mention before offset, within the two
// sentences up to it.
func (d *doc) lastOrgBefore(offset int) int { return d.lastBefore(newsgraph.Org, offset, 1) }

// lastBefore returns the last mention of a type before offset, within its
// sentence and the back sentences before; -1 when there is none. It looks
// only at the mentions of those sentences.
func (d *doc) lastBefore(typ string, offset, back int) int {
	i := sort.Search(len(d.sents), func(i int) bool { return d.sents[i].End >= offset })
	if i == len(d.sents) {
		return d.lastBeforeIn(typ, offset, 0, d.mentionsIn(0, len(d.sents)))
	}
	return d.lastBeforeIn(typ, offset, d.sents[max(0, i-back)].Start, d.mentionsIn(max(0, i-back), i+1))
}

// lastBeforeIn returns the mention of ms (in the order they were made) of
// the type that starts last at or after floor and ends by offset, outside
// quotations; the first made of those starting there.
func (d *doc) lastBeforeIn(typ string, offset, floor int, ms []int) int {
	best := -1
	for _, i := range ms {
		m := d.mentions[i]
		if m.Type == typ && m.End <= offset && m.Start >= floor && (best < 0 || m.Start > d.mentions[best].Start) && !d.inQuotation(m.Start) {
			best = i
		}
	}
	return best
}

// mentionsIn returns the mentions of sentences [from, to), sentence by
// sentence, each sentence's in the order they were made.
func (d *doc) mentionsIn(from, to int) []int {
	var out []int
	for _, st := range d.sents[from:to] {
		out = append(out, st.mentioned...)
	}
	return out
}

// inQuotation says whether code point i of the article lies between
// quotation marks: a name there is someone quoted speaking of it, never
// what a later "he" or "the group" stands for.
func (d *doc) inQuotation(i int) bool {
	if d.quoted == nil {
		d.quoted = quotationSpans(d.rs)
	}
	// The spans are in text order and do not overlap.
	k := sort.Search(len(d.quoted), func(k int) bool { return d.quoted[k][0] > i }) - 1
	return k >= 0 && i < d.quoted[k][1]
}

// quotationSpans lists the code-point ranges inside quotation marks:
// curly pairs, and straight double quotes taken two by two within a
// paragraph.
func quotationSpans(rs []rune) [][2]int {
	spans := [][2]int{}
	open := -1
	for i, r := range rs {
		switch r {
		case '“':
			open = i
		case '”':
			if open >= 0 {
				spans = append(spans, [2]int{open, i})
			}
			open = -1
		case '"':
			if open < 0 {
				open = i
			} else {
				spans = append(spans, [2]int{open, i})
				open = -1
			}
		case '\n':
			open = -1
		}
	}
	return spans
}
