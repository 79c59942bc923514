package extract

import (
	"math/rand"
	"reflect"
	"regexp"
	"sort"
	"strings"
	"testing"
	"unicode/utf8"
)

// creditSpansScan is creditSpans as it was, running every pattern over the
// whole text: the reference the line-by-line search must agree with.
func creditSpansScan(text string) [][2]int {
	out := [][2]int{}
	for _, re := range []*regexp.Regexp{
		regexp.MustCompile(`\(\s*` + agencyNames + `(?:\s*[,/;]\s*(?:and\s+)?` + agencyNames + `)*\s*\)`),
		regexp.MustCompile(`(?m)^[ \t]*(?:[a-z]{2,4}(?:/[a-z]{2,4})+[ \t]*(?:\([^()\n]*\))?|` + agencyNames + `(?:\s*[,/;]\s*(?:and\s+)?` + agencyNames + `)+)[ \t]*$`),
		regexp.MustCompile(`(?m)\s[a-z]{2,4}(?:/[a-z]{2,4})+[ \t]*(?:\([^()\n]*\))?[ \t]*$`),
		regexp.MustCompile(`\bDW's\b`),
		regexp.MustCompile(`(?i)\bbroadcasting hours:[^\n]*`),
	} {
		for _, m := range re.FindAllStringIndex(text, -1) {
			out = append(out, [2]int{utf8.RuneCountInString(text[:m[0]]), utf8.RuneCountInString(text[:m[1]])})
		}
	}
	sort.Slice(out, func(i, j int) bool { return out[i][0] < out[j][0] || out[i][0] == out[j][0] && out[i][1] < out[j][1] })
	return out
}

func TestCreditSpansMatchScan(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	pieces := []string{"\n", "\n\n", " ", "\t", "jar/msh", "ss/kms", " (AP, Reuters)", "dpa, Reuters", "dpa,\nReuters", "AFP, dpa, AP",
		"(AFP)", "(dpa/AFP)", "( Reuters )", "DW's", "DW’s", "Dé", "next day.", "a/b", "/", "Reuters", ",", ";", " and ", "(", ")", "é",
		"Broadcasting Hours: DW (English) SUN 25.06.2017 – 01:15 UTC", "broadcasting hours:", "Hong Kong UTC +8 | "}
	for n := 0; n < 5000; n++ {
		var b strings.Builder
		for k := rng.Intn(20); k >= 0; k-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		text := b.String()
		got := creditSpans(text)
		sort.Slice(got, func(i, j int) bool { return got[i][0] < got[j][0] || got[i][0] == got[j][0] && got[i][1] < got[j][1] })
		if want := creditSpansScan(text); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: %v, want %v", text, got, want)
		}
	}
}
