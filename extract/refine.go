package extract

import (
	"strings"

	"github.com/newsgraph/newsgraph"
)

// mergeTagged makes the tagger's spans the sentence's mentions, with the
// rules and lexicons as the final layer:
//   - a title at the start of a tagged span is cut off and kept as the
//     person's role ("Caretaker Prime Minister Najib Mikati");
//   - a name the lexicon knows for certain (a country, a demonym, a known
//     organisation or group) wins over tagged spans it overlaps, unless a
//     longer tagged name contains it ("Bank of England");
//   - other lexicon names (cities, regions) are added where the tagger found
//     nothing;
//   - the tagger's coarse types are refined into the project's (refineType).
func (x *Extractor) mergeTagged(toks []Token, tagged []tagSpan, hints *docHints, rules []span, titles []titleChunk) ([]span, []titleChunk) {
	var out []span
	for _, tg := range tagged {
		s, e := tg.s, tg.e
		// A dash with spaces around it separates phrases, never joins a
		// name: "Washington and Tehran - off Iranian power".
		dashCut := false
		for k := s + 1; k < e; k++ {
			if isDash(toks[k].Text) && !toks[k].Joined {
				e, dashCut = k, true
				break
			}
		}
		person := taggerType(x.tagger.types[tg.typ]) == newsgraph.Person
		// A name (not a person's: "John Major") ending in a title is the
		// title's country or body: "US Ambassador", "Iraqi Prime Minister".
		for k := s + 1; k < e && !person; k++ {
			if titleAt(toks, k, e) == e-k {
				titles = addTitle(titles, toks, k, e)
				e = k
				break
			}
		}
		// "Beirut-based Al-Manar": the place is its own name, the rest an
		// organisation.
		cut := false
		for k := s; k+1 < e; k++ {
			if toks[k].Text == "-" && toks[k+1].Joined && compoundWords[strings.ToLower(toks[k+1].Text)] {
				s, cut = k+2, true
			}
		}
		if s >= e {
			continue
		}
		// "Photographer Thaier Al-Sudani": an occupation opening a sentence
		// is not part of the name.
		for person && e-s > 1 && personNouns[strings.ToLower(toks[s].Text)] {
			s++
		}
		role, roleStart := "", -1
		if n := titleAt(toks, s, e); n > 0 && person {
			if n >= e-s {
				if s > 0 && strings.EqualFold(toks[s-1].Text, "the") || isTitleOnly(toks[s:e]) {
					continue // a title alone names nobody: "the King", "Prime Minister"
				}
				n = 0 // a surname that is also a title word: "King said"
			}
			if n > 0 {
				role, roleStart = lexKey(toks[s:s+n]), s
				titles = addTitle(titles, toks, s, s+n)
				s += n
			}
		}
		sp := span{s: s, e: e, canonical: lexKey(toks[s:e]), role: role, roleStart: roleStart}
		if le, n := x.lex.match(toks, s); n == e-s {
			sp.lex = heapEntry(le)
		}
		for _, r := range rules {
			if r.s == s && r.e == e && r.role != "" && sp.role == "" {
				sp.role, sp.roleStart = r.role, r.roleStart
			}
		}
		if person && sp.role == "" {
			sp.role, sp.roleStart, titles = titleBefore(toks, s, titles)
		}
		sp.typ = x.refineType(toks, sp, x.tagger.types[tg.typ])
		switch {
		case dashCut && sp.lex != nil:
			sp.typ = sp.lex.Type // the tagger typed the longer phrase
		case cut && sp.typ == newsgraph.Misc:
			sp.typ = newsgraph.Org
		case sp.lex == nil && (sp.typ == newsgraph.NORP || sp.typ == newsgraph.Misc) && e < len(toks) && mediaNouns[strings.ToLower(toks[e].Text)]:
			// "Britain's Guardian newspaper": a name the lexicon does not
			// know as a nationality ("the German magazine"), before a word
			// for a paper, is the paper's.
			sp.typ = newsgraph.Org
		case sp.lex == nil && sp.typ != newsgraph.Person && s > 0 && personNouns[strings.ToLower(toks[s-1].Text)] && keywordType(toks[s:e]) == "":
			// "Reuters correspondent Timour Azhari", "the singer Fairuz"
			sp.typ = newsgraph.Person
		}
		if sp.lex != nil && sp.lex.Type == sp.typ {
			sp.canonical = sp.lex.Canonical
		} else if p, ok := x.lex.geo[sp.canonical]; ok && p.kind == placeState && sp.typ == newsgraph.GPE {
			sp.canonical = p.name // "Conn." is Connecticut
		}
		out = append(out, sp)
	}
	caps := capsLine(toks)
	headline := isHeadline(toks) && !caps
	for k := range out {
		out[k].headline = headline || caps
		// Title-case headlines capitalise every word: there a tagged word
		// the article also writes in lower case ("State of War") counts
		// only if it names a person the article names in full
		// (resolvePeople decides).
		if o := &out[k]; headline && o.lex == nil && o.e-o.s == 1 && hints.lowered[strings.ToLower(toks[o.s].Text)] {
			o.pending = true
		}
	}
	for _, r := range rules {
		if r.lex == nil {
			if numbered(toks, r) {
				out = replaceOverlapping(out, r)
			}
			continue
		}
		contained, overlaps := false, false
		for _, o := range out {
			if o.s < r.e && r.s < o.e {
				overlaps = true
				if o.s <= r.s && r.e <= o.e && o.e-o.s > r.e-r.s && !hyphenPart(toks, r, o) {
					contained = true
				}
			}
		}
		switch {
		case contained:
		case certain(r.lex):
			out = replaceOverlapping(out, r)
		case !overlaps:
			out = insertSpan(out, r)
		}
	}
	return out, titles
}

// titleBefore finds a title right before a name the tagger found without
// one ("When US President Barack Obama", "former US president Jimmy
// Carter") and records it.
func titleBefore(toks []Token, s int, titles []titleChunk) (string, int, []titleChunk) {
	for k := max(0, s-4); k < s; k++ {
		if n := titleAt(toks, k, s); n > 0 && n == s-k {
			return lexKey(toks[k:s]), k, addTitle(titles, toks, k, s)
		}
		if n := lowerTitleAt(toks, k); n > 0 && k+n == s {
			text := lexKey(toks[k:s])
			for _, t := range titles {
				if t.s == k && t.e == s {
					return text, k, titles
				}
			}
			return text, k, append(titles, titleChunk{s: k, e: s, text: text, head: lowerTitle(strings.ToLower(text))})
		}
	}
	return "", -1, titles
}

// abbreviationsInParentheses: an organisation's abbreviation in
// parentheses right after its name, "the Union of Democratic Forces (SDS)",
// is a mention of the same organisation.
func abbreviationsInParentheses(toks []Token, spans []span) []span {
	for k := 0; k < len(spans); k++ {
		sp := spans[k]
		i := sp.e
		if sp.typ != newsgraph.Org || i+2 >= len(toks) || toks[i].Text != "(" || toks[i+2].Text != ")" || !isAbbreviation(toks[i+1].Text) {
			continue
		}
		if k+1 < len(spans) && spans[k+1].s <= i+1 {
			if n := &spans[k+1]; n.s == i+1 && n.e == i+2 && n.typ == newsgraph.Org {
				n.canonical = sp.canonical // tagged already: name it after the organisation
			}
			continue
		}
		spans = insertSpan(spans, span{s: i + 1, e: i + 2, typ: newsgraph.Org, canonical: sp.canonical})
	}
	return spans
}

// isAbbreviation reports a word of two to eight capitals, digits or
// hyphens, starting with a capital: "SDS", "G7".
func isAbbreviation(w string) bool {
	if len(w) < 2 || len(w) > 8 || w[0] < 'A' || w[0] > 'Z' {
		return false
	}
	for i := 1; i < len(w); i++ {
		if c := w[i]; !(c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-') {
			return false
		}
	}
	return true
}

// certain reports lexicon entries that override the tagger: countries,
// demonyms and known organisations. Cities and regions do not, since many
// share their names with people and teams ("Washington", "Milan").
func certain(e *lexEntry) bool {
	return e.IsCountry || e.Type == newsgraph.NORP || e.Type == newsgraph.Org
}

// replaceOverlapping puts r in place of the spans it overlaps.
func replaceOverlapping(spans []span, r span) []span {
	kept := spans[:0]
	for _, o := range spans {
		if !(o.s < r.e && r.s < o.e) {
			kept = append(kept, o)
		}
	}
	return insertSpan(kept, r)
}

// hyphenPart reports a lexicon name r joined by a hyphen to the rest of the
// tagged span o: "US-led", "US-Iraq". The name stands on its own there.
func hyphenPart(toks []Token, r, o span) bool {
	return r.e < o.e && toks[r.e].Text == "-" && toks[r.e].Joined ||
		r.s > o.s && toks[r.s].Joined && toks[r.s-1].Text == "-"
}

// numbered reports a rule name that ends in a number after a name word
// ("UN Resolution 1701"), which taggers trained on CoNLL cut short.
func numbered(toks []Token, r span) bool {
	return r.typ != "" && !r.pending && r.e-r.s >= 2 && toks[r.e-1].Kind == Number && miscWords[toks[r.e-2].Text]
}

// isTitleOnly reports a run of several title words ("Prime Minister") or
// one that is never a surname.
func isTitleOnly(toks []Token) bool {
	return len(toks) > 1 || !surnameTitles[toks[0].Text]
}

// surnameTitles are title words that are also common surnames.
var surnameTitles = set("King", "Major", "General", "Chancellor", "Judge", "Bishop", "Marshal", "Speaker", "Leader", "Chief", "Prince", "Queen")

func insertSpan(spans []span, sp span) []span {
	i := 0
	for i < len(spans) && spans[i].s < sp.s {
		i++
	}
	spans = append(spans, span{})
	copy(spans[i+1:], spans[i:])
	spans[i] = sp
	return spans
}

func addTitle(titles []titleChunk, toks []Token, s, e int) []titleChunk {
	for _, t := range titles {
		if t.s == s && t.e == e {
			return titles
		}
	}
	var words []string
	for k := s; k < e; k++ {
		if toks[k].Kind == Word {
			words = append(words, toks[k].Text)
		}
	}
	if len(words) == 0 {
		return titles
	}
	return append(titles, titleChunk{s: s, e: e, text: lexKey(toks[s:e]), head: headOf(words)})
}

// refineType turns a tagger label into a project type. CoNLL-style LOC
// covers countries, cities and regions and MISC covers nationalities,
// events and the rest: the lexicon, name words ("River", "Cup") and the
// word's form decide.
func (x *Extractor) refineType(toks []Token, sp span, label string) string {
	base := taggerType(label)
	if sp.lex != nil {
		switch base {
		case newsgraph.GPE, newsgraph.Loc:
			if sp.lex.Type == newsgraph.GPE || sp.lex.Type == newsgraph.Loc {
				return sp.lex.Type
			}
		case newsgraph.Misc:
			if sp.lex.Type == newsgraph.NORP || sp.lex.Type == newsgraph.Event {
				return sp.lex.Type
			}
		}
	}
	words := toks[sp.s:sp.e]
	// A "person" ending in a word for a kind of place or organisation is
	// one ("Dan Sai District", "Howard Beach", "Marine Corps"), and a
	// "place" ending in a word that ends organisations' names in the
	// training data one of those ("Aloha Airlines"). Not the other way
	// round: clubs are named "Notts County", states "Soviet Union"; nor a
	// person with a given name first ("Tom Beach").
	if last := words[len(words)-1].Text; len(words) > 1 && !(base == newsgraph.Person && x.lex.firstNames[words[0].Text]) {
		head := x.lex.heads[last]
		switch {
		case base == newsgraph.Person && (locWords[last] || head == newsgraph.Loc):
			return newsgraph.Loc
		case base == newsgraph.Person && (orgWords[last] || institutionWords[last] || head == newsgraph.Org),
			base == newsgraph.GPE && (head == newsgraph.Org || institutionWords[last]):
			return newsgraph.Org
		}
	}
	switch base {
	case newsgraph.GPE:
		if kw := keywordType(words); kw == newsgraph.Loc {
			return newsgraph.Loc
		}
		return newsgraph.GPE
	case newsgraph.Misc:
		if kw := keywordType(words); kw == newsgraph.Event {
			return newsgraph.Event
		}
		if len(words) == 1 && groupWord(words[0].Text) {
			return newsgraph.NORP
		}
		return newsgraph.Misc
	}
	return base
}

// mediaNouns follow a newspaper's or broadcaster's name: "the Guardian
// newspaper", "Le Monde daily".
var mediaNouns = set("newspaper", "daily", "weekly", "magazine", "broadcaster", "tabloid")

// institutionWords end the names of institutions, never of places: a
// "place" ending in one is an organisation ("Tolstoy Museum").
var institutionWords = set("Museum", "Library", "Orchestra", "Gallery", "University", "Institute",
	"Hospital", "School", "College", "Academy")

// compoundWords follow a name and a hyphen to make an adjective of it:
// "Beirut-based", "Iran-backed", "US-led".
var compoundWords = set("based", "backed", "led", "born", "funded", "owned", "run", "controlled", "made", "registered", "allied", "aligned")

// personNouns are lower-case words that come right before a person's name:
// "correspondent Timour Azhari", "singer Fairuz".
var personNouns = set("correspondent", "spokesman", "spokeswoman", "spokesperson", "leader", "commander", "adviser",
	"advisor", "aide", "analyst", "economist", "researcher", "negotiator", "diplomat", "journalist", "photographer",
	"reporter", "lawyer", "singer", "actor", "actress", "writer", "poet", "artist", "activist", "businessman",
	"businesswoman", "footballer", "coach", "striker", "cleric", "preacher", "novelist", "director", "editor")

// groupWords name religious and ethnic groups that demonym endings miss.
var groupWords = set("Muslim", "Muslims", "Christian", "Christians", "Jew", "Jews", "Jewish",
	"Arab", "Arabs", "Arabic", "Kurd", "Kurds", "Kurdish", "Shiite", "Shiites", "Shia", "Sunni",
	"Sunnis", "Druze", "Catholic", "Catholics", "Protestant", "Protestants", "Hindu", "Hindus",
	"Sikh", "Sikhs", "Buddhist", "Buddhists", "Alawite", "Alawites", "Palestinians", "Basque",
	"Tamil", "Tamils", "Pashtun", "Baloch", "Yazidi", "Yazidis", "Roma", "Maori")

// groupWord reports a nationality or group word: a known group, or a
// capitalised word with a demonym ending ("Panamanian", "Congolese",
// "Iraqi", "Spaniards").
func groupWord(w string) bool {
	if groupWords[w] {
		return true
	}
	if !isCap(Token{Text: w, Kind: Word}) || isAllCaps(w) {
		return false
	}
	stem := strings.TrimSuffix(w, "s")
	for _, suf := range []string{"ian", "ean", "ese", "ish", "ard", "i", "an"} {
		if strings.HasSuffix(stem, suf) && len(stem) >= len(suf)+3 {
			return true
		}
	}
	return false
}

// capitalsAsGovernments reads a capital as its country's government where
// the sentence uses it so ("an ally of both Washington and Tehran", "talks
// between Washington and Baghdad", "Washington warned", "scrutiny from
// Washington"); "in Washington", "visited Washington" stay the city.
func (x *Extractor) capitalsAsGovernments(toks []Token, spans []span) {
	gov := make([]bool, len(spans))
	for k := range spans {
		sp := &spans[k]
		e := sp.lex
		if e == nil || !e.IsCapital || sp.typ != newsgraph.GPE {
			if e != nil && e.IsCountry && sp.typ == newsgraph.GPE {
				gov[k] = true // a country coordinated with a capital makes it one too
			}
			continue
		}
		word := func(i int) string {
			if i < 0 || i >= len(toks) {
				return ""
			}
			return strings.ToLower(toks[i].Text)
		}
		prev, prev2, next := word(sp.s-1), word(sp.s-2), word(sp.e)
		use := false
		switch {
		case (prev == "from" || prev == "by") && govNouns[prev2]:
			use = true
		case locatives[prev]:
		case govBefore[prev] || govBefore[prev2+" "+prev]:
			use = true
		case govVerbs[next]:
			use = true
		case prev == "and" && k > 0 && spans[k-1].e == sp.s-1 && gov[k-1]:
			use = true
		}
		if use {
			gov[k] = true
			sp.canonical = e.Country
		}
	}
}

// Words around a capital that make it a government or keep it a place.
var (
	locatives = set("in", "at", "to", "into", "near", "outside", "from", "via", "across", "around",
		"toward", "towards", "visited", "visit", "visiting", "reached", "left", "arrived", "inside", "downtown")
	govBefore = set("both", "between", "ally of", "allies of", "relations with", "ties with", "talks with",
		"pressure on", "deal with", "agreement with", "dispute with", "rift with", "war with")
	govNouns = set("scrutiny", "pressure", "criticism", "support", "aid", "sanctions", "demands", "warnings",
		"backing", "funding", "approval", "orders", "condemnation", "warning", "demand", "request")
	govVerbs = set("said", "says", "warned", "warns", "accused", "accuses", "imposed", "announced", "insisted",
		"urged", "demanded", "rejected", "approved", "agreed", "denied", "blamed", "wants", "sanctioned",
		"condemned", "responded", "threatened", "pledged", "has", "hopes", "fears", "believes")
)
