package extract

import (
	"math/rand"
	"reflect"
	"regexp"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
)

// parseTextSplit is ParseText as it was, splitting the whole text with a
// pattern: the reference the line-by-line splitter must agree with.
func parseTextSplit(text string) []newsgraph.Article {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out []newsgraph.Article
	var pending []string
	for _, block := range regexp.MustCompile(`\n[ \t]*\n(?:[ \t]*\n)+`).Split(text, -1) {
		lines := append(pending, splitLines(block)...)
		if !hasBody(lines) {
			pending = lines
			continue
		}
		pending = nil
		if a := parseArticle(lines); a.Text != "" {
			out = append(out, a)
		}
	}
	if len(pending) > 0 {
		if a := parseArticle(pending); a.Text != "" {
			out = append(out, a)
		}
	}
	return out
}

// TestParseTextMatchesSplit: ParseText, which reads its text line by line,
// finds the articles the whole-text split found, on random texts of
// headlines, bodies, captions and blank lines of every kind.
func TestParseTextMatchesSplit(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	pieces := []string{"\n", "\n", "\n", "\r\n", " \t\n", "\t\n", "\r", " ", "\n\n\n",
		"Kenya's president visits Ethiopia",
		"Kenyan President William Ruto visited Addis Ababa, Ethiopia on Saturday for talks with Prime Minister Abiy Ahmed. They met twice.",
		"A caption of the photo. REUTERS/Jane Doe", "TT", "BAGHDAD, March 23, 2024 (Reuters) - The talks began.",
		"short line", strings.Repeat("long body words ", 10) + "end. More."}
	seed := readSeed(t)
	texts := []string{"", "\n", "\n\n\n", " \n\n\n", "a\n\n\nb", seed[0].Text, seed[1].Text}
	for n := 0; n < 3000; n++ {
		var b strings.Builder
		for k := rng.Intn(30); k >= 0; k-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		texts = append(texts, b.String())
	}
	for _, text := range texts {
		want := parseTextSplit(text)
		if got := ParseText(text); !reflect.DeepEqual(got, want) {
			t.Fatalf("%q:\ngot  %+v\nwant %+v", text, got, want)
		}
		// Read streams the same articles, whatever its buffer's size.
		got, _ := Read("t.txt", strings.NewReader(text), ReadOptions{Format: FormatText})
		for i := range got {
			got[i].Source = ""
		}
		if len(got) != len(want) || len(got) > 0 && !reflect.DeepEqual(got, want) {
			t.Fatalf("Read %q:\ngot  %+v\nwant %+v", text, got, want)
		}
	}
}
