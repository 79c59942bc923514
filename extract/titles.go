package extract

import (
	"strings"

	"github.com/newsgraph/newsgraph"
)

// Title rules: a country's office-holders, from the title before or after
// their name ("US Ambassador to Iraq Alina Romanowski", "India's Prime
// Minister, Narendra Modi", "Joe Biden, the US president"): president_of,
// prime_minister_of, minister_of, ambassador_of and ambassador_to,
// leader_of for a monarch, and the citizen_of an office implies. A title
// used alone ("the premier") becomes a mention of its one holder.

// roleRelation maps a title's head to the relation it implies.
func roleRelation(head string) string {
	switch head {
	case "Prime Minister", "Chancellor", "Premier":
		return newsgraph.PrimeMinisterOf
	case "President":
		return newsgraph.PresidentOf
	case "Minister":
		return newsgraph.MinisterOf
	case "Ambassador":
		return newsgraph.AmbassadorOf
	case "King", "Queen", "Emir", "Sultan", "Emperor", "Empress":
		return newsgraph.LeaderOf // a monarch heads the country
	}
	return ""
}

// roleRelations finds titles attached to people: "US Ambassador to Iraq
// Alina Romanowski", "Prime Minister Mohammed Shia al-Sudani", "Joe Biden,
// the US president".
func (x *Extractor) roleRelations(d *doc, st *sent) {
	for k, sp := range st.spans {
		if st.ments[k] < 0 || sp.typ != newsgraph.Person {
			continue
		}
		person := st.ments[k]
		title, host := -1, -1
		if sp.role != "" {
			for ti, t := range st.titles {
				if t.s == sp.roleStart {
					title = ti
				}
			}
		} else if h := st.spanEndingAt(sp.s); h >= 0 && (st.tok(st.spans[h].s-1) == "to" || st.tok(st.spans[h].s-1) == "in") {
			// "Ambassador to Iraq Alina Romanowski"
			if ti := st.titleEndingAt(st.spans[h].s - 1); ti >= 0 {
				title, host = ti, h
			}
		}
		rule, conf := "title-before-name", 0.9
		if title < 0 && st.tok(sp.s-1) == "," {
			// "India's Prime Minister, Narendra Modi", "Lithuania's outgoing
			// president, Valdas Adamkus"
			var ts []titleChunk
			if _, start, found := titleBefore(st.Tokens, sp.s-1, nil); start >= 0 {
				ts = found
				st.titles = append(st.titles, ts[0])
				title, rule, conf = len(st.titles)-1, "title-comma-name", 0.85
			}
		}
		if title < 0 {
			title = x.appositiveTitle(st, sp.e)
			rule, conf = "appositive-title", 0.85
		}
		if title < 0 {
			continue
		}
		t := st.titles[title]
		typ := roleRelation(t.head)
		if typ == "" {
			continue
		}
		// The country: "US Ambassador", "Iraq's prime minister", "the
		// president of France".
		before := t.s
		for before > 0 && titleModifiers[strings.ToLower(st.tok(before-1))] {
			before-- // "Lithuania's outgoing president"
		}
		if before > 0 && isPossessive(st.Tokens[before-1]) {
			before--
		}
		cname, cm := x.country(d, st, st.spanEndingAt(before))
		if st.tok(t.e) == "of" && st.possessesOrg(st.spanAt(t.e+1)) {
			continue // the organisation's, found by appositive-role-of
		}
		if cname == "" && st.tok(t.e) == "of" {
			cname, cm = x.country(d, st, st.spanAt(t.e+1))
		}
		if cname == "" && title >= 0 && rule == "title-before-name" && st.tok(sp.e) == "of" {
			// "Prime Minister Benjamin Netanyahu of Israel"
			cname, cm = x.country(d, st, st.spanAt(sp.e+1))
		}
		if cname == "" && typ != newsgraph.AmbassadorOf && rule != "title-comma-name" {
			cname, cm, rule, conf = x.contextCountry(d, st, t.s, person, typ)
		}
		if cname != "" {
			country := d.countryMention(cm, cname)
			r := d.rel(st, person, country, typ, rule, conf)
			if typ == newsgraph.MinisterOf {
				r.Role = t.text
			}
			// A country's president, prime minister, minister or
			// ambassador is its national.
			if rule != "title-earlier-country" {
				d.rel(st, person, country, newsgraph.CitizenOf, "role-implies-citizen", conf-0.05)
			}
			d.holders[t.head] = append(d.holders[t.head], roleHolder{mention: person, country: cname})
		}
		if typ == newsgraph.AmbassadorOf && host >= 0 {
			if hname, hm := x.hostCountry(d, st, host); hname != "" {
				d.rel(st, person, d.countryMention(hm, hname), newsgraph.AmbassadorTo, rule, conf)
			}
		}
	}
}

// possessesOrg reports a span followed by a possessive and an
// organisation: "Rwanda's Green Party", whose president leads the party,
// not the country.
func (st *sent) possessesOrg(b int) bool {
	if b < 0 {
		return false
	}
	e := st.spans[b].e
	if !isPossessiveTok(st, e) {
		return false
	}
	o := st.spanAt(e + 1)
	return o >= 0 && st.spans[o].s == e+1 && st.spans[o].typ == newsgraph.Org
}

// titleModifiers may stand between a country and its title.
var titleModifiers = set("former", "outgoing", "incoming", "new", "then", "current", "acting", "interim", "late")

// hostCountry is the country an ambassador is posted to: a country, or the
// country whose capital is named ("Ambassador to Baghdad").
func (x *Extractor) hostCountry(d *doc, st *sent, k int) (string, int) {
	if c, m := x.country(d, st, k); c != "" {
		return c, m
	}
	m := st.ments[k]
	if e := x.lex.names[d.mentions[m].Canonical]; e.IsCapital {
		return e.Country, m
	}
	return "", -1
}

// appositiveTitle finds "NAME, the TITLE" or "NAME, COUNTRY's TITLE" after
// token i and returns the title's index.
func (x *Extractor) appositiveTitle(st *sent, i int) int {
	if st.tok(i) != "," {
		return -1
	}
	j := i + 1
	if st.tok(j) == "the" {
		j++
	}
	for ti, t := range st.titles {
		if t.s == j {
			return ti
		}
		// "Iraq's prime minister", "the US ambassador"
		if k := st.spanAt(j); k >= 0 && st.spans[k].s == j {
			after := st.spans[k].e
			if isPossessiveTok(st, after) {
				after++
			}
			if t.s == after {
				return ti
			}
		}
	}
	return -1
}

// contextCountry finds the country of a title that names none: a demonym
// for a government in the same sentence ("Senior Iraqi politicians,
// including Prime Minister ..."), else the country an earlier mention of
// the same person gave the same role ("Lebanese Prime Minister Najib
// Mikati ... Prime Minister Mikati"). Never the article's most frequent
// country alone: "President Bush" in an article about Spain is not
// Spain's president.
func (x *Extractor) contextCountry(d *doc, st *sent, before, person int, typ string) (string, int, string, float64) {
	for k := len(st.spans) - 1; k >= 0; k-- {
		sp := st.spans[k]
		if sp.e > before || st.ments[k] < 0 {
			continue
		}
		if sp.typ == newsgraph.Person {
			break
		}
		if c, m := x.country(d, st, k); c != "" && govCues[st.tok(sp.e)] {
			return c, m, "title-context-country", 0.75
		}
	}
	name := d.mentions[person].Canonical
	for _, r := range d.rels {
		if r.Type == typ && r.Subject != person && d.mentions[r.Subject].Canonical == name {
			return d.mentions[r.Object].Canonical, r.Object, "title-earlier-country", 0.85
		}
	}
	return "", -1, "", 0
}

// resolveTitles turns a title used alone ("Iraq's prime minister", "the
// premier") into a mention of the one person the article gives that title.
func (x *Extractor) resolveTitles(d *doc, st *sent) {
	for _, t := range st.titles {
		if k := st.spanAt(t.e); k >= 0 && d.mentions[st.ments[k]].Type == newsgraph.Person {
			continue // a title before a name
		}
		if isCap(st.Tokens[t.s]) && t.s > 0 {
			continue // capitalised titles before names are handled as roles
		}
		if st.Tokens[t.e-1].End-st.Tokens[t.s].Start > MaxNameLength {
			continue // it would be a mention longer than any name
		}
		country := ""
		prev := t.s
		if isPossessiveTok(st, prev-1) {
			prev--
			country, _ = x.country(d, st, st.spanEndingAt(prev))
			if country == "" {
				continue
			}
		} else if st.tok(t.s-1) != "the" {
			continue
		}
		holder := -1
		for _, h := range d.holders[t.head] {
			if country != "" && h.country != country {
				continue
			}
			if holder >= 0 && d.mentions[holder].Canonical != d.mentions[h.mention].Canonical {
				holder = -2 // two people hold it: say nothing
				break
			}
			if holder == -1 {
				holder = h.mention
			}
		}
		if holder < 0 {
			continue
		}
		h := d.mentions[holder]
		m := d.addMention(st.Tokens[t.s].Start, st.Tokens[t.e-1].End, newsgraph.Person, h.Canonical, t.head)
		st.spans = append(st.spans, span{s: t.s, e: t.e, typ: newsgraph.Person, canonical: h.Canonical})
		st.ments = append(st.ments, m)
	}
}
