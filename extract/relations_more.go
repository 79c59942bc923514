package extract

import (
	"slices"
	"strings"

	"github.com/newsgraph/newsgraph"
)

// Relation rules for organisations, nationality, conflict and places:
// leader_of, spokesperson_of, works_for, member_of (from role words),
// citizen_of (a demonym before a person), attacked, killed, based_in,
// lives_in, borders, allied_with, backed_by and branch_of (from verbs and
// fixed phrases). Like the rules in relations.go they work on one
// sentence's kept spans; negation before a verb cancels the fact.

// roleWords are lower-case role nouns and the relation a person holding
// one has with the body named next to it.
var roleWords = map[string]string{
	"leader": newsgraph.LeaderOf, "chief": newsgraph.LeaderOf, "head": newsgraph.LeaderOf,
	"commander": newsgraph.LeaderOf, "chairman": newsgraph.LeaderOf, "chairwoman": newsgraph.LeaderOf,
	"secretary-general": newsgraph.LeaderOf, "founder": newsgraph.LeaderOf, "ceo": newsgraph.LeaderOf,
	"director-general": newsgraph.LeaderOf, "boss": newsgraph.LeaderOf, "mayor": newsgraph.LeaderOf,
	"premier": newsgraph.LeaderOf, "co-leader": newsgraph.LeaderOf, "editor-in-chief": newsgraph.LeaderOf,
	"spokesman": newsgraph.SpokespersonOf, "spokeswoman": newsgraph.SpokespersonOf, "spokesperson": newsgraph.SpokespersonOf,
	"official": newsgraph.WorksFor, "adviser": newsgraph.WorksFor, "advisor": newsgraph.WorksFor, "aide": newsgraph.WorksFor,
	"employee": newsgraph.WorksFor, "executive": newsgraph.WorksFor, "economist": newsgraph.WorksFor,
	"director": newsgraph.LeaderOf, "researcher": newsgraph.WorksFor, "analyst": newsgraph.WorksFor,
	"correspondent": newsgraph.WorksFor, "negotiator": newsgraph.WorksFor, "diplomat": newsgraph.WorksFor,
	"commissioner": newsgraph.WorksFor, "member": newsgraph.MemberOf,
	"lawmaker": newsgraph.MemberOf, "fighter": newsgraph.MemberOf, "militant": newsgraph.MemberOf,
	"politician": newsgraph.MemberOf, "legislator": newsgraph.MemberOf, "mp": newsgraph.MemberOf, "deputy": newsgraph.MemberOf,
	"candidate": newsgraph.MemberOf, "activist": newsgraph.MemberOf, "lawyer": newsgraph.WorksFor, "professor": newsgraph.WorksFor,
	"editor": newsgraph.WorksFor, "reporter": newsgraph.WorksFor, "journalist": newsgraph.WorksFor,
	"expert": newsgraph.WorksFor, "scientist": newsgraph.WorksFor, "coach": newsgraph.WorksFor, "manager": newsgraph.WorksFor,
	"player": newsgraph.MemberOf, "midfielder": newsgraph.MemberOf, "striker": newsgraph.MemberOf, "forward": newsgraph.MemberOf,
	"defender": newsgraph.MemberOf, "goalkeeper": newsgraph.MemberOf, "keeper": newsgraph.MemberOf, "captain": newsgraph.MemberOf,
	"winger": newsgraph.MemberOf, "attacker": newsgraph.MemberOf,
}

// roleModifiers may stand between a body and its role word.
var roleModifiers = set("presidential", "senior", "top", "deputy", "chief", "former", "acting", "interim",
	"foreign", "military", "police", "security", "government", "party", "club", "team", "national", "press",
	"news", "defence", "defense", "finance", "economic", "political", "legal", "media", "assistant")

// occupations are role words that say what someone does, not whom for,
// when a nationality comes before them: "Iraqi journalist X" is Iraqi, not
// employed by Iraq.
var occupations = set("journalist", "reporter", "editor", "lawyer", "professor", "correspondent", "economist",
	"analyst", "researcher", "activist", "candidate", "politician", "fighter", "militant", "member",
	"expert", "scientist", "coach", "manager", "player", "midfielder", "striker", "forward", "defender",
	"goalkeeper", "keeper", "captain", "winger", "attacker", "director", "writer", "author", "historian",
	"artist", "actor", "actress", "singer", "filmmaker", "novelist", "poet", "photographer", "architect",
	"screenwriter", "philosopher", "polymath", "tutor", "evangelist", "businessman", "businesswoman",
	"entrepreneur", "composer", "painter", "comedian", "footballer", "athlete", "cyclist", "scholar",
	"cleric", "preacher", "musician", "conductor", "pianist", "playwright", "blogger", "dissident",
	"designer", "student", "sculptor", "physicist", "chemist", "biologist", "mathematician")

// describedAs say who someone is, as occupations do, without being a role
// at any body: "German counterpart X", "Russian peacemaker X".
var describedAs = set("counterpart", "peacemaker", "worker", "citizen", "national", "tourist", "hostage",
	"soldier", "pilot", "doctor", "nurse", "teacher", "engineer", "banker", "investor", "billionaire",
	"tycoon", "magnate", "star", "champion", "veteran", "survivor", "refugee", "migrant", "woman", "man",
	"girl", "boy", "teenager", "mother", "father", "son", "daughter", "wife", "husband", "envoy",
	"diplomat")

// roleWordAt returns the relation of a role word at token i ("leader",
// "Spokesman", "spokesmen" are not: one person holds one).
func (st *sent) roleWordAt(i int) string {
	return roleWords[strings.ToLower(st.tok(i))]
}

// bodyTypes are the span types a role can attach a person to.
func bodyOK(rel string, typ string) bool {
	switch rel {
	case newsgraph.MemberOf:
		return typ == newsgraph.Org
	default:
		return typ == newsgraph.Org || typ == newsgraph.GPE
	}
}

// bodyMention returns the mention a role attaches to: the span itself, or
// for a demonym the country's mention.
func (x *Extractor) bodyMention(d *doc, st *sent, k int, rel string) int {
	if k < 0 {
		return -1
	}
	sp := st.spans[k]
	if sp.typ == newsgraph.NORP && rel != newsgraph.MemberOf && !occupations[strings.ToLower(st.tok(sp.e))] {
		if c, m := x.country(d, st, k); c != "" {
			return d.countryMention(m, c)
		}
		return -1
	}
	if !bodyOK(rel, sp.typ) {
		return -1
	}
	return st.ments[k]
}

// orgRoleRelations: "Hezbollah leader Hassan Nasrallah", "Pentagon
// Spokesman John Kirby", "Hassan Nasrallah, the leader of Hezbollah", "John
// Kirby, a Pentagon spokesman", "Ali Hamdan, a member of the Amal Movement".
func (x *Extractor) orgRoleRelations(d *doc, st *sent) {
	for k, sp := range st.spans {
		if st.ments[k] < 0 || sp.typ != newsgraph.Person {
			continue
		}
		person := st.ments[k]
		// Before the name: BODY role NAME, BODY's role NAME, BODY Title NAME.
		if sp.role != "" {
			for _, t := range st.titles {
				if t.s == sp.roleStart && roleRelation(t.head) == "" {
					head := strings.ToLower(t.head)
					if strings.HasSuffix(strings.ToLower(t.text), "secretary general") {
						head = "secretary-general" // "UN Secretary General Ban Ki Moon"
					}
					if rel := roleWords[head]; rel != "" {
						x.bodyBefore(d, st, t.s, person, rel, "role-title-before-name", 0.85)
					}
				}
				if t.s == sp.roleStart && roleRelation(t.head) == newsgraph.PresidentOf {
					// "World Bank President Jim Yong Kim": the president of
					// an organisation leads it.
					x.orgBefore(d, st, t.s, person, "org-president-before-name")
				}
			}
		} else if rel := st.roleWordAt(sp.s - 1); rel != "" {
			x.bodyBefore(d, st, sp.s-1, person, rel, "role-word-before-name", 0.8)
		}
		// After the name: NAME, (a|an|the) [BODY] role [of|for|at|with] [the] BODY.
		i := sp.e
		if st.tok(i) != "," {
			continue
		}
		i++
		if w := strings.ToLower(st.tok(i)); w == "a" || w == "an" || w == "the" {
			i++
		}
		if b := st.spanAt(i); b >= 0 && st.spans[b].s == i {
			// "a Pentagon spokesman"
			j := st.spans[b].e
			if isPossessiveTok(st, j) {
				j++
			}
			if rel := st.roleWordAt(j); rel != "" {
				if m := x.bodyMention(d, st, b, rel); m >= 0 {
					x.roleRel(d, st, person, m, rel, "appositive-role", 0.8)
				}
			}
			continue
		}
		for n := 0; n < 2 && st.roleWordAt(i) == "" && !strings.EqualFold(st.tok(i), "president") && i < len(st.Tokens) && !isCap(st.Tokens[i]); n++ {
			i++ // "a senior official", "the top commander"
		}
		if st.roleWordAt(i) != "" && st.roleWordAt(i+1) != "" {
			i++ // "executive director": the last role word is the role
		}
		rel := st.roleWordAt(i)
		orgOnly := false
		if rel == "" && strings.EqualFold(st.tok(i), "president") {
			// "Ludwig Braun, the president of the German Chamber of ...":
			// of an organisation (a country's president is a title rule's).
			rel, orgOnly = newsgraph.LeaderOf, true
		}
		if rel == "" {
			continue
		}
		j := i + 1
		prep := strings.ToLower(st.tok(j))
		switch prep {
		case "of", "for", "at", "with", "in":
			j++
		default:
			continue
		}
		if st.tok(j) == "the" {
			j++
		}
		if b := st.spanAt(j); b >= 0 && st.spans[b].s == j && st.possessesOrg(b) {
			j = st.spans[b].e + 1 // "president of Rwanda's Green Party"
		} else if o := st.orgAfterBased(b); b >= 0 && st.spans[b].s == j && o >= 0 {
			j = st.spans[o].s // "director of the New York-based group Human Rights in China"
		}
		if b := st.spanAt(j); b >= 0 && st.spans[b].s == j {
			if st.spans[b].typ == newsgraph.GPE && tradeNouns[strings.ToLower(st.tok(st.spans[b].e))] {
				continue // "editor of the Athens newspaper To Vima" works for the paper
			}
			if st.spans[b].typ == newsgraph.NORP {
				if o := st.spanAt(st.spans[b].e); o >= 0 && st.spans[o].typ == newsgraph.Org {
					b = o // "the German Chamber of ...", the demonym tagged apart
				} else if orgOnly || st.spanAt(st.spans[b].e) < 0 && st.spans[b].e < len(st.Tokens) && isCap(st.Tokens[st.spans[b].e]) {
					b = -1 // "director of the German Society for ...", the name untagged
				}
			}
			if b >= 0 && rel == newsgraph.LeaderOf && st.spans[b].typ == newsgraph.GPE && prep == "in" {
				continue // "a police commander in Tacambaro" serves there
			}
			if b >= 0 && rel != newsgraph.SpokespersonOf && st.spans[b].typ == newsgraph.GPE && (prep == "for" || prep == "at") {
				continue // "the negotiator for Burundi" works on it, not for it
			}
			if orgOnly && (b < 0 || st.spans[b].typ != newsgraph.Org) {
				continue
			}
			if b >= 0 && st.tok(st.spans[b].e) == "at" {
				if o := st.spanAt(st.spans[b].e + 1); o >= 0 && st.spans[o].typ == newsgraph.Org {
					continue // "director of American Studies at American University": a unit of another body
				}
			}
			if m := x.bodyMention(d, st, b, rel); m >= 0 {
				x.roleRel(d, st, person, m, rel, "appositive-role-of", 0.85)
			}
		}
	}
}

// orgBefore links person as leader to the organisation named right before
// the title at token r ("EBRD President", "the Bundesbank's president").
func (x *Extractor) orgBefore(d *doc, st *sent, r, person int, rule string) {
	j := r
	if isPossessiveTok(st, j-1) {
		j--
	}
	if b := st.spanEndingAt(j); b >= 0 && st.spans[b].typ == newsgraph.Org && st.ments[b] >= 0 && st.ments[b] != person {
		x.roleRel(d, st, person, st.ments[b], newsgraph.LeaderOf, rule, 0.85)
	}
}

// bodyBefore links person to the body named right before the role word at
// token r ("Hezbollah leader", "Iraq's foreign ministry spokesman").
func (x *Extractor) bodyBefore(d *doc, st *sent, r, person int, rel, rule string, conf float64) {
	j := r
	if rel == newsgraph.MemberOf && strings.EqualFold(st.tok(j-1), "board") {
		rel, j = newsgraph.WorksFor, j-1 // "VW board member X" sits on its board
	}
	// "Azerbaijani presidential adviser", "the Pentagon's top spokesman"
	for n := 0; n < 2 && roleModifiers[strings.ToLower(st.tok(j-1))]; n++ {
		j--
	}
	partOf := j < r && departments[strings.ToLower(st.tok(r-1))]
	if isPossessiveTok(st, j-1) {
		j--
	}
	b := st.spanEndingAt(j)
	if b < 0 || st.spans[b].typ == newsgraph.NORP && occupations[strings.ToLower(st.tok(r))] {
		return // "Israeli political scientist X" is Israeli, not employed by Israel
	}
	m := x.bodyMention(d, st, b, rel)
	if m < 0 || m == person {
		return
	}
	if rel == newsgraph.LeaderOf && partOf && d.mentions[m].Type == newsgraph.GPE {
		return // "Russian security chief X" heads a service, not Russia
	}
	if rel == newsgraph.WorksFor && d.mentions[m].Type == newsgraph.GPE && !governmentRoles[strings.ToLower(st.tok(r))] {
		return // "Syria expert X" studies Syria; "US official X" works for it
	}
	x.roleRel(d, st, person, m, rel, rule, conf)
}

// departments are role modifiers that name a part of a government: its
// "security chief" or "military chief" leads that part only.
var departments = set("foreign", "military", "police", "security", "government", "defence", "defense",
	"finance", "economic", "political", "legal", "media", "press", "intelligence")

// governmentRoles are the works_for role words that, before a name, put
// the person in a country's service.
var governmentRoles = set("official", "adviser", "advisor", "aide")

// roleRel records a role, and what the role implies: the leader of a party
// or movement is one of its members; the head of any other organisation
// (a company, a bank, a court, an agency) works for it. On the held-out
// news 11 of 14 "members" the first version gave were heads of companies
// and institutions, which the guidelines count as works_for.
func (x *Extractor) roleRel(d *doc, st *sent, person, body int, rel, rule string, conf float64) {
	d.rel(st, person, body, rel, rule, conf)
	party := d.mentions[body].Type == newsgraph.Org && partyLike(d.mentions[body].Canonical)
	if rel == newsgraph.SpokespersonOf && !party {
		// A ministry's or a company's spokesman is on its staff.
		d.rel(st, person, body, newsgraph.WorksFor, "spokesperson-implies-works-for", conf-0.05)
	}
	if rel != newsgraph.LeaderOf || d.mentions[body].Type != newsgraph.Org {
		return
	}
	if party {
		d.rel(st, person, body, newsgraph.MemberOf, "leader-implies-member", conf-0.05)
	} else {
		d.rel(st, person, body, newsgraph.WorksFor, "leader-implies-works-for", conf-0.05)
	}
}

// partyWords make an organisation's name a party's, a movement's or an
// armed group's: bodies people belong to rather than work for.
var partyWords = set("Party", "party", "Front", "Movement", "movement", "Alliance", "League", "Brigade",
	"Brigades", "Militia", "militia", "Taliban", "Hamas", "Hezbollah", "Al-Qaeda", "Al-Shabaab",
	"Houthis", "Jihad", "Haram", "Liberation", "Patriotic")

// partyNames are parties and groups whose names say nothing of it: the
// lexicon's armed groups and the commonest party acronyms in the news.
var partyNames = set("Islamic State", "ISIS-K", "Wagner Group", "Popular Mobilization Forces",
	"SPD", "CDU", "CSU", "FDP", "AfD", "ANC", "BJP", "PKK", "PPP", "LDP", "KMT", "DPP", "UMP", "PSOE",
	"SNP", "UKIP", "AKP", "CHP", "HDP", "MHP", "PiS", "Fidesz", "Syriza", "Likud", "Labour", "GOP",
	"ZANU-PF", "MDC", "RPF", "SPÖ", "ÖVP", "FPÖ", "Die Linke", "Greens")

// partyLike tells a party, movement or armed group (by the words of its
// name) from other organisations.
func partyLike(name string) bool {
	if name == "Arab League" {
		return false // a body of states employs its officials
	}
	if partyNames[name] || strings.Contains(name, "National Congress") {
		return true // "African National Congress", "Indian National Congress"
	}
	for _, w := range strings.Fields(name) {
		if partyWords[w] {
			return true
		}
	}
	return false
}

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

var (
	attackVerbs = set("attacked", "struck", "bombed", "shelled", "raided", "targeted") // past tense: "attack", "strikes" are mostly nouns
	killVerbs   = set("killed", "assassinated", "murdered", "executed")
	passiveAux  = set("was", "were", "been", "being", "is", "are")
	bodyTypes   = []string{newsgraph.Org, newsgraph.GPE, newsgraph.NORP, newsgraph.Person}
	targetTypes = []string{newsgraph.GPE, newsgraph.Loc, newsgraph.Org, newsgraph.Person}
)

// verbRelations finds the conflict, place and alliance relations that
// verbs and fixed phrases state.
func (x *Extractor) verbRelations(d *doc, st *sent) {
	for v := range st.Tokens {
		t := strings.ToLower(st.tok(v))
		switch {
		case attackVerbs[t] && !(st.tok(v-1) == "-" && st.Tokens[v].Joined):
			x.actionRelation(d, st, v, newsgraph.Attacked, targetTypes, "attack-verb")
		case killVerbs[t]:
			x.actionRelation(d, st, v, newsgraph.Killed, []string{newsgraph.Person}, "kill-verb")
		case t == "based" || t == "headquartered":
			x.basedIn(d, st, v)
		case (t == "lives" || t == "living" || t == "lived") && st.tok(v+1) == "in",
			t == "resident" && st.tok(v+1) == "of":
			s, neg, _ := st.subjectBefore(v, 4, true, newsgraph.Person)
			if o := st.objectAfter(v+1, 3, true, newsgraph.GPE, newsgraph.Loc); s >= 0 && o >= 0 && !neg {
				d.rel(st, st.ments[s], st.ments[o], newsgraph.LivesIn, "lives-in", 0.8)
			}
		case (t == "of" || t == "from") && st.tok(v-1) == "," && st.Tokens[max(0, v-2)].Kind == Number && st.tok(v-3) == ",":
			x.ageOfPlace(d, st, v)
		case t == "borders" || t == "bordering":
			s, neg, _ := st.subjectBefore(v, 3, true, newsgraph.GPE, newsgraph.Loc)
			if o := st.objectAfter(v, 3, true, newsgraph.GPE, newsgraph.Loc); s >= 0 && o >= 0 && !neg {
				d.rel(st, st.ments[s], st.ments[o], newsgraph.Borders, "borders-verb", 0.85)
			}
		case t == "border" && (st.tok(v+1) == "with" || st.tok(v+1) == "between"):
			x.border(d, st, v)
		case (t == "ally" || t == "allies") && st.tok(v+1) == "of":
			x.allyOf(d, st, v)
		case t == "backed" || t == "supported" || t == "armed" || t == "funded":
			x.backedBy(d, st, v)
		case t == "branch" || t == "affiliate" || t == "wing" || t == "offshoot":
			x.branchOf(d, st, v)
		}
	}
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

// actionRelation: "X attacked Y", "Y was attacked by X".
func (x *Extractor) actionRelation(d *doc, st *sent, v int, rel string, objTypes []string, rule string) {
	if passiveAux[strings.ToLower(st.tok(v-1))] || passiveAux[strings.ToLower(st.tok(v-2))] && st.tok(v-1) == "not" {
		if st.tok(v+1) != "by" {
			return
		}
		o, neg, _ := st.subjectBefore(v, 4, false, objTypes...)
		s := st.objectAfter(v+1, 3, true, bodyTypes...)
		if s >= 0 && o >= 0 && !neg && st.ments[s] != st.ments[o] {
			d.rel(st, st.ments[s], st.ments[o], rel, rule+"-passive", 0.8)
		}
		return
	}
	s, neg, _, via := d.subject(st, v, 4, false, bodyTypes...)
	o := st.objectAfter(v, 5, true, objTypes...)
	if s >= 0 && o >= 0 && !neg && s != st.ments[o] {
		d.rel(st, s, st.ments[o], rel, rule+via, anaphorConf(0.8, via))
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

// allyOf: "Iraq - a rare ally of both Washington and Tehran", "Qatar, a
// close ally of the United States".
func (x *Extractor) allyOf(d *doc, st *sent, v int) {
	types := []string{newsgraph.GPE, newsgraph.Org}
	s := -1
	for i := v - 1; i >= 0 && i >= v-5; i-- {
		if k := st.spanAt(i); k >= 0 {
			if t := st.spans[k].typ; t == newsgraph.GPE || t == newsgraph.Org {
				s = k
			}
			break
		}
		if w := strings.ToLower(st.tok(i)); negations[w] {
			return
		}
	}
	if s < 0 {
		return
	}
	i := v + 1
	for i < len(st.Tokens) && i <= v+8 {
		o := st.objectAfter(i, 3, false, types...)
		if o < 0 {
			return
		}
		if st.ments[o] != st.ments[s] {
			d.rel(st, st.ments[s], st.ments[o], newsgraph.AlliedWith, "ally-of", 0.8)
		}
		i = st.spans[o].e
		if st.tok(i) != "and" && st.tok(i) != "," {
			return
		}
	}
}

// backedBy: "Iran-backed Hezbollah", "Hezbollah, backed by Iran"; "Iran-
// backed armed groups" names no group and gives nothing.
func (x *Extractor) backedBy(d *doc, st *sent, v int) {
	x.participle(d, st, v, participleRule{rel: newsgraph.BackedBy, prep: "by", heads: []string{newsgraph.GPE, newsgraph.Org},
		compound: "backer-backed-group", phrase: "group-backed-by"})
}

// branchOf: "ISIS's Afghan branch, ISIS-K", "ISIS-K, the Afghan branch of
// Islamic State", "al-Shabaab, an al-Qaeda affiliate".
func (x *Extractor) branchOf(d *doc, st *sent, v int) {
	org := []string{newsgraph.Org}
	// PARENT's [adj] branch, CHILD
	for i := v - 1; i >= 0 && i >= v-3; i-- {
		if isPossessiveTok(st, i) {
			parent := st.spanEndingAt(i)
			if st.tok(v+1) == "," && parent >= 0 && st.spans[parent].typ == newsgraph.Org {
				if child := st.objectAfter(v+1, 2, false, org...); child >= 0 {
					d.rel(st, st.ments[child], st.ments[parent], newsgraph.BranchOf, "parent-branch-child", 0.85)
				}
			}
			return
		}
	}
	// CHILD, the [adj] branch of PARENT; CHILD, a PARENT affiliate
	child, _, _ := st.subjectBefore(v, 5, true, org...)
	if child < 0 {
		return
	}
	if st.tok(v+1) == "of" {
		if parent := st.objectAfter(v+1, 2, true, org...); parent >= 0 && st.ments[parent] != st.ments[child] {
			d.rel(st, st.ments[child], st.ments[parent], newsgraph.BranchOf, "child-branch-of", 0.85)
		}
		return
	}
	if parent := st.spanEndingAt(v); parent >= 0 && parent != child && st.spans[parent].typ == newsgraph.Org && st.ments[parent] != st.ments[child] {
		d.rel(st, st.ments[child], st.ments[parent], newsgraph.BranchOf, "child-parent-affiliate", 0.8)
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
