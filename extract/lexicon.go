package extract

import (
	"bufio"
	"embed"
	"fmt"
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"github.com/newsgraph/newsgraph"
)

//go:embed lexicon/*.tsv lexicon/*.txt
var lexiconFS embed.FS

// lexEntry is what the lexicon knows about a name.
type lexEntry struct {
	Canonical string // the entity's name
	Type      string
	Country   string // a city's country; a demonym's country; a country itself
	IsCountry bool
	IsCapital bool
}

// heapEntry returns a copy of e for a span to point at. Taking the address
// of the variable a match is returned in would put that variable on the
// heap for every token tried, matched or not.
func heapEntry(e lexEntry) *lexEntry { return &e }

// lexicon holds the names extraction knows for certain: countries with
// their short forms and demonyms, cities and regions, well-known
// organisations and groups, and given names.
type lexicon struct {
	names      map[string]lexEntry // exact surface form -> entry
	firsts     map[string]bool     // first token of every surface form
	maxTokens  int
	firstNames map[string]bool
	// geo places cities (from the GeoNames gazetteer, lexicon/cities.tsv),
	// US states and other countries' first-level regions
	// (lexicon/regions.tsv); it informs relations, never which words are
	// names.
	geo map[string]place
	// heads are words that end names of one kind in the training data
	// (lexicon/heads.tsv): "Corps" organisations, "Beach" places.
	heads map[string]string
}

// Kinds of place in the gazetteer.
const (
	placeCountry = "country"
	placeState   = "state"  // a US state
	placeRegion  = "region" // a region or other place the lexicon knows
	placeCity    = "city"
)

// place is where the gazetteer puts a name.
type place struct {
	kind    string
	name    string // canonical
	country string // the country it lies in (itself for a country)
	state   string // the US state a US city lies in
}

// place looks a name up: countries and the lexicon's places first, then US
// states, then the gazetteer's cities. A final period is ignored
// ("Ethiopia.") unless it belongs to the name ("S.C.").
func (lx *lexicon) place(name string) (place, bool) {
	if e, ok := lx.names[name]; ok && e.Country != "" && (e.Type == newsgraph.GPE || e.Type == newsgraph.Loc) {
		switch {
		case e.IsCountry:
			return place{kind: placeCountry, name: e.Canonical, country: e.Country}, true
		case e.IsCapital:
			return place{kind: placeCity, name: e.Canonical, country: e.Country}, true
		}
		if p, ok := lx.geo[e.Canonical]; ok {
			return p, true
		}
		return place{kind: placeRegion, name: e.Canonical, country: e.Country}, true
	}
	if p, ok := lx.geo[name]; ok {
		return p, true
	}
	if t, ok := strings.CutSuffix(name, "."); ok && t != "" {
		return lx.place(t)
	}
	return place{}, false
}

// within reports whether the gazetteer puts a inside b.
func (a place) within(b place) bool {
	switch {
	case a.kind == placeCountry:
		return false
	case b.kind == placeCountry:
		return a.country == b.name
	case b.kind == placeState:
		return a.state == b.name
	}
	return false
}

// defaultLexicon loads the lexicon embedded in the binary.
func defaultLexicon() *lexicon {
	lx, err := loadLexicon()
	if err != nil {
		panic(err) // the embedded files are part of the build
	}
	return lx
}

func loadLexicon() (*lexicon, error) {
	lx := &lexicon{names: map[string]lexEntry{}, firsts: map[string]bool{}, firstNames: map[string]bool{}}
	err := eachRow("countries.tsv", 4, func(f []string) {
		country := lexEntry{Canonical: f[0], Type: newsgraph.GPE, Country: f[0], IsCountry: true}
		lx.add(f[0], country)
		for _, a := range split(f[1]) {
			lx.add(a, country)
		}
		dem := split(f[2])
		for _, d := range dem {
			lx.add(d, lexEntry{Canonical: dem[0], Type: newsgraph.NORP, Country: f[0]})
		}
		if f[3] != "" {
			lx.add(f[3], lexEntry{Canonical: f[3], Type: newsgraph.GPE, Country: f[0], IsCapital: true})
		}
	})
	if err != nil {
		return nil, err
	}
	err = eachRow("places.tsv", 4, func(f []string) {
		e := lexEntry{Canonical: f[0], Type: f[1], Country: f[2]}
		lx.add(f[0], e)
		for _, a := range split(f[3]) {
			lx.add(a, e)
		}
	})
	if err != nil {
		return nil, err
	}
	err = eachRow("orgs.tsv", 3, func(f []string) {
		e := lexEntry{Canonical: f[0], Type: f[1]}
		lx.add(f[0], e)
		for _, a := range split(f[2]) {
			lx.add(a, e)
		}
	})
	if err != nil {
		return nil, err
	}
	if err := lx.loadGeo(); err != nil {
		return nil, err
	}
	lx.heads = map[string]string{}
	if err := eachRow("heads.tsv", 3, func(f []string) { lx.heads[f[0]] = f[1] }); err != nil {
		return nil, err
	}
	b, err := lexiconFS.ReadFile("lexicon/firstnames.txt")
	if err != nil {
		return nil, err
	}
	for _, line := range strings.Split(string(b), "\n") {
		if strings.HasPrefix(line, "#") {
			continue
		}
		for _, n := range strings.Fields(line) {
			lx.firstNames[n] = true
		}
	}
	return lx, nil
}

// loadGeo reads US states and the gazetteer's cities.
func (lx *lexicon) loadGeo() error {
	lx.geo = map[string]place{}
	err := eachRow("states.tsv", 3, func(f []string) {
		p := place{kind: placeState, name: f[0], country: "United States", state: f[0]}
		lx.geo[f[0]] = p
		for _, a := range split(f[2]) {
			lx.geo[a] = p
		}
	})
	if err != nil {
		return err
	}
	add := func(p place) {
		// "Düsseldorf" is often written "Dusseldorf".
		for _, name := range []string{p.name, stripMarks(p.name)} {
			if _, ok := lx.geo[name]; !ok {
				lx.geo[name] = p
			}
		}
	}
	err = eachRow("cities.tsv", 4, func(f []string) {
		add(place{kind: placeCity, name: f[0], country: f[1], state: f[2]})
	})
	if err != nil {
		return err
	}
	return eachRow("regions.tsv", 2, func(f []string) {
		add(place{kind: placeRegion, name: f[0], country: f[1]})
	})
}

// stripMarks drops diacritics: "Düsseldorf" -> "Dusseldorf".
func stripMarks(s string) string {
	var b strings.Builder
	for _, r := range norm.NFD.String(s) {
		if !unicode.Is(unicode.Mn, r) {
			b.WriteRune(r)
		}
	}
	return b.String()
}

func split(s string) []string {
	if s == "" {
		return nil
	}
	return strings.Split(s, "|")
}

func eachRow(file string, cols int, fn func([]string)) error {
	f, err := lexiconFS.Open("lexicon/" + file)
	if err != nil {
		return err
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	line := 0
	for sc.Scan() {
		line++
		if sc.Text() == "" || strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) > cols {
			return fmt.Errorf("lexicon/%s:%d: %d fields, want at most %d", file, line, len(fields), cols)
		}
		for len(fields) < cols {
			fields = append(fields, "")
		}
		fn(fields)
	}
	return sc.Err()
}

// add records a surface form. The first entry for a form wins, so a country
// keeps its name when a city shares it ("Djibouti", "Singapore").
func (lx *lexicon) add(surface string, e lexEntry) {
	toks := Tokens(surface)
	key := lexKey(toks)
	if _, ok := lx.names[key]; ok {
		return
	}
	lx.names[key] = e
	lx.firsts[toks[0].Text] = true
	lx.maxTokens = max(lx.maxTokens, len(toks))
}

// lexKey joins token texts the way lexicon keys are built: a space between
// tokens that had white space between them, nothing between joined ones.
func lexKey(toks []Token) string {
	var b strings.Builder
	for i, t := range toks {
		if i > 0 && !t.Joined {
			b.WriteByte(' ')
		}
		b.WriteString(t.Text)
	}
	return b.String()
}

// match finds the longest lexicon entry starting at toks[i].
func (lx *lexicon) match(toks []Token, i int) (lexEntry, int) {
	if i >= len(toks) || !lx.firsts[toks[i].Text] {
		return lexEntry{}, 0 // most tokens start no name: skip building keys
	}
	// The keys of the candidates, longest first, are prefixes of one: it
	// is built once and looked up without a copy.
	longest := min(lx.maxTokens, len(toks)-i)
	var buf [128]byte
	key := buf[:0]
	var endsBuf [16]int
	ends := endsBuf[:]
	if longest > len(ends) {
		ends = make([]int, longest)
	}
	for k, t := range toks[i : i+longest] {
		if k > 0 && !t.Joined {
			key = append(key, ' ')
		}
		key = append(key, t.Text...)
		ends[k] = len(key)
	}
	for n := longest; n >= 1; n-- {
		if e, ok := lx.names[string(key[:ends[n-1]])]; ok {
			// Do not take part of a hyphenated word ("Iran" in
			// "Iran-backed" is fine, "Al" in "Al-Awsat" is not).
			if i+n < len(toks) && toks[i+n].Joined && toks[i+n].Kind == Word && !isPossessive(toks[i+n]) {
				continue
			}
			return e, n
		}
	}
	return lexEntry{}, 0
}
