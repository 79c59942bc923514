package extract

import (
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph"
)

// Place rules: where places and organisations are and where people live:
// located_in ("Baghdad, Iraq"), based_in ("Beirut-based Al-Manar",
// "Al-Manar, based in Beirut"), lives_in ("Norman Vaughan, 83, of Trapper
// Creek, Alaska"), borders ("the border between Iraq and Syria"), and the
// wider place a home or a base implies.

// cityCountry: "Baghdad, Iraq".
func (x *Extractor) cityCountry(d *doc, st *sent, comma int) {
	a, b := st.spanEndingAt(comma), st.spanAt(comma+1)
	if a < 0 || b < 0 || st.spans[b].s != comma+1 {
		return
	}
	city := d.mentions[st.ments[a]]
	if city.Type != newsgraph.GPE && city.Type != newsgraph.Loc {
		return
	}
	ce := x.lex.names[city.Canonical]
	if ce.IsCountry {
		return
	}
	c, m := x.country(d, st, b)
	if c == "" || d.mentions[m].Type != newsgraph.GPE || (ce.Country != "" && ce.Country != c) {
		return
	}
	d.rel(st, st.ments[a], m, newsgraph.LocatedIn, "city-comma-country", 0.85)
}

// ageOfPlace: the news way of giving a home, "Norman Vaughan, 83, of
// Trapper Creek, Alaska": lives_in the town, and the state or country
// after it.
func (x *Extractor) ageOfPlace(d *doc, st *sent, v int) {
	p := st.spanEndingAt(v - 3)
	if p < 0 || st.spans[p].typ != newsgraph.Person {
		return
	}
	for i := v + 1; ; {
		k := st.spanAt(i)
		if k < 0 || st.spans[k].s != i || st.spans[k].typ != newsgraph.GPE && st.spans[k].typ != newsgraph.Loc {
			return
		}
		d.rel(st, st.ments[p], st.ments[k], newsgraph.LivesIn, "age-of-place", 0.85)
		if i = st.spans[k].e; st.tok(i) != "," {
			return
		}
		i++
	}
}

// basedIn: "Beirut-based Al-Manar", "Al-Manar, based in Beirut", "the
// group is headquartered in Doha".
func (x *Extractor) basedIn(d *doc, st *sent, v int) {
	x.participle(d, st, v, participleRule{rel: newsgraph.BasedIn, prep: "in", heads: []string{newsgraph.GPE, newsgraph.Loc},
		compound: "place-based-org", phrase: "org-based-in"})
}

// participleRule is a relation stated by a participle, either as a
// compound before the organisation ("Iran-backed Hezbollah") or after it
// with a preposition ("Hezbollah, backed by Iran"). The organisation is
// the subject; heads are the types the other side may have.
type participleRule struct {
	rel, prep        string
	heads            []string
	compound, phrase string // rule names
}

func (x *Extractor) participle(d *doc, st *sent, v int, r participleRule) {
	if st.tok(v-1) == "-" && st.Tokens[v].Joined {
		head := st.spanEndingAt(v - 1)
		if r.rel == newsgraph.BasedIn && head >= 0 && st.spans[head].typ == newsgraph.GPE {
			x.basedPerson(d, st, v, head)
		}
		org := st.objectAfter(v, 3, true, newsgraph.Org)
		for i := v + 1; org >= 0 && i < st.spans[org].s; i++ {
			if w := strings.ToLower(st.tok(i)); occupations[w] || describedAs[w] {
				org = -1 // "a London-based analyst for ING Barings": the analyst is
			}
		}
		if head >= 0 && org >= 0 && slices.Contains(r.heads, st.spans[head].typ) && st.ments[head] != st.ments[org] {
			d.rel(st, st.ments[org], st.ments[head], r.rel, r.compound, 0.85)
		}
		return
	}
	if st.tok(v+1) != r.prep {
		return
	}
	s, neg, _ := st.subjectBefore(v, 4, true, newsgraph.Org)
	if o := st.objectAfter(v+1, 3, true, r.heads...); s >= 0 && o >= 0 && !neg && st.ments[s] != st.ments[o] {
		d.rel(st, st.ments[s], st.ments[o], r.rel, r.phrase, 0.8)
	}
}

// basedPerson: "Berlin-based gay travel writer, Adam Groffman", "the
// London-based analyst John Smith": the person lives there.
func (x *Extractor) basedPerson(d *doc, st *sent, v, place int) {
	i, n := v+1, 0
	for ; n < 4 && i < len(st.Tokens) && st.Tokens[i].Kind == Word && !isCap(st.Tokens[i]); n, i = n+1, i+1 {
	}
	if n == 0 || !occupations[strings.ToLower(st.tok(i-1))] && !describedAs[strings.ToLower(st.tok(i-1))] {
		return
	}
	if st.tok(i) == "," {
		i++
	}
	if p := st.spanAt(i); p >= 0 && st.spans[p].s == i && st.spans[p].typ == newsgraph.Person {
		d.rel(st, st.ments[p], st.ments[place], newsgraph.LivesIn, "place-based-person", 0.8)
	}
}

// border: "Lebanon's border with Israel", "the border between Iraq and Syria".
func (x *Extractor) border(d *doc, st *sent, v int) {
	places := []string{newsgraph.GPE, newsgraph.Loc}
	if st.tok(v+1) == "with" {
		j := v
		if isPossessiveTok(st, j-1) {
			j--
		}
		a := st.spanEndingAt(j)
		b := st.objectAfter(v+1, 2, true, places...)
		if a >= 0 && b >= 0 && (st.spans[a].typ == newsgraph.GPE || st.spans[a].typ == newsgraph.Loc) {
			d.rel(st, st.ments[a], st.ments[b], newsgraph.Borders, "border-with", 0.85)
		}
		return
	}
	a := st.objectAfter(v+1, 2, false, places...)
	if a < 0 || st.tok(st.spans[a].e) != "and" {
		return
	}
	if b := st.objectAfter(st.spans[a].e, 2, false, places...); b >= 0 {
		d.rel(st, st.ments[a], st.ments[b], newsgraph.Borders, "border-between", 0.85)
	}
}

// placesAround adds what a home or a base implies: one who lives in a
// place that the same sentence puts in a wider one lives there too
// ("Warner, who now lives in Ocala, Fla." lives in Florida), and an
// organisation based in it is based there too ("Brown University in
// Providence, R.I."). Both places must be named in the sentence that
// states the home or base, which is the new fact's evidence, and the text
// must place one in the other (the gazetteer's knowledge is not enough).
func placesAround(d *doc) {
	within := map[int][]int{} // mention -> mentions of wider places
	for _, r := range d.rels {
		if r.Type == newsgraph.LocatedIn && !knowledgeRules[r.Rule] {
			within[r.Subject] = append(within[r.Subject], r.Object)
		}
	}
	n := len(d.rels)
	for i := 0; i < n; i++ {
		r := d.rels[i]
		if r.Type != newsgraph.LivesIn && r.Type != newsgraph.BasedIn {
			continue
		}
		for _, w := range within[r.Object] {
			m := d.mentions[w]
			if m.Start < r.Start || m.End > r.End || m.Canonical == d.mentions[r.Subject].Canonical {
				continue // the wider place is not in this sentence
			}
			t := r
			t.Object, t.Rule = w, "place-within-place"
			d.rels = append(d.rels, t)
		}
	}
}

// orgAfterBased is the organisation after "PLACE-based" and at most two
// lower-case words ("the New York-based group Human Rights in China"), or -1.
func (st *sent) orgAfterBased(b int) int {
	if b < 0 {
		return -1
	}
	i := st.spans[b].e
	if st.tok(i) != "-" || st.tok(i+1) != "based" {
		return -1
	}
	for i += 2; i < st.spans[b].e+5 && i < len(st.Tokens); i++ {
		if o := st.spanAt(i); o >= 0 && st.spans[o].s == i && st.spans[o].typ == newsgraph.Org {
			return o
		}
		if t := st.Tokens[i]; t.Kind != Word || isCap(t) {
			return -1
		}
	}
	return -1
}
