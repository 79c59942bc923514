package extract

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph"
)

// FuzzRead feeds arbitrary bytes to every reader and checks that extraction
// never panics and every offset points into the text.
func FuzzRead(f *testing.F) {
	seed, _ := os.ReadFile("../testdata/seed.txt")
	html, _ := os.ReadFile("../testdata/article.html")
	jsonl, _ := os.ReadFile("../testdata/articles.jsonl")
	f.Add(seed, "text")
	f.Add(html, "html")
	f.Add(jsonl, "jsonl")
	f.Add([]byte("U.S. Ambassador to Iraq Alina Romanowski -- al-\n\n\n'"), "text")
	f.Add([]byte("{\"text\":\"\\u0000 Ça\"}"), "jsonl")
	x := New()
	f.Fuzz(func(t *testing.T, data []byte, format string) {
		arts, _ := Read("fuzz", strings.NewReader(string(data)), ReadOptions{Format: Format(format)})
		for _, a := range arts {
			if !utf8.ValidString(a.Text) {
				t.Fatalf("article text is not UTF-8")
			}
			checkExtraction(t, a, x.Extract(a))
		}
	})
}

// FuzzExtract runs the tokenizer and extraction on arbitrary UTF-8.
func FuzzExtract(f *testing.F) {
	for _, s := range []string{"Caretaker Prime Minister Najib Mikati visited Tyre.", "'s -- Al- al-", "ISIS-K, claimed responsibility for an attack near Moscow", "\u00a0\u200b”“"} {
		f.Add(s)
	}
	x := New()
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		checkExtraction(t, newsgraph.Article{Text: s}, x.Extract(newsgraph.Article{Text: s}))
	})
}

func checkExtraction(t *testing.T, a newsgraph.Article, ex newsgraph.Extraction) {
	t.Helper()
	n := utf8.RuneCountInString(a.Text)
	for _, m := range ex.Mentions {
		if m.Start < 0 || m.End > n || m.Start >= m.End || substr(a.Text, m.Start, m.End) != m.Text {
			t.Fatalf("bad mention %+v in %q", m, a.Text)
		}
	}
	for _, r := range ex.Relations {
		if r.Subject < 0 || r.Subject >= len(ex.Mentions) || r.Object < 0 || r.Object >= len(ex.Mentions) {
			t.Fatalf("relation %+v points outside the mentions", r)
		}
		if r.Confidence <= 0 || r.Confidence > 1 || substr(a.Text, r.Start, r.End) != r.Evidence {
			t.Fatalf("bad relation %+v", r)
		}
	}
}
