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
