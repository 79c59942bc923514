package extract

import (
	"strings"
	"unicode"

	"github.com/newsgraph/newsgraph"
)

// Affiliation rules: who belongs to or works for which organisation, and
// where organisations are, from the short phrases news uses to introduce
// them ("Chidi Odinkalu of the Nigerian Human Rights Commission", "Michael
// Müller (SPD)", "German carmaker Volkswagen", "the Federal Constitutional
// Court in Karlsruhe"). Each is its own rule, so that its precision on the
// held-out news decides whether its facts are given.

// affiliationRelations runs the sentence-level affiliation rules.
func (x *Extractor) affiliationRelations(d *doc, st *sent) {
	for k, sp := range st.spans {
		if st.ments[k] < 0 {
			continue
		}
		switch sp.typ {
		case newsgraph.Person:
			x.personOfOrg(d, st, k)
			x.appositiveNationality(d, st, k)
			x.personIsRoleOf(d, st, k)
		case newsgraph.NORP, newsgraph.GPE:
			x.tradeOrg(d, st, k)
		case newsgraph.Org:
			x.orgInPlace(d, st, k)
			x.orgAppositiveTrade(d, st, k)
			x.memberStates(d, st, k)
		}
	}
	x.roleOfBodyName(d, st)
	for v := range st.Tokens {
		switch w := strings.ToLower(st.tok(v)); {
		case playVerbs[w] && st.tok(v+1) == "for":
			x.playsFor(d, st, v)
		case joinVerbs[w]:
			x.joined(d, st, v)
		}
	}
}

var (
	playVerbs = set("plays", "played", "playing", "play")
	joinVerbs = set("joined", "joins", "joining")
	// clubWords end sports clubs' names.
	clubWords = set("FC", "United", "City", "Athletic", "Rovers", "Wanderers", "Olympique", "Sporting", "Real")
)

// playsFor: "Guerrero plays for Hamburg": a player of the club.
func (x *Extractor) playsFor(d *doc, st *sent, v int) {
	s, neg, _, via := d.subject(st, v, 3, false, newsgraph.Person)
	if s < 0 || neg {
		return
	}
	b := st.spanAt(v + 2)
	if b < 0 || st.spans[b].s != v+2 || st.spans[b].typ != newsgraph.Org {
		return
	}
	d.rel(st, s, st.ments[b], newsgraph.MemberOf, "person-plays-for"+via, anaphorConf(0.8, via))
}

// joined: "Müntefering joined the SPD" (a member), "before joining VW"
// (an employee); a club, which takes players and coaches alike, is left
// alone.
func (x *Extractor) joined(d *doc, st *sent, v int) {
	s, neg, _, via := d.subject(st, v, 3, false, newsgraph.Person)
	if s < 0 || neg {
		return
	}
	i := v + 1
	if strings.EqualFold(st.tok(i), "the") {
		i++
	}
	b := st.spanAt(i)
	if b < 0 || st.spans[b].s != i || st.spans[b].typ != newsgraph.Org || st.ments[b] == s {
		return
	}
	toks := st.Tokens[st.spans[b].s:st.spans[b].e]
	if clubWords[toks[0].Text] || clubWords[toks[len(toks)-1].Text] || len(x.placesInName(toks)) > 0 {
		return
	}
	rel := newsgraph.WorksFor
	if partyLike(d.mentions[st.ments[b]].Canonical) {
		rel = newsgraph.MemberOf
	}
	d.rel(st, s, st.ments[b], rel, "person-joined-org"+via, anaphorConf(0.8, via))
}

// personOfOrg: "Chidi Odinkalu of the Nigerian Human Rights Commission",
// "Svetlana Novikova from the Tolstoy Museum" work for it; "Petra Pau (of
// the Left Party)" and "Michael Müller (SPD)" belong to the party. A club
// is left alone: its players are members, its coaches employees, and the
// phrase does not say which.
func (x *Extractor) personOfOrg(d *doc, st *sent, k int) {
	person := st.ments[k]
	i := st.spans[k].e
	paren := st.tok(i) == "("
	if paren {
		i++
	}
	rule := "person-of-org"
	switch strings.ToLower(st.tok(i)) {
	case "of", "from":
		i++
		if strings.EqualFold(st.tok(i), "the") {
			i++
		}
	default:
		if !paren {
			return
		}
		rule = "person-paren-org" // "Michael Müller (SPD)"
	}
	b := st.spanAt(i)
	if b >= 0 && st.spans[b].s == i && st.spans[b].typ == newsgraph.NORP {
		b = st.spanAt(st.spans[b].e) // "the Swedish Institute of ...", its demonym apart
		if b >= 0 {
			i = st.spans[b].s
		}
	}
	if b < 0 || st.spans[b].s != i || st.spans[b].typ != newsgraph.Org || st.ments[b] == person {
		return
	}
	if paren && st.tok(st.spans[b].e) != ")" {
		return
	}
	org := d.mentions[st.ments[b]].Canonical
	if name := st.Tokens[st.spans[b].s:st.spans[b].e]; len(x.placesInName(name)) > 0 || teamName(name) {
		return // "Guerrero of Hamburg", "Müller from Bayern Munich", "Smith of the Cardinals": a club
	}
	if isPossessiveTok(st, st.spans[b].e) {
		return // "Smith of the BBC's ...": the name goes on
	}
	switch {
	case partyLike(org):
		d.rel(st, person, st.ments[b], newsgraph.MemberOf, rule, 0.8)
	case rule == "person-of-org":
		d.rel(st, person, st.ments[b], newsgraph.WorksFor, rule, 0.8)
	}
}

// teamName reports a one-word plural name, as teams are named ("the
// Cardinals", "the Yankees").
func teamName(toks []Token) bool {
	if len(toks) != 1 {
		return false
	}
	w := []rune(toks[0].Text)
	return len(w) > 3 && w[len(w)-1] == 's' && unicode.IsLower(w[len(w)-2]) && w[len(w)-2] != 's'
}

// tradeNouns say what kind of business or body an organisation named
// after them is: "German carmaker Volkswagen", "the Gulf investment firm
// Dubai World".
var tradeNouns = set("carmaker", "carmakers", "automaker", "automakers", "company", "companies", "firm",
	"firms", "bank", "banks", "lender", "lenders", "insurer", "insurers", "manufacturer", "manufacturers",
	"maker", "makers", "conglomerate", "airline", "airlines", "carrier", "retailer", "retailers",
	"newspaper", "daily", "weekly", "magazine", "broadcaster", "broadcasters", "utility", "utilities",
	"giant", "giants", "operator", "producer", "producers", "publisher", "chain", "supplier", "group",
	"steelmaker", "chipmaker", "drugmaker", "brewer", "exporter", "importer", "bookmaker", "startup",
	"foundation", "university", "institute", "agency", "watchdog", "regulator")

// tradeOrg: "German carmaker Volkswagen", "German carmakers Volkswagen,
// Daimler and BMW", "the Athens newspaper To Vima": based in the
// demonym's country or the named place.
func (x *Extractor) tradeOrg(d *doc, st *sent, k int) {
	place := st.ments[k]
	c, m := "", -1
	switch st.spans[k].typ {
	case newsgraph.NORP:
		if c, m = x.country(d, st, k); c == "" {
			return
		}
		place = -1 // the country's mention, made once a fact needs it
	case newsgraph.GPE:
	default:
		return
	}
	i, trade := st.spans[k].e, false
	for n := 0; n < 3 && i < len(st.Tokens); n++ {
		t := st.Tokens[i]
		if t.Kind != Word || isCap(t) {
			break
		}
		trade = tradeNouns[strings.ToLower(t.Text)]
		i++
		if trade {
			break
		}
	}
	if !trade {
		return
	}
	if isQuote(st.tok(i)) {
		i++ // the Athens newspaper "To Vima"
	}
	b := st.spanAt(i)
	if b < 0 || st.spans[b].s != i || st.spans[b].typ != newsgraph.Org {
		return
	}
	if place < 0 {
		place = d.countryMention(m, c)
	}
	for _, o := range st.listFrom(b, newsgraph.Org) { // ", Daimler and BMW"
		if st.ments[o] != place {
			d.rel(st, st.ments[o], place, newsgraph.BasedIn, "trade-noun-org", 0.8)
		}
	}
}

// orgAppositiveTrade: "Tabcorp, Australia's largest bookmaker": based in
// the country the apposition names.
func (x *Extractor) orgAppositiveTrade(d *doc, st *sent, k int) {
	i := st.spans[k].e
	if st.tok(i) != "," {
		return
	}
	b := st.spanAt(i + 1)
	if b < 0 || st.spans[b].s != i+1 || st.spans[b].typ != newsgraph.GPE || !isPossessiveTok(st, st.spans[b].e) {
		return
	}
	for j := st.spans[b].e + 1; j <= st.spans[b].e+3 && j < len(st.Tokens); j++ {
		t := st.Tokens[j]
		if t.Kind != Word || isCap(t) {
			return
		}
		if tradeNouns[strings.ToLower(t.Text)] {
			if st.ments[b] != st.ments[k] {
				d.rel(st, st.ments[k], st.ments[b], newsgraph.BasedIn, "org-appositive-trade", 0.8)
			}
			return
		}
	}
}

// isQuote reports a quotation mark token.
func isQuote(t string) bool { return t == "\"" || t == "“" || t == "”" || t == "'" }

// orgInPlace: "the Federal Constitutional Court in Karlsruhe", "the US
// embassy in Abuja": an organisation placed by its article in a city or
// region is based there. Only after "the", where the phrase names the body
// ("Bayern beat Hamburg in Munich" places a match), and never in a country
// ("the Red Cross in Syria" is at work there, not based there).
func (x *Extractor) orgInPlace(d *doc, st *sent, k int) {
	sp := st.spans[k]
	if !strings.EqualFold(st.tok(sp.s-1), "the") || st.tok(sp.e) != "in" {
		return
	}
	p := st.spanAt(sp.e + 1)
	if p < 0 || st.spans[p].s != sp.e+1 || st.spans[p].typ != newsgraph.GPE && st.spans[p].typ != newsgraph.Loc {
		return
	}
	place := d.mentions[st.ments[p]].Canonical
	if pl, ok := x.lex.place(place); !ok || pl.kind == placeCountry {
		return
	}
	if e, ok := x.lex.names[place]; ok && e.IsCountry {
		return
	}
	if st.ments[p] != st.ments[k] {
		d.rel(st, st.ments[k], st.ments[p], newsgraph.BasedIn, "org-in-place", 0.8)
	}
}

// memberNouns follow "member" where a body's members are countries.
var memberNouns = set("state", "states", "country", "countries", "nation", "nations")

// memberStates: "EU member states-notably France and Belgium", "Of the 26
// other EU member states, only Romania and Spain", "NATO member Turkey":
// the countries named next are members of the body.
func (x *Extractor) memberStates(d *doc, st *sent, k int) {
	i := st.spans[k].e
	if !strings.EqualFold(st.tok(i), "member") {
		return
	}
	i++
	gap := 0
	if memberNouns[strings.ToLower(st.tok(i))] {
		i++
		gap = 4 // ", only", "-notably", "such as", "like"
	}
	for ; gap >= 0 && i < len(st.Tokens); gap, i = gap-1, i+1 {
		if b := st.spanAt(i); b >= 0 {
			break
		}
		if clauseBreaks[st.tok(i)] || st.Tokens[i].Kind == Word && isCap(st.Tokens[i]) {
			return
		}
	}
	b := st.spanAt(i)
	if b < 0 || st.spans[b].s != i || st.spans[b].typ != newsgraph.GPE {
		return
	}
	for _, o := range st.listFrom(b, newsgraph.GPE) {
		if e, ok := x.lex.names[d.mentions[st.ments[o]].Canonical]; !ok || !e.IsCountry {
			return
		}
		d.rel(st, st.ments[o], st.ments[k], newsgraph.MemberOf, "member-states", 0.8)
	}
}

// appositiveNationality: "Dustin Lance Black, the American screenwriter",
// "Conchita Wurst, Austrian winner of Eurovision", "his German tutor,
// Friedrich Roessl": the nationality an apposition gives.
func (x *Extractor) appositiveNationality(d *doc, st *sent, k int) {
	person := st.ments[k]
	describes := func(w string) bool { w = strings.ToLower(w); return occupations[w] || describedAs[w] || w == "winner" }
	// After the name.
	if i := st.spans[k].e; st.tok(i) == "," {
		i++
		if w := strings.ToLower(st.tok(i)); w == "the" || w == "a" || w == "an" {
			i++
		}
		if b := st.spanAt(i); b >= 0 && st.spans[b].s == i && st.spans[b].typ == newsgraph.NORP {
			for j := st.spans[b].e; j < st.spans[b].e+3 && j < len(st.Tokens); j++ {
				t := st.Tokens[j]
				if t.Kind != Word || isCap(t) {
					break
				}
				// An apposition closes where the description ends:
				// "X, the German star, won", not "X, the German star
				// could win".
				if next := strings.ToLower(st.tok(j + 1)); describes(t.Text) && (appositionEnds[next] || next == "") {
					if c, m := x.country(d, st, b); c != "" {
						d.rel(st, person, d.countryMention(m, c), newsgraph.CitizenOf, "appositive-nationality", 0.8)
					}
					break
				}
			}
		}
	}
	// Before the name: NORP [words] occupation, NAME.
	i := st.spans[k].s - 1
	if st.tok(i) != "," || !describes(st.tok(i-1)) {
		return
	}
	for j := i - 1; j >= i-3 && j >= 0; j-- {
		if b := st.spanEndingAt(j); b >= 0 {
			if st.spans[b].typ == newsgraph.NORP {
				if c, m := x.country(d, st, b); c != "" {
					d.rel(st, person, d.countryMention(m, c), newsgraph.CitizenOf, "appositive-nationality", 0.8)
				}
			}
			return
		}
		if j-1 < 0 || st.Tokens[j-1].Kind != Word {
			return
		}
	}
}

// appositionEnds may follow the noun that ends an apposition.
var appositionEnds = set(",", ".", "of", "and", "who", "from", "in", "at", "for", ")", "-", "–", "—")

// copulas link a person to the role that follows: "X had been CEO of Y".
var copulas = set("is", "was", "been", "became", "becomes", "remains", "remained")

// personIsRoleOf: "Elmer Funke Kupper had been CEO of the Australian
// Securities Exchange", "Smith, who is chairman of Z".
func (x *Extractor) personIsRoleOf(d *doc, st *sent, k int) {
	i := st.spans[k].e
	if st.tok(i) == "," && strings.EqualFold(st.tok(i+1), "who") {
		i += 2
	}
	if w := strings.ToLower(st.tok(i)); w == "had" || w == "has" || w == "have" {
		i++
	}
	if !copulas[strings.ToLower(st.tok(i))] {
		return
	}
	i++
	x.roleOfBody(d, st, i, st.ments[k], "person-is-role-of")
}

// roleOfBodyName: "the director of Moscow's Tolstoy Museum, Vitaly
// Remizov", "the mayor of Berlin, Michael Müller".
func (x *Extractor) roleOfBodyName(d *doc, st *sent) {
	for i := range st.Tokens {
		if st.roleWordAt(i) == "" || !strings.EqualFold(st.tok(i+1), "of") || i > 0 && st.spanAt(i-1) >= 0 {
			continue
		}
		if w := strings.ToLower(st.tok(i - 1)); w != "the" && !roleModifiers[w] {
			continue
		}
		end := x.bodyAfterOf(st, i+1)
		if end < 0 {
			continue
		}
		b := st.spanEndingAt(end)
		if st.tok(end) != "," {
			continue
		}
		p := st.spanAt(end + 1)
		if b < 0 || p < 0 || st.spans[p].s != end+1 || st.spans[p].typ != newsgraph.Person {
			continue
		}
		j := i
		for n := 0; n < 3 && (roleModifiers[strings.ToLower(st.tok(j-1))] || strings.EqualFold(st.tok(j-1), "the")); n++ {
			j-- // back to "the" of "the deputy director of ..."
		}
		x.roleOfBody(d, st, j, st.ments[p], "role-of-body-name")
	}
}

// bodyAfterOf returns the token after the body named by "of [the] BODY"
// (or "of PLACE's BODY") starting at the "of" at token i, or -1.
func (x *Extractor) bodyAfterOf(st *sent, i int) int {
	i++
	if strings.EqualFold(st.tok(i), "the") {
		i++
	}
	b := st.spanAt(i)
	if b < 0 || st.spans[b].s != i {
		return -1
	}
	e := st.spans[b].e
	if isPossessiveTok(st, e) {
		if o := st.spanAt(e + 1); o >= 0 && st.spans[o].s == e+1 && st.spans[o].typ == newsgraph.Org {
			return st.spans[o].e
		}
		return -1 // "of Bonn's foreign ministry": of something of Bonn's
	}
	return e
}

// roleOfBody relates person to the body of "[the|a] [modifiers] ROLE of
// [the] BODY" starting at token i.
func (x *Extractor) roleOfBody(d *doc, st *sent, i, person int, rule string) {
	definite := strings.EqualFold(st.tok(i), "the")
	if w := strings.ToLower(st.tok(i)); w == "the" || w == "a" || w == "an" {
		i++
	}
	modified := false
	for n := 0; n < 2 && roleModifiers[strings.ToLower(st.tok(i))] && st.roleWordAt(i+1) != ""; n++ {
		i, modified = i+1, true
	}
	rel := st.roleWordAt(i)
	if rel == "" || !strings.EqualFold(st.tok(i+1), "of") {
		return
	}
	if definite && !modified && strings.EqualFold(st.tok(i), "director") {
		rel = newsgraph.LeaderOf // "the director of the museum" runs it; "a director of" sits on its board
	}
	end := x.bodyAfterOf(st, i+1)
	if end < 0 {
		return
	}
	b := st.spanEndingAt(end)
	if m := x.bodyMention(d, st, b, rel); m >= 0 && m != person {
		x.roleRel(d, st, person, m, rel, rule, 0.8)
	}
}
