package extract

import (
	"strings"

	"github.com/newsgraph/newsgraph"
)

// Nationality rules: what a country's name or demonym next to a person or
// an organisation says: citizen_of ("Iraqi journalist Thaier Al-Sudani",
// "Hungary's Orban"), based_in ("Pakistan's Inter-Services Intelligence
// agency", "the Lebanese Army"), and member_of for an organisation's
// person ("Dortmund's Lars Ricken").

// orgCountryRelations: an organisation named after its country ("German
// Society for Philosophy", "Lebanese Army", "US Senate") is based there.
func (x *Extractor) orgCountryRelations(d *doc, st *sent) {
	for k, sp := range st.spans {
		if st.ments[k] < 0 || sp.typ != newsgraph.Org || sp.e-sp.s < 2 {
			continue
		}
		e, n := x.lex.match(st.Tokens[:sp.e], sp.s)
		if n == 0 || n >= sp.e-sp.s || e.Country == "" || !(e.IsCountry || e.Type == newsgraph.NORP) || !orgWords[st.tok(sp.e-1)] {
			continue // "US South", "Japan Expand Energy Ties": not an organisation's name
		}
		// Only where the article names the country itself: a mention
		// made up inside the organisation's name would be no name at all.
		for i, c := range d.mentions {
			if c.Type == newsgraph.GPE && c.Canonical == e.Country {
				d.rel(st, st.ments[k], i, newsgraph.BasedIn, "country-named-org", 0.7)
				break
			}
		}
	}
}

// citizenRelations: "Iraqi journalist Thaier Al-Sudani" -> citizen_of Iraq.
// A title in between ("Iraqi Prime Minister") is a role, not this rule's.
func (x *Extractor) citizenRelations(d *doc, st *sent) {
	for k, sp := range st.spans {
		if st.ments[k] < 0 || sp.typ != newsgraph.NORP {
			continue
		}
		c, m := x.country(d, st, k)
		if c == "" {
			continue
		}
		for i := sp.e; i <= sp.e+2 && i < len(st.Tokens); i++ {
			if p := st.spanAt(i); p >= 0 {
				// The word before the name says what the person is:
				// "German author X", not "the German air force under X".
				if st.spans[p].typ == newsgraph.Person && st.spans[p].s == i && st.spans[p].role == "" && i > sp.e &&
					(occupations[strings.ToLower(st.tok(i-1))] || describedAs[strings.ToLower(st.tok(i-1))]) {
					d.rel(st, st.ments[p], d.countryMention(m, c), newsgraph.CitizenOf, "demonym-occupation-name", 0.75)
				}
				break
			}
			t := st.Tokens[i]
			if t.Kind != Word || isCap(t) || st.roleWordAt(i) != "" && !occupations[strings.ToLower(t.Text)] {
				break
			}
		}
	}
}

// possessiveRelations: a country's person or organisation, "Hungary's
// Orban" (citizen_of), "Pakistan's Inter-Services Intelligence agency"
// (based_in); an organisation's person, "Dortmund's Lars Ricken"
// (member_of); and a nationality before an organisation, "the German
// carmaker Volkswagen", "Italian daily Corriere della Sera" (based_in).
// A person with a title is the role rules'.
func (x *Extractor) possessiveRelations(d *doc, st *sent) {
	for k, sp := range st.spans {
		if st.ments[k] < 0 {
			continue
		}
		c, m := x.country(d, st, k)
		if c == "" {
			// "Dortmund's Lars Ricken", "Hamas's Khaled Meshaal"
			if b := st.spanAt(sp.e + 1); sp.typ == newsgraph.Org && isPossessiveTok(st, sp.e) && b >= 0 && st.spans[b].s == sp.e+1 &&
				st.spans[b].typ == newsgraph.Person && st.spans[b].role == "" && st.ments[b] >= 0 {
				d.rel(st, st.ments[b], st.ments[k], newsgraph.MemberOf, "org-possessive-person", 0.7)
			}
			continue
		}
		i := sp.e
		rule := "demonym-org"
		if sp.typ == newsgraph.GPE && isPossessiveTok(st, i) {
			i++
			rule = "country-possessive"
		} else if sp.typ != newsgraph.NORP {
			continue
		}
		for n := 0; n < 2 && rule == "demonym-org" && i+1 < len(st.Tokens) && st.spanAt(i) < 0 && st.Tokens[i].Kind == Word &&
			!isCap(st.Tokens[i]) && !occupations[strings.ToLower(st.tok(i))] && !functionWords[strings.ToLower(st.tok(i))]; n++ {
			i++ // "German carmaker", "Italian daily"; not "Afghan branch of"
		}
		if functionWords[strings.ToLower(st.tok(i-1))] {
			continue
		}
		b := st.spanAt(i)
		if b < 0 || st.spans[b].s != i {
			continue
		}
		switch target := st.spans[b]; {
		case target.typ == newsgraph.Org:
			d.rel(st, st.ments[b], d.countryMention(m, c), newsgraph.BasedIn, rule+"-org", 0.8)
		case target.typ == newsgraph.Person && target.role == "" && rule == "country-possessive":
			d.rel(st, st.ments[b], d.countryMention(m, c), newsgraph.CitizenOf, rule+"-person", 0.8)
		}
	}
}

// functionWords join phrases: a nationality does not reach over them.
var functionWords = set("of", "in", "for", "and", "or", "to", "the", "a", "an", "with", "at", "by", "from", "on", "as")
