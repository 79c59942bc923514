package extract

import (
	"fmt"
	"regexp"
	"sort"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract/input"
	"github.com/newsgraph/newsgraph/internal/peak"
)

// The pathological inputs of docs/RELIABILITY.md that test extraction,
// generated here at any size rather than kept as files, and measured by
// BenchmarkPathological (extract/input's measures reading):
//
//	go test ./extract ./extract/input -run XXX -bench Pathological -benchtime 1x -benchmem

// longArticle is news text of about n bytes: the first seed article's
// paragraphs (names, titles, quotations, speech verbs) over and over, one
// article.
func longArticle(tb testing.TB, n int) string {
	paras := strings.Split(readSeed(tb)[0].Text, "\n\n")
	var b strings.Builder
	for i := 0; b.Len() < n; i++ {
		b.WriteString(paras[i%len(paras)])
		b.WriteString("\n\n")
	}
	return b.String()
}

// nameSentence is one sentence naming n distinct places (cities of the
// gazetteer, one word each).
func nameSentence(n int) string {
	word := regexp.MustCompile(`^[A-Z][a-z]{3,}$`)
	var names []string
	for k := range embeddedLexicon().geo {
		if word.MatchString(k) {
			names = append(names, k)
		}
	}
	sort.Strings(names)
	return "Delegates from " + strings.Join(names[:n-1], ", ") + " and " + names[n-1] + " met in Geneva on Monday."
}

// runOnSentence is n bytes of one sentence that never ends, dense with
// names and facts.
func runOnSentence(n int) string {
	return repeatTo("Joe Biden met Olaf Scholz in Berlin and ", n)
}

// lineArticle is n bytes of one article of one-line sentences, no blank
// line between them.
func lineArticle(n int) string {
	return repeatTo("Joe Biden met Olaf Scholz in Berlin on Monday.\n", n)
}

func repeatTo(s string, n int) string {
	return strings.Repeat(s, n/len(s)+1)[:n/len(s)*len(s)]
}

func BenchmarkPathological(b *testing.B) {
	x := New()
	x.Extract(newsgraph.Article{Text: "Joe Biden met Olaf Scholz."}) // models loaded before the clock starts
	extractCase := func(name string, text func() string) {
		b.Run("extract/"+name, func(b *testing.B) {
			t := text()
			var ex newsgraph.Extraction
			peak.Bench(b, len(t), func() { ex = x.Extract(newsgraph.Article{Text: t}) })
			b.ReportMetric(float64(len(ex.Mentions)), "mentions")
			b.ReportMetric(float64(len(ex.Relations)), "facts")
		})
	}
	for _, kb := range []int{100, 200, 400, 1000, 5000} {
		extractCase("article-"+itoa(kb)+"kB", func() string { return longArticle(b, kb*1000) })
	}
	for _, n := range []int{250, 500, 1000, 2000} {
		extractCase("names-"+itoa(n), func() string { return nameSentence(n) })
	}
	for _, n := range []int{2000, 20000} {
		extractCase("organisations-"+itoa(n), func() string { return orgArticle(n) })
	}
	extractCase("run-on-sentence-1MB", func() string { return runOnSentence(1_000_000) })
	extractCase("run-on-sentence-8MiB", func() string { return runOnSentence(input.DefaultMaxArticleSize) })
	extractCase("lines-1MB", func() string { return lineArticle(1_000_000) })
	extractCase("lines-8MiB", func() string { return lineArticle(input.DefaultMaxArticleSize) })
	extractCase("name-of-50000-bytes", func() string {
		return "German Chancellor Olaf Scholz met X" + strings.Repeat("y", 50000) + " in Berlin."
	})
}

// orgArticle is an article of n sentences, each naming one of up to
// 27,000 organisations of three words and "Corporation": resolving short
// names against long ones must not cost the square of their number (it
// took 26 s for a 1 MB article of 20,000 such sentences when it did).
func orgArticle(n int) string {
	words := []string{"Alpha", "Beta", "Gamma", "Delta", "Omega", "Sigma", "Kappa", "Zeta", "Theta", "Lambda",
		"Nova", "Terra", "Aqua", "Ignis", "Ventus", "Lumen", "Astra", "Vita", "Mare", "Silva", "Petra", "Flora",
		"Fauna", "Aurum", "Ferrum", "Cuprum", "Nimbus", "Argent", "Stannum", "Plumbum"}
	var b strings.Builder
	for i := 0; i < n; i++ {
		k := i * 7919 // a prime walk through the 27,000 names
		fmt.Fprintf(&b, "The %s %s %s Corporation said it grew. ", words[k%30], words[k/30%30], words[k/900%30])
	}
	return b.String()
}

func itoa(n int) string {
	s := ""
	for ; n > 0 || s == ""; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}
