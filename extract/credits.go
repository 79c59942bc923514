package extract

import (
	"regexp"
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
// bylines in an article's text.
func creditSpans(text string) [][2]int {
	var out [][2]int
	for _, re := range creditPatterns() {
		for _, m := range re.FindAllStringIndex(text, -1) {
			out = append(out, [2]int{utf8.RuneCountInString(text[:m[0]]), utf8.RuneCountInString(text[:m[1]])})
		}
	}
	return out
}

// inCredit says whether a mention lies in an agency tag, sign-off or
// byline.
func (d *doc) inCredit(m int) bool {
	if d.credits == nil {
		d.credits = creditSpans(string(d.rs))
	}
	s, e := d.mentions[m].Start, d.mentions[m].End
	for _, c := range d.credits {
		if s >= c[0] && e <= c[1] {
			return true
		}
	}
	return false
}
