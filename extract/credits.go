package extract

import (
	"regexp"
	"sort"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/lazy"
)

// News agencies whose names tag, sign and credit articles: "(AFP)", "dpa,
// Reuters", "jar/msh (AP, Reuters)". A name inside such a tag is where the
// text came from, not a fact about anyone.
const agencyNames = `(?:AFP|AP|Reuters|REUTERS|dpa|DPA|KNA|epd|EPD|EFE|ANSA|Xinhua|AFX|Interfax|ITAR-TASS|Itar-Tass|TASS|IRNA|dapd|DAPD|SID|AA|UPI|Bloomberg|DW|Kyodo|Yonhap|PTI|IANS)`

// creditPatterns are compiled on first use.
var creditPatterns = lazy.Value("regexp creditPatterns", func() []*regexp.Regexp {
	return []*regexp.Regexp{
		// "(AFP)", "(AP, Reuters)", "(dpa/AFP)", "(Reuters) -"
		regexp.MustCompile(`\(\s*` + agencyNames + `(?:\s*[,/;]\s*(?:and\s+)?` + agencyNames + `)*\s*\)`),
		// A sign-off line: editors' initials and agencies, "jar/msh (AP,
		// Reuters)", "ss/kms", "dpa, Reuters", "AFP, dpa, AP".
		regexp.MustCompile(`(?m)^[ \t]*(?:[a-z]{2,4}(?:/[a-z]{2,4})+[ \t]*(?:\([^()\n]*\))?|` + agencyNames + `(?:\s*[,/;]\s*(?:and\s+)?` + agencyNames + `)+)[ \t]*$`),
		// A sign-off at the end of a paragraph: "... next day. jar/msh"
		regexp.MustCompile(`(?m)\s[a-z]{2,4}(?:/[a-z]{2,4})+[ \t]*(?:\([^()\n]*\))?[ \t]*$`),
		// "DW's correspondent": the broadcaster's own byline.
		regexp.MustCompile(`\bDW's\b`),
	}
})

// creditSpans returns the code-point ranges of agency tags, sign-offs and
// bylines in an article's text, sorted by start.
func creditSpans(text string) [][2]int {
	out := [][2]int{} // not nil: computed
	for _, re := range creditPatterns() {
		b, r := 0, 0 // a byte offset into text and its code point
		at := func(i int) int {
			r += utf8.RuneCountInString(text[b:i])
			b = i
			return r
		}
		for _, m := range re.FindAllStringIndex(text, -1) {
			out = append(out, [2]int{at(m[0]), at(m[1])})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] })
	return out
}

// inCredit says whether a mention lies in an agency tag, sign-off or
// byline.
func (d *doc) inCredit(m int) bool {
	if d.credits == nil {
		d.credits = creditSpans(string(d.rs))
		// creditEnds[i] is the furthest end of the first i+1 spans: a
		// mention lies in one of the spans starting at or before it when
		// it ends before that.
		d.creditEnds = make([]int, len(d.credits))
		for i, c := range d.credits {
			d.creditEnds[i] = c[1]
			if i > 0 {
				d.creditEnds[i] = max(c[1], d.creditEnds[i-1])
			}
		}
	}
	s, e := d.mentions[m].Start, d.mentions[m].End
	i := sort.Search(len(d.credits), func(i int) bool { return d.credits[i][0] > s }) - 1
	return i >= 0 && e <= d.creditEnds[i]
}
