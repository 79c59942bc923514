package input

import (
	"bufio"
	"encoding/json"
	"math/rand"
	"os"
	"path/filepath"
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

// Wire datelines give the article's date, with or without an agency.
func TestDatelines(t *testing.T) {
	for _, tc := range []struct{ text, want string }{
		{"EU REJECTS GERMAN CALL TO BOYCOTT BRITISH LAMB.\nBRUSSELS 1996-08-22\nThe European Commission said on Thursday ...", "1996-08-22"},
		{"WASHINGTON, Aug 22, 1996 - President Bill Clinton said ...", "1996-08-22"},
		{"LONDON, March 23, 2024 (dpa) - Talks resumed ...", "2024-03-23"},
		{"BAGHDAD, March 23, 2024 (Reuters) - The ambassador said ...", "2024-03-23"},
		{"Talks resumed on Friday. 1996-08-22 was a Thursday.", ""},
		{"Prices\n\nrose.\nMore text\nNEW YORK 1996-08-22", ""}, // not at the top
	} {
		if got := datelineDate(tc.text); got != tc.want {
			t.Errorf("%q: %q, want %q", tc.text, got, tc.want)
		}
	}
}

// On the real Reuters articles of CoNLL-2003 dev, every article whose
// second line is a dateline gets its date from it.
func TestDatelinesOnCoNLL(t *testing.T) {
	path := filepath.Join("..", "..", "..", "shared", "data", "conll2003", "dev_docs.jsonl")
	f, err := os.Open(path)
	if err != nil {
		t.Skipf("no %s: the annotated data lives outside the repository", path)
	}
	defer f.Close()
	iso := regexp.MustCompile(`(?m)^[A-Z].*\s(\d{4}-\d{2}-\d{2})\s*$`)
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 16<<20)
	n, dated := 0, 0
	for sc.Scan() {
		var rec struct{ Text string }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatal(err)
		}
		lines := strings.SplitN(rec.Text, "\n", 3)
		if len(lines) < 2 {
			continue
		}
		m := iso.FindStringSubmatch(lines[1])
		if m == nil {
			continue
		}
		n++
		if datelineDate(rec.Text) == m[1] {
			dated++
		}
	}
	if n < 100 || dated < n*95/100 {
		t.Errorf("%d of %d articles with a dateline dated by it", dated, n)
	}
	t.Logf("%d of %d articles with a dateline dated by it", dated, n)
}
