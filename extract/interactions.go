package extract

import (
	"strings"

	"github.com/newsgraph/newsgraph"
)

// Interaction rules: people meeting, visiting, travelling, moving and
// speaking to others, from verbs ("Biden met Netanyahu", "he visited
// Kyiv", "told Reuters"): meets_with, visited, lives_in (moved to) and
// told, planned when the sentence says so. eventRelations, which walks
// the verbs, also calls claimedAttack (conflict.go) and cityCountry
// (places.go).

var (
	meetVerbs  = set("meet", "meets", "met", "meeting", "hosted", "hosts", "host", "received", "receives")
	visitVerbs = set("visit", "visits", "visited", "visiting", "toured", "tours")
	// travelVerbs take the person to the place named after their
	// preposition: "arrived in Paris", "flew to Kyiv".
	travelVerbs = map[string]string{"arrived": "in", "arrives": "in", "arriving": "in", "arrive": "in",
		"travelled": "to", "traveled": "to", "travels": "to", "traveling": "to", "travelling": "to", "travel": "to",
		"flew": "to", "flies": "to", "fly": "to", "crossed": "into", "went": "to", "headed": "to"}
	moveVerbs = set("moved", "moves", "relocated", "emigrated")
)

// eventRelations finds meetings, visits, claimed attacks, places and
// addressees.
func (x *Extractor) eventRelations(d *doc, st *sent) {
	for v := range st.Tokens {
		t := st.tok(v)
		switch {
		case meetVerbs[t] || t == "talks" && st.tok(v+1) == "with":
			s, neg, plan, via := d.subject(st, v, 6, false, newsgraph.Person)
			o := st.objectAfter(v, 6, true, newsgraph.Person)
			if s < 0 || o < 0 || neg || s == st.ments[o] {
				continue
			}
			r := d.rel(st, s, st.ments[o], newsgraph.MeetsWith, "person-meets-person"+via, anaphorConf(0.85, via))
			if plan || t == "meet" {
				r.Modality = "planned"
			}
		case visitVerbs[t]:
			if b := st.spanAt(v + 1); t == "visiting" && b >= 0 && st.spans[b].typ != newsgraph.GPE && st.spans[b].typ != newsgraph.Loc {
				continue // "told visiting Russian nationalist X": X is the visitor
			}
			s, neg, plan, via := d.subject(st, v, 6, false, newsgraph.Person)
			o := st.objectAfter(v, 14, true, newsgraph.GPE, newsgraph.Loc)
			if s < 0 || o < 0 || neg {
				continue
			}
			for _, o := range st.listFrom(o, newsgraph.GPE, newsgraph.Loc) {
				r := d.rel(st, s, st.ments[o], newsgraph.Visited, "person-visits-place"+via, anaphorConf(0.85, via))
				if plan || t == "visit" {
					r.Modality = "planned"
				}
			}
		case travelVerbs[t] != "" && st.tok(v+1) == travelVerbs[t]:
			s, neg, plan, via := d.subject(st, v, 4, false, newsgraph.Person)
			o := st.objectAfter(v+1, 3, true, newsgraph.GPE, newsgraph.Loc)
			if s < 0 || o < 0 || neg {
				continue
			}
			for _, o := range st.listFrom(o, newsgraph.GPE, newsgraph.Loc) {
				r := d.rel(st, s, st.ments[o], newsgraph.Visited, "person-travels-to-place"+via, anaphorConf(0.85, via))
				if plan || t == "arrive" || t == "travel" || t == "fly" {
					r.Modality = "planned"
				}
			}
		case moveVerbs[t] && st.tok(v+1) == "to":
			// "he moved to Berlin in 2015": a new home.
			s, neg, _, via := d.subject(st, v, 4, false, newsgraph.Person)
			o := st.objectAfter(v+1, 2, true, newsgraph.GPE)
			if s < 0 || o < 0 || neg {
				continue
			}
			d.rel(st, s, st.ments[o], newsgraph.LivesIn, "person-moved-to"+via, anaphorConf(0.8, via))
		case t == "claimed" && (st.tok(v+1) == "responsibility" || st.tok(v+1) == "credit"):
			x.claimedAttack(d, st, v)
		case t == "told":
			s, neg, _, via := d.subject(st, v, 1, false, newsgraph.Person)
			o := st.toldWhom(v)
			if s < 0 || o < 0 || neg {
				continue
			}
			d.rel(st, s, st.ments[o], newsgraph.Told, "person-told"+via, anaphorConf(0.85, via))
		case t == ",":
			x.cityCountry(d, st, v)
		}
	}
}

// toldWhom returns the person or organisation told at token v ("told"):
// "told Reuters", "told the private News Agency of Nigeria", "told
// Britain's Guardian newspaper".
func (st *sent) toldWhom(v int) int {
	i := v + 1
	if strings.EqualFold(st.tok(i), "the") {
		i++
	}
	for n := 0; n < 2 && i < len(st.Tokens) && st.Tokens[i].Kind == Word && !isCap(st.Tokens[i]); n++ {
		i++ // "the private", "the state-run"
	}
	b := st.spanAt(i)
	if b >= 0 && st.spans[b].s == i && st.spans[b].typ == newsgraph.GPE && isPossessiveTok(st, st.spans[b].e) {
		i = st.spans[b].e + 1 // "Britain's Guardian"
		b = st.spanAt(i)
	}
	if b < 0 || st.spans[b].s != i || st.spans[b].typ != newsgraph.Person && st.spans[b].typ != newsgraph.Org {
		return -1
	}
	return b
}
