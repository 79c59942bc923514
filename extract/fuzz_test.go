package extract

import (
	"os"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract/input"
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
	f.Add([]byte("“We will win,” Najib Mikati said. He said: \"it is over\". The group struck Metula."), "text")
	x := New()
	f.Fuzz(func(t *testing.T, data []byte, format string) {
		arts, _ := input.Read("fuzz", strings.NewReader(string(data)), input.ReadOptions{Format: input.Format(format)})
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
	for _, s := range []string{"Caretaker Prime Minister Najib Mikati visited Tyre.", "'s -- Al- al-", "ISIS-K, claimed responsibility for an attack near Moscow", "\u00a0\u200b”“",
		// The affiliation rules look both ways from a name and across lists.
		"tutor, Jean Dupont", "Jane Roe, the American writer", "EU member states, only Poland and", "Olaf Scholz (SPD",
		"German carmakers Volkswagen, Daimler and", "the director of Moscow's Pushkin Museum, Ivan", "Berlin-based writer,",
		"He moved to", "Jane Roe traveled to Vienna and Prague,", "told Britain's"} {
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
	for _, q := range ex.Quotes {
		if q.Speaker < 0 || q.Speaker >= len(ex.Mentions) || q.Addressee >= len(ex.Mentions) || q.Start < 0 || q.End > n || q.Start >= q.End || q.Text == "" {
			t.Fatalf("bad quote %+v in %q", q, a.Text)
		}
	}
}

// FuzzTag feeds arbitrary UTF-8 to the tokenizer and tagger: spans lie
// inside the text, in order, without overlap, on token boundaries, with
// the model's types, and ReadAnnotated never panics on the same bytes.
func FuzzTag(f *testing.F) {
	f.Add("US Ambassador to Iraq Alina Romanowski told Reuters.")
	f.Add("M. Waugh c and b Jayasuriya 50\nO'BRIEN WINS\n\n'")
	f.Add("José Martí — ÇA VA? ١٢٣ 中文 \u200d\U0001F600 al-Sudani's")
	f.Add(`{"id":"a","text":"Tom","entities":[{"start":0,"end":3,"type":"PER"}]}`)
	tg := DefaultTagger()
	types := map[string]bool{}
	for _, ty := range tg.Types() {
		types[ty] = true
	}
	f.Fuzz(func(t *testing.T, text string) {
		if !utf8.ValidString(text) {
			return
		}
		ReadAnnotated("fuzz", strings.NewReader(text))
		n := utf8.RuneCountInString(text)
		starts, ends := map[int]bool{}, map[int]bool{}
		for _, s := range Sentences(text) {
			for _, tok := range s.Tokens {
				starts[tok.Start], ends[tok.End] = true, true
			}
		}
		prev := 0
		for _, sp := range tg.Tag(text) {
			if sp.Start < prev || sp.End <= sp.Start || sp.End > n {
				t.Fatalf("span %+v after %d in a text of %d characters", sp, prev, n)
			}
			if !starts[sp.Start] || !ends[sp.End] {
				t.Fatalf("span %+v is not on token boundaries", sp)
			}
			if !types[sp.Type] {
				t.Fatalf("span type %q is not the model's", sp.Type)
			}
			prev = sp.End
		}
	})
}
