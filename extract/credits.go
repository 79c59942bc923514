package extract

import (
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph/internal/lazy"
)

// News agencies whose names tag, sign and credit articles: "(AFP)", "dpa,
// Reuters", "jar/msh (AP, Reuters)". A name inside such a tag is where the
// text came from, not a fact about anyone.
const agencyNames = `(?:AFP|AP|Reuters|REUTERS|dpa|DPA|KNA|epd|EPD|EFE|ANSA|Xinhua|AFX|Interfax|ITAR-TASS|Itar-Tass|TASS|IRNA|dapd|DAPD|SID|AA|UPI|Bloomberg|DW|Kyodo|Yonhap|PTI|IANS)`

var (
	// "(AFP)", "(AP, Reuters)", "(dpa/AFP)", "(Reuters) -"
	reCreditTag = lazy.Regexp("reCreditTag", `\(\s*`+agencyNames+`(?:\s*[,/;]\s*(?:and\s+)?`+agencyNames+`)*\s*\)`)
	// A sign-off line: editors' initials and agencies, "jar/msh (AP,
	// Reuters)", "ss/kms", "dpa, Reuters", "AFP, dpa, AP". Tried at each
	// line's start, where such a line begins.
	reCreditSignOffLine = lazy.Regexp("reCreditSignOffLine", `(?m)\A[ \t]*(?:[a-z]{2,4}(?:/[a-z]{2,4})+[ \t]*(?:\([^()\n]*\))?|`+agencyNames+`(?:\s*[,/;]\s*(?:and\s+)?`+agencyNames+`)+)[ \t]*$`)
	// A sign-off at the end of a paragraph: "... next day. jar/msh". It
	// lies within a line (its first space may be the line break before).
	reCreditSignOffEnd = lazy.Regexp("reCreditSignOffEnd", `(?m)\s[a-z]{2,4}(?:/[a-z]{2,4})+[ \t]*(?:\([^()\n]*\))?[ \t]*$`)
	// "DW's correspondent": the broadcaster's own byline.
	reCreditByline = lazy.Regexp("reCreditByline", `\bDW's\b`)
	// A programme's broadcasting hours, to the end of their line:
	// "Broadcasting Hours: DW (English) SAT 24.06.2017 – 19:15 UTC SUN ...
	// Hong Kong UTC +8 | ...", times and cities, no facts.
	reBroadcastHours = lazy.Regexp("reBroadcastHours", `(?i)\bbroadcasting hours:[^\n]*`)
)

// creditSpans returns the code-point ranges of agency tags, sign-offs and
// bylines in an article's text, sorted by start. The patterns that have no
// literal to look for are tried only where they can match: at a line's
// start, in a line holding a slash, in a text holding "DW's".
func creditSpans(text string) [][2]int {
	out := [][2]int{} // not nil: computed
	add := func(ms [][]int, base int) {
		b, r := 0, 0 // a byte offset into text and its code point
		at := func(i int) int {
			r += utf8.RuneCountInString(text[b:i])
			b = i
			return r
		}
		for _, m := range ms {
			out = append(out, [2]int{at(base + m[0]), at(base + m[1])})
		}
	}
	add(reCreditTag().FindAllStringIndex(text, -1), 0)
	// Sign-off lines, at each line's start that no earlier one covers (one
	// may run on over a line break: "dpa,\nReuters").
	var lines [][]int
	for ls := 0; ls <= len(text); {
		if m := reCreditSignOffLine().FindStringIndex(text[ls:]); m != nil {
			lines = append(lines, []int{ls + m[0], ls + m[1]})
			ls += m[1]
		}
		k := strings.IndexByte(text[ls:], '\n')
		if k < 0 {
			break
		}
		ls += k + 1
	}
	// Sign-offs ending a paragraph, in the lines with a slash.
	var ends [][]int
	for ls := 0; ls <= len(text); {
		le := len(text)
		if k := strings.IndexByte(text[ls:], '\n'); k >= 0 {
			le = ls + k
		}
		if strings.IndexByte(text[ls:le], '/') >= 0 {
			from := max(0, ls-1)
			for _, m := range reCreditSignOffEnd().FindAllStringIndex(text[from:le], -1) {
				ends = append(ends, []int{from + m[0], from + m[1]})
			}
		}
		ls = le + 1
	}
	add(lines, 0)
	add(ends, 0)
	if strings.Contains(text, "DW's") {
		add(reCreditByline().FindAllStringIndex(text, -1), 0)
	}
	// The pattern is tried only in a text that holds its word (a literal
	// search is far cheaper than a case-blind pattern), whatever its case.
	if strings.Contains(text, "roadcasting") || strings.Contains(text, "ROADCASTING") {
		add(reBroadcastHours().FindAllStringIndex(text, -1), 0)
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
