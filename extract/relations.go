package extract

import (
	"slices"
	"sort"
	"strings"

	"github.com/newsgraph/newsgraph"
)

// Relation rules. Each works on one sentence's spans and titles and emits
// relations with the name of the rule and a confidence that reflects how
// often the rule is right: explicit patterns high, fallbacks lower.

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

func isPossessiveTok(st *sent, i int) bool {
	return i >= 0 && i < len(st.Tokens) && isPossessive(st.Tokens[i])
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

var (
	meetVerbs  = set("meet", "meets", "met", "meeting", "hosted", "hosts", "host", "received", "receives")
	visitVerbs = set("visit", "visits", "visited", "visiting", "toured", "tours")
	// travelVerbs take the person to the place named after their
	// preposition: "arrived in Paris", "flew to Kyiv".
	travelVerbs = map[string]string{"arrived": "in", "arrives": "in", "arriving": "in", "arrive": "in",
		"travelled": "to", "traveled": "to", "travels": "to", "traveling": "to", "travelling": "to", "travel": "to",
		"flew": "to", "flies": "to", "fly": "to", "crossed": "into", "went": "to", "headed": "to"}
	moveVerbs    = set("moved", "moves", "relocated", "emigrated")
	negations    = set("not", "n't", "never", "no", "didn't", "won't", "cannot", "refused", "declined")
	planCues     = set("due", "will", "plans", "planned", "expected", "scheduled", "set", "to", "would")
	attackNouns  = set("attack", "attacks", "bombing", "bombings", "strike", "strikes", "shooting", "assault", "explosion", "blast", "massacre", "ambush", "raid", "killing", "killings")
	clauseBreaks = set(";", ":", "\"", "“", "”")
	// clauseWords start a new clause: an object is not looked for past them.
	clauseWords = set("after", "before", "and", "but", "where", "when", "while", "said", "says", "which", "who", "because")
)

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

// claimedAttack: "ISIS-K claimed responsibility for Friday's deadly attack
// at a rock concert near Moscow"; "it claimed responsibility for a twin
// suicide bombing in Iran".
func (x *Extractor) claimedAttack(d *doc, st *sent, v int) {
	s, neg, _ := st.subjectBefore(v, 3, true, newsgraph.Org)
	subj, conf, rule := -1, 0.85, "group-claimed-attack"
	if s >= 0 {
		subj = st.ments[s]
	} else if p := strings.ToLower(st.tok(v - 1)); (p == "it" || p == "group") && !neg {
		// The group named last, in this sentence or the one before.
		subj = d.lastOrgBefore(st.Tokens[v].Start)
		conf, rule = 0.6, "pronoun-claimed-attack"
	}
	if subj < 0 || neg {
		return
	}
	for i := v + 2; i < len(st.Tokens) && i <= v+12; i++ {
		if !attackNouns[st.tok(i)] {
			continue
		}
		if o := st.objectAfter(i, 10, false, newsgraph.GPE, newsgraph.Loc); o >= 0 {
			d.rel(st, subj, st.ments[o], newsgraph.ClaimedAttack, rule, conf)
		}
		return
	}
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
