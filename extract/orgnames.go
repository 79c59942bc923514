package extract

import (
	"regexp"
	"strings"
	"unicode"

	"github.com/newsgraph/newsgraph"
)

// resolveOrgNames settles what an article's organisations are called, so
// that one organisation is one entity and two are never one:
//   - an acronym the article introduced ("German Football Association
//     (DFB)") names the organisation wherever it recurs, and so does an
//     acronym of an organisation named in full earlier ("European Bank for
//     Reconstruction and Development ... the EBRD") when exactly one name
//     fits;
//   - a generic name ("Interior Ministry", "Foreign Office", "Supreme
//     Court") is qualified by the country its sentence gives it
//     ("Germany's Interior Ministry" -> "Interior Ministry (Germany)"),
//     and later bare uses in the article follow; a "World Cup" by the year
//     before it. Unqualified, the database would merge the ministries of
//     every country into one.
func (x *Extractor) resolveOrgNames(d *doc) {
	introduced := map[string]string{} // acronym -> organisation
	full := acronyms{}                // multiword organisation names so far
	qualified := map[string]string{}  // generic name -> its qualified name
	for _, st := range d.sents {
		for k, sp := range st.spans {
			mi := st.ments[k]
			if mi < 0 {
				continue
			}
			m := &d.mentions[mi]
			if m.Type == newsgraph.Event && (m.Canonical == "World Cup" || m.Canonical == "Olympic Games" || m.Canonical == "Olympics") {
				if y := st.tok(sp.s - 1); len(y) == 4 && (y[0] == '1' || y[0] == '2') && isDigits(y) {
					m.Canonical = y + " " + m.Canonical
				}
			}
			if m.Type != newsgraph.Org {
				continue
			}
			switch {
			case isAbbreviation(m.Text) && m.Canonical != m.Text:
				introduced[m.Text] = m.Canonical
			case isAbbreviation(m.Text):
				if c, ok := introduced[m.Text]; ok {
					m.Canonical = c
				} else if c := full.of(m.Text); c != "" {
					m.Canonical = c
				}
			case genericOrg.MatchString(m.Canonical):
				if q := x.qualifier(d, st, k, sp); q != "" {
					qualified[m.Canonical] = m.Canonical + " (" + q + ")"
				}
				if q, ok := qualified[m.Canonical]; ok {
					m.Canonical = q
				}
			}
			if strings.Count(m.Canonical, " ") > 0 {
				full.add(m.Canonical)
			}
		}
	}
	x.resolveShortOrgNames(d)
}

// resolveShortOrgNames names an organisation by its full name where the
// article uses a shorter one: "Rwanda's Green Party" is the "Democratic
// Green Party of Rwanda" named in the same article, as a surname is its
// person. The short name must be two words or more, not generic, and
// inside exactly one longer organisation name of the article, whole words
// in order; one-word names ("Bayern", "Hamburg") and generic ones
// ("Supreme Court", qualified by country above) are left as they are.
// Each name's runs of words are listed once, so that the cost grows with
// the names, not with their pairs (an article may name thousands).
func (x *Extractor) resolveShortOrgNames(d *doc) {
	within := map[string]string{} // a run of two or more words -> the one longer name holding it, "" when several do
	seen := map[string]bool{}
	for i := range d.mentions {
		m := &d.mentions[i]
		if m.Type != newsgraph.Org || seen[m.Canonical] {
			continue
		}
		seen[m.Canonical] = true
		ws := strings.Fields(m.Canonical)
		for a := range ws {
			for b := a + 2; b <= len(ws); b++ {
				if a == 0 && b == len(ws) {
					continue // the name itself
				}
				run := strings.Join(ws[a:b], " ")
				if l, ok := within[run]; ok && l != m.Canonical {
					within[run] = ""
				} else {
					within[run] = m.Canonical
				}
			}
		}
	}
	for i := range d.mentions {
		m := &d.mentions[i]
		l := within[m.Canonical]
		if m.Type != newsgraph.Org || l == "" || genericOrg.MatchString(m.Canonical) {
			continue
		}
		if _, known := x.lex.names[m.Canonical]; !known {
			m.Canonical = l
		}
	}
}

// genericOrg matches organisation names every country has.
var genericOrg = regexp.MustCompile(`^(?:(?:Foreign|Interior|Defen[cs]e|Finance|Justice|Health|Education|Economy|Economics|Environment|Agriculture|Labou?r|Transport|Energy|Culture|Trade|Home|Foreign Affairs|Internal Affairs) (?:Ministry|Office|Department)|Ministry of (?:the )?(?:Foreign|Interior|Internal|Home|Defen[cs]e|Finance|Justice|Health|Education|Economy|Environment|Agriculture|Labou?r|Transport|Energy|Culture|Trade)(?: Affairs)?|Supreme Court|Constitutional Court|High Court|Central Bank|National Police|Federal Police|Army|Navy|Air Force|Coast Guard|Cabinet|Parliament|Senate|National Assembly)$`)

// qualifier is the country a generic organisation's sentence gives it:
// "Germany's", "the German" just before it, or "of Iraq" just after.
func (x *Extractor) qualifier(d *doc, st *sent, k int, sp span) string {
	j := sp.s
	if isPossessiveTok(st, j-1) {
		j--
	}
	if c, _ := x.country(d, st, st.spanEndingAt(j)); c != "" {
		return c
	}
	if strings.EqualFold(st.tok(sp.e), "of") {
		if c, _ := x.country(d, st, st.spanAt(sp.e+1)); c != "" {
			return c
		}
	}
	return ""
}

// acronyms holds names by their initials (of their capitalised words):
// the one name with those initials, or "" when several have them.
type acronyms map[string]string

func (a acronyms) add(name string) {
	var b strings.Builder
	for _, w := range strings.Fields(name) {
		if r := []rune(w)[0]; unicode.IsUpper(r) {
			b.WriteRune(r)
		}
	}
	if n, ok := a[b.String()]; !ok {
		a[b.String()] = name
	} else if n != name {
		a[b.String()] = ""
	}
}

// of returns the one name whose initials spell acronym, or "" when none
// or several do.
func (a acronyms) of(acronym string) string { return a[acronym] }

func isDigits(s string) bool {
	for _, r := range s {
		if r < '0' || r > '9' {
			return false
		}
	}
	return s != ""
}

// danglingWords cannot end a name: a span ending in one was cut short or
// ran on ("the Federal Court of", "Institute for International and").
var danglingWords = set("of", "for", "and", "the", "in", "on", "at", "to", "de", "du", "des", "der", "&")

// trimDangling drops the words a name cannot end with from the end of each
// span that carries no lexicon entry, and drops spans left empty.
func trimDangling(toks []Token, spans []span) []span {
	out := spans[:0]
	for _, sp := range spans {
		e := sp.e
		for e > sp.s && danglingWords[strings.ToLower(toks[e-1].Text)] {
			e--
		}
		if e != sp.e && sp.lex == nil {
			if e == sp.s {
				continue
			}
			sp.e, sp.canonical = e, lexKey(toks[sp.s:e])
		}
		out = append(out, sp)
	}
	return out
}

// forHeads end the part of an organisation's name that "for" continues:
// "Center for European Policy", "Movement for Democratic Change".
var forHeads = set("Center", "Centre", "Institute", "Foundation", "Council", "Commission", "Committee",
	"Society", "Association", "Coalition", "Fund", "Office", "Agency", "Alliance", "Campaign",
	"Movement", "Union", "League", "Federation", "Organisation", "Organization", "Party", "Network",
	"Forum", "Trust", "Board", "Authority", "Academy", "Front")

// joinForNames mends organisation names the tagger cut at "for": "the
// Center for European Policy" tagged as a place "Center" and a
// miscellaneous "European Policy" is one organisation. A span ending in
// one of forHeads and followed by "for" and capitalised words (joined by
// "and", "of", "the" or hyphens) takes them in, unless a person is among
// them; a lexicon name stays as it is.
func joinForNames(toks []Token, spans []span) []span {
	for k := 0; k < len(spans); k++ {
		sp := &spans[k]
		if sp.lex != nil || sp.typ == newsgraph.Person || !forHeads[toks[sp.e-1].Text] || sp.e+1 >= len(toks) || toks[sp.e].Text != "for" {
			continue
		}
		end := sp.e + 1
	scan:
		for end < len(toks) && end < sp.e+10 {
			t := toks[end]
			switch {
			case isCap(t), t.Joined && end > sp.e+1 && (t.Kind == Word || t.Text == "-"):
			case (t.Text == "and" || t.Text == "of" || t.Text == "the") && end+1 < len(toks) && isCap(toks[end+1]):
			default:
				break scan
			}
			end++
		}
		for end > sp.e+1 && !isCap(toks[end-1]) {
			end-- // never end on a joining word
		}
		if end == sp.e+1 {
			continue
		}
		n := k + 1
		person := false
		for n < len(spans) && spans[n].s < end {
			if spans[n].typ == newsgraph.Person || spans[n].e > end {
				person = true
			}
			n++
		}
		if person {
			continue
		}
		sp.e, sp.typ, sp.canonical = end, newsgraph.Org, lexKey(toks[sp.s:end])
		spans = append(spans[:k+1], spans[n:]...)
	}
	return spans
}

// joinDemonymOrgs puts a nationality back on the organisation name it
// opens when the tagger split them: "German" + "Chamber of Industry and
// Commerce" is the "German Chamber of Industry and Commerce", as
// annotators and the organisation itself name it. Only names that begin
// with a word for an institution ("Institute", "Chamber", "Council", ...)
// and are not generic: "Australian" + "Federal Police" is qualified by
// its country instead (resolveOrgNames).
func joinDemonymOrgs(toks []Token, spans []span) []span {
	for k := 0; k+1 < len(spans); k++ {
		a, b := spans[k], spans[k+1]
		if a.typ != newsgraph.NORP || a.lex == nil || a.lex.Country == "" || a.e-a.s != 1 || b.s != a.e ||
			b.typ != newsgraph.Org || b.lex != nil || b.e-b.s < 2 || !(forHeads[toks[b.s].Text] || toks[b.s].Text == "Chamber") ||
			genericOrg.MatchString(b.canonical) {
			continue
		}
		b.s, b.canonical = a.s, lexKey(toks[a.s:b.e])
		spans = append(spans[:k], append([]span{b}, spans[k+2:]...)...)
	}
	return spans
}
