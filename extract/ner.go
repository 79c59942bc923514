package extract

import (
	"strings"
	"unicode"

	"github.com/newsgraph/newsgraph"
)

// span is a candidate mention over tokens [s, e) of one sentence.
type span struct {
	s, e      int
	typ       string
	canonical string
	role      string    // title text that preceded a person ("Prime Minister")
	roleStart int       // token where that title began
	pending   bool      // a lone capitalised word, kept only if it names a known person
	lex       *lexEntry // the lexicon entry the span matched exactly, if any
	headline  bool      // found in a headline, where the tagger is least sure
}

// titleChunk is a run of title words ending in a head: "Caretaker Prime
// Minister", "Ambassador", "prime minister".
type titleChunk struct {
	s, e int    // tokens
	text string // as written
	head string // normalised head: "Prime Minister", "Minister", ...
}

func isCap(t Token) bool {
	if t.Kind != Word {
		return false
	}
	for _, r := range t.Text {
		return unicode.IsUpper(r)
	}
	return false
}

func isAllCaps(s string) bool {
	letters := 0
	for _, r := range s {
		if unicode.IsLetter(r) {
			if !unicode.IsUpper(r) {
				return false
			}
			letters++
		}
	}
	return letters > 0
}

func isPossessive(t Token) bool {
	return t.Text == "'s" || t.Text == "’s" || t.Text == "'" || t.Text == "’"
}

// headOf normalises a title's last words to the head the relation rules
// know.
func headOf(words []string) string {
	n := len(words)
	last := words[n-1]
	if n >= 2 && strings.EqualFold(words[n-2], "prime") && strings.EqualFold(last, "minister") {
		return "Prime Minister"
	}
	if n >= 2 && strings.EqualFold(words[n-2], "vice") {
		return "Vice " + last
	}
	if strings.EqualFold(last, "premier") {
		return "Prime Minister"
	}
	if t := lowerTitle(strings.ToLower(last)); t != "" {
		return t
	}
	return last
}

// titleAt returns the length of a capitalised title starting at toks[i],
// or 0. A title is title words followed by a head; any capitalised word
// directly before "Minister" or "Secretary" counts ("Education Minister").
func titleAt(toks []Token, i, end int) int {
	n := 0
	for j := i; j < end; j++ {
		t := toks[j].Text
		if toks[j].Kind != Word && t != "-" {
			break
		}
		if titleHeads[t] {
			n = j - i + 1
			continue
		}
		next := ""
		if j+1 < end {
			next = toks[j+1].Text
		}
		if titleWords[t] || (isCap(toks[j]) && (next == "Minister" || next == "Secretary")) || (t == "-" && toks[j].Joined) {
			continue
		}
		break
	}
	return n
}

// lowerTitleAt finds a lower-case title ("prime minister", "the premier")
// at toks[i].
func lowerTitleAt(toks []Token, i int) int {
	if i+1 < len(toks) && lowerTitle(toks[i].Text+" "+toks[i+1].Text) != "" {
		return 2
	}
	if lowerTitle(toks[i].Text) != "" {
		return 1
	}
	return 0
}

// isHeadline reports title-case lines ("Lebanon in State of War, Resistance,
// Government Doing Their Duty"), where capitals say nothing about names.
func isHeadline(toks []Token) bool {
	words, caps := 0, 0
	for _, t := range toks {
		if t.Kind == Word && len([]rune(t.Text)) > 3 {
			words++
			if isCap(t) {
				caps++
			}
		}
	}
	if len(toks) == 0 || words < 3 || caps*10 < words*7 {
		return false
	}
	// Body sentences end in a full stop; headlines do not.
	k := len(toks) - 1
	for k > 0 && isClosing(toks[k].Text) {
		k--
	}
	last := toks[k].Text
	return last != "." && last != "!" && last != "?"
}

// runEnd returns the end of the capitalised run starting at i: capitalised
// words, name particles and joined hyphen pieces inside it, and connectors
// ("of", "for", "and") where an organisation or place word makes the run a
// phrase name ("Educational Center for Research and Development").
func runEnd(toks []Token, i int) int {
	j := i
	phrase := false
	for j < len(toks) {
		t := toks[j]
		switch {
		case isCap(t) && !dateWords[t.Text]:
			if orgWords[t.Text] || locWords[t.Text] || eventWords[t.Text] || miscWords[t.Text] {
				phrase = true
			}
			j++
			continue
		case t.Text == "-" && t.Joined && j+1 < len(toks) && toks[j+1].Joined && toks[j+1].Kind == Word:
			j += 2 // "Al-Awsat", "al-Sudani", "Bosnia-Herzegovina"
			continue
		case t.Kind == Word && nameParticles[t.Text] && j+1 < len(toks) && (isCap(toks[j+1]) || toks[j+1].Text == "-"):
			j++
			continue
		case t.Kind == Number && j > i && miscWords[toks[j-1].Text]:
			j++ // "Resolution 1701"
			continue
		case phrase && phraseConnectors[t.Text] && j+1 < len(toks) && isCap(toks[j+1]):
			j++
			continue
		}
		break
	}
	// A run never ends in a particle or a hyphen.
	for j > i && (nameParticles[toks[j-1].Text] || phraseConnectors[toks[j-1].Text] || toks[j-1].Text == "-") {
		j--
	}
	return j
}

// keywordType classifies a phrase by its words: "Lebanese Army" is an ORG,
// "South Governorate" a LOC.
func keywordType(toks []Token) string {
	for k := len(toks) - 1; k >= 0; k-- {
		t := toks[k].Text
		switch {
		case orgWords[t]:
			return newsgraph.Org
		case locWords[t]:
			return newsgraph.Loc
		case eventWords[t]:
			return newsgraph.Event
		case miscWords[t]:
			return newsgraph.Misc
		}
	}
	return ""
}

// sentenceSpans finds the candidate mentions and titles of one sentence.
func (x *Extractor) sentenceSpans(toks []Token) ([]span, []titleChunk) {
	headline := isHeadline(toks)
	var spans []span
	var titles []titleChunk
	for i := 0; i < len(toks); {
		if n := lowerTitleAt(toks, i); n > 0 {
			words := make([]string, n)
			for k := range words {
				words[k] = toks[i+k].Text
			}
			titles = append(titles, titleChunk{s: i, e: i + n, text: lexKey(toks[i : i+n]), head: headOf(words)})
			i += n
			continue
		}
		// Lexicon names may start in lower case ("al-Qaeda").
		if e, n := x.lex.match(toks, i); n > 0 && !(isCap(toks[i]) && i+n < len(toks) && x.absorbs(toks, i, i+n)) {
			spans = append(spans, span{s: i, e: i + n, typ: e.Type, canonical: e.Canonical, lex: heapEntry(e)})
			i += n
			continue
		}
		if !isCap(toks[i]) || dateWords[toks[i].Text] {
			i++
			continue
		}
		end := runEnd(toks, i)
		if end == i {
			i++
			continue
		}
		spans, titles = x.classifyRun(toks, i, end, headline, spans, titles)
		i = end
	}
	return spans, titles
}

// absorbs reports whether a lexicon match at [i, j) is the start of a longer
// phrase name that a keyword makes an organisation or place ("Lebanese
// Army", "Bank of England"), in which case the phrase wins.
func (x *Extractor) absorbs(toks []Token, i, j int) bool {
	end := runEnd(toks, i)
	if end <= j {
		return false
	}
	typ := keywordType(toks[j:end])
	return typ == newsgraph.Org || typ == newsgraph.Loc || typ == newsgraph.Event || typ == newsgraph.Misc
}

// classifyRun turns a capitalised run [i, end) into titles and spans.
func (x *Extractor) classifyRun(toks []Token, i, end int, headline bool, spans []span, titles []titleChunk) ([]span, []titleChunk) {
	// Leading words that name nothing: "The", "Senior", "Last".
	for i < end && notNames[toks[i].Text] && titleAt(toks, i, end) == 0 {
		i++
	}
	if i >= end {
		return spans, titles
	}
	if headline {
		// Headlines are title case: only lexicon names (taken above) and
		// people known from the body (resolved later) count.
		for k := i; k < end; k++ {
			if isCap(toks[k]) {
				spans = append(spans, span{s: k, e: k + 1, pending: true})
			}
		}
		return spans, titles
	}
	if typ := keywordType(toks[i:end]); typ != "" && titleAt(toks, i, end) == 0 && end-i >= 2 {
		spans = append(spans, span{s: i, e: end, typ: typ, canonical: lexKey(toks[i:end])})
		return spans, titles
	}
	role, roleStart := "", -1
	if n := titleAt(toks, i, end); n > 0 {
		words := make([]string, 0, n)
		for k := i; k < i+n; k++ {
			if toks[k].Kind == Word {
				words = append(words, toks[k].Text)
			}
		}
		titles = append(titles, titleChunk{s: i, e: i + n, text: lexKey(toks[i : i+n]), head: headOf(words)})
		role, roleStart = lexKey(toks[i:i+n]), i
		i += n
	}
	// A name after a title or starting with a given name is one person,
	// whatever lexicon words it holds ("Mohammed Shia al-Sudani").
	if _, n := x.lex.match(toks[:end], i); n == 0 && end-i >= 2 && (role != "" || x.lex.firstNames[toks[i].Text]) {
		return append(spans, x.nameSpan(toks, i, end, role, roleStart)), titles
	}
	// Lexicon names inside the run split it.
	for k := i; k < end; {
		if e, n := x.lex.match(toks[:end], k); n > 0 {
			if k > i {
				spans = append(spans, x.nameSpan(toks, i, k, role, roleStart))
			}
			spans = append(spans, span{s: k, e: k + n, typ: e.Type, canonical: e.Canonical, lex: heapEntry(e)})
			role, roleStart = "", -1
			k += n
			i = k
			continue
		}
		k++
	}
	if i < end {
		spans = append(spans, x.nameSpan(toks, i, end, role, roleStart))
	}
	return spans, titles
}

// nameSpan classifies a capitalised run with no lexicon name in it.
func (x *Extractor) nameSpan(toks []Token, i, end int, role string, roleStart int) span {
	sp := span{s: i, e: end, canonical: lexKey(toks[i:end]), role: role, roleStart: roleStart}
	words := 0
	for k := i; k < end; k++ {
		if toks[k].Kind == Word && !nameParticles[toks[k].Text] {
			words++
		}
	}
	speaker := end < len(toks) && speechVerbs[toks[end].Text]
	text := toks[i].Text
	placeCue := i >= 2 && toks[i-1].Text == "of" && placeNouns[toks[i-2].Text]
	switch {
	case placeCue && words <= 3:
		sp.typ = newsgraph.GPE // "the border town of Kiryat Shmona"
	case role != "":
		sp.typ = newsgraph.Person
	case x.lex.firstNames[text] && words >= 2:
		sp.typ = newsgraph.Person
	case speaker && words <= 3:
		sp.typ = newsgraph.Person
	case words == 1 && isAllCaps(text) && len(text) >= 2 && len(text) <= 6 && !romanNumeral(text):
		sp.typ = newsgraph.Org
	case words >= 2 && words <= 4 && !notNames[text]:
		sp.typ = newsgraph.Person
	default:
		sp.pending = true
	}
	return sp
}

func romanNumeral(s string) bool {
	return strings.Trim(s, "IVXLC") == ""
}
