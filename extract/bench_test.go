package extract

import (
	"bufio"
	"encoding/json"
	"os"
	"runtime"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
)

// benchCorpus is the CoNLL-2003 dev articles when ../shared/data is present,
// else the seed articles.
func benchCorpus(b *testing.B) []newsgraph.Article {
	if f, err := os.Open("../../shared/data/conll2003/dev_docs.jsonl"); err == nil {
		defer f.Close()
		var arts []newsgraph.Article
		sc := bufio.NewScanner(f)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			var r struct{ Text string }
			if json.Unmarshal(sc.Bytes(), &r) == nil {
				arts = append(arts, newsgraph.Article{Text: r.Text})
			}
		}
		return arts
	}
	return readSeed(b)
}

func BenchmarkExtract(b *testing.B) {
	arts := benchCorpus(b)
	words := 0
	for _, a := range arts {
		words += len(strings.Fields(a.Text))
	}
	x := New()
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, a := range arts {
			x.Extract(a)
		}
	}
	b.ReportMetric(float64(words)*float64(b.N)/b.Elapsed().Seconds(), "words/s")
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	b.ReportMetric(float64(ms.Sys)/(1<<20), "MB-sys")
}

// BenchmarkTagger measures the tagger alone (features, weights, Viterbi)
// on the benchmark corpus, already split into sentences.
func BenchmarkTagger(b *testing.B) {
	arts := benchCorpus(b)
	docs := make([][][]Token, len(arts))
	tokens := 0
	for i, a := range arts {
		for _, s := range Sentences(a.Text) {
			docs[i] = append(docs[i], s.Tokens)
			tokens += len(s.Tokens)
		}
	}
	t, lx := DefaultTagger(), embeddedLexicon() // loaded before the clock starts
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		for _, d := range docs {
			t.tagDoc(lx, d)
		}
	}
	b.ReportMetric(float64(tokens)*float64(b.N)/b.Elapsed().Seconds(), "tokens/s")
}

// BenchmarkLoadLexicon measures what the first extractor of a run pays for
// the lexicons and gazetteer, which load on first use (docs/PERFORMANCE.md).
func BenchmarkLoadLexicon(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := loadLexicon(); err != nil {
			b.Fatal(err)
		}
	}
}
