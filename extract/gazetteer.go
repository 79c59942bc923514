package extract

import (
	"slices"

	"github.com/newsgraph/newsgraph"
)

// knowledgeRules give facts the gazetteer knows rather than the text
// states: their evidence is where the article names the place, and they
// take no date from it.
var knowledgeRules = set("gazetteer", "place-named-org")

// gazetteerRelations places the article's cities and regions in the
// countries and US states the article names, as the gazetteer knows them
// ("Hamburg" and "Germany" in one article: Hamburg located_in Germany).
// Each place is related once, with the sentence of its first mention as
// evidence; the text does not state the fact, so the rule is its own
// ("gazetteer") and can be filtered out.
func (x *Extractor) gazetteerRelations(d *doc) {
	first := map[string]int{} // canonical -> first mention
	for i, m := range d.mentions {
		if _, ok := first[m.Canonical]; !ok {
			first[m.Canonical] = i
		}
	}
	related := map[[2]string]bool{} // subject, object
	for _, r := range d.rels {
		related[[2]string{d.mentions[r.Subject].Canonical, d.mentions[r.Object].Canonical}] = true
	}
	x.placeNamedOrgs(d, first, related)
	x.basedInCountry(d, first, related)
	for _, st := range d.sents {
		for k := range st.spans {
			mi := st.ments[k]
			if mi < 0 || first[d.mentions[mi].Canonical] != mi {
				continue
			}
			name := d.mentions[mi].Canonical
			p, ok := x.lex.place(name)
			if !ok || p.kind == placeCountry || d.mentions[mi].Type != newsgraph.GPE && d.mentions[mi].Type != newsgraph.Loc {
				continue
			}
			for _, in := range []string{p.state, p.country} {
				if in == "" || in == name || related[[2]string{name, in}] {
					continue
				}
				if oi, ok := first[in]; ok && d.mentions[oi].Type == newsgraph.GPE {
					related[[2]string{name, in}] = true
					d.rel(st, mi, oi, newsgraph.LocatedIn, "gazetteer", 0.9)
				}
			}
		}
	}
}

// placeNamedOrgs: an organisation named after a place ("Real Madrid",
// "Karachi University", "Dynamo Kyiv", or a club tagged as an
// organisation under its city's name, "Dortmund") is based in that
// place's country, where the article names the country. Organisations
// named after the country itself are country-named-org's.
func (x *Extractor) placeNamedOrgs(d *doc, first map[string]int, related map[[2]string]bool) {
	for _, st := range d.sents {
		for k, sp := range st.spans {
			mi := st.ments[k]
			if mi < 0 || sp.typ != newsgraph.Org || first[d.mentions[mi].Canonical] != mi {
				continue
			}
			org := d.mentions[mi].Canonical
			for _, country := range x.placesInName(st.Tokens[sp.s:sp.e]) {
				if oi, ok := first[country]; ok && !related[[2]string{org, country}] {
					related[[2]string{org, country}] = true
					d.rel(st, mi, oi, newsgraph.BasedIn, "place-named-org", 0.75)
				}
			}
		}
	}
}

// placesInName returns the countries of the cities and regions the
// gazetteer finds in a name's words (one to three words at a time).
func (x *Extractor) placesInName(toks []Token) []string {
	var out []string
	for i := range toks {
		for n := 3; n >= 1; n-- {
			if i+n > len(toks) {
				continue
			}
			if !placeWords(toks[i : i+n]) {
				continue
			}
			p, ok := x.lex.place(lexKey(toks[i : i+n]))
			if ok && p.kind != placeCountry && !slices.Contains(out, p.country) {
				out = append(out, p.country)
				break
			}
		}
	}
	return out
}

// basedInCountry: an organisation based in a city is based in the city's
// country too, where the article names it ("the Rostock-based society",
// "Rostock" and "Germany": based_in Germany).
func (x *Extractor) basedInCountry(d *doc, first map[string]int, related map[[2]string]bool) {
	for _, r := range d.rels {
		if r.Type != newsgraph.BasedIn {
			continue
		}
		org, city := d.mentions[r.Subject].Canonical, d.mentions[r.Object].Canonical
		p, ok := x.lex.place(city)
		if !ok || p.kind == placeCountry || related[[2]string{org, p.country}] {
			continue
		}
		if oi, ok := first[p.country]; ok {
			related[[2]string{org, p.country}] = true
			rel := r
			rel.Object, rel.Rule, rel.Confidence = oi, "based-in-city-country", min(r.Confidence, 0.85)
			d.rels = append(d.rels, rel)
		}
	}
}

// placeWords reports whether words inside a name may name a place:
// capitalised, and not words that name kinds of organisations or places
// ("University" and "Union" are towns in the United States).
func placeWords(toks []Token) bool {
	for _, t := range toks {
		if t.Kind != Word || !isCap(t) || orgWords[t.Text] || locWords[t.Text] || eventWords[t.Text] || miscWords[t.Text] {
			return false
		}
	}
	return true
}
