package extract

import (
	"io"
	"regexp"
	"runtime"
	"runtime/metrics"
	"sort"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/newsgraph/newsgraph"
)

// The pathological inputs of docs/RELIABILITY.md, generated here at any
// size rather than kept as files, and measured by BenchmarkPathological:
//
//	go test ./extract -run XXX -bench Pathological -benchtime 1x -benchmem

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

// nestedHTML is a page of depth nested <div>s around paragraphs of about
// n bytes in all.
func nestedHTML(depth, n int) string {
	para := "<p>Kenyan President William Ruto visited Addis Ababa, Ethiopia on Saturday for talks, officials said.</p>\n"
	return "<html><body>" + strings.Repeat("<div>", depth) + repeatTo(para, n) + strings.Repeat("</div>", depth) + "</body></html>"
}

// measurePeak runs f and returns the most heap memory that objects took
// while it ran above what they took before, sampled every millisecond.
func measurePeak(f func()) uint64 {
	sample := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
	runtime.GC()
	metrics.Read(sample)
	base := sample[0].Value.Uint64()
	var peak atomic.Uint64
	stop, done := make(chan struct{}), make(chan struct{})
	go func() {
		defer close(done)
		s := []metrics.Sample{{Name: "/memory/classes/heap/objects:bytes"}}
		tick := time.NewTicker(time.Millisecond)
		defer tick.Stop()
		for {
			metrics.Read(s)
			if v := s[0].Value.Uint64(); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				return
			case <-tick.C:
			}
		}
	}()
	f()
	close(stop)
	<-done
	if p := peak.Load(); p > base {
		return p - base
	}
	return 0
}

// benchPeak runs op b.N times and reports, besides ns/op and B/op, the
// peak heap over the runs in MB ("peak-MB").
func benchPeak(b *testing.B, size int, op func()) {
	b.ReportAllocs()
	b.SetBytes(int64(size))
	b.ResetTimer()
	var peak uint64
	for i := 0; i < b.N; i++ {
		peak = max(peak, measurePeak(op))
	}
	b.ReportMetric(float64(peak)/1e6, "peak-MB")
}

func BenchmarkPathological(b *testing.B) {
	x := New()
	x.Extract(newsgraph.Article{Text: "Joe Biden met Olaf Scholz."}) // models loaded before the clock starts
	extractCase := func(name string, text func() string) {
		b.Run("extract/"+name, func(b *testing.B) {
			t := text()
			var ex newsgraph.Extraction
			benchPeak(b, len(t), func() { ex = x.Extract(newsgraph.Article{Text: t}) })
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
	extractCase("run-on-sentence-1MB", func() string { return runOnSentence(1_000_000) })
	extractCase("run-on-sentence-8MiB", func() string { return runOnSentence(DefaultMaxArticleSize) })
	extractCase("lines-1MB", func() string { return lineArticle(1_000_000) })
	extractCase("lines-8MiB", func() string { return lineArticle(DefaultMaxArticleSize) })
	extractCase("name-of-50000-bytes", func() string {
		return "German Chancellor Olaf Scholz met X" + strings.Repeat("y", 50000) + " in Berlin."
	})

	readCase := func(name string, size int, input func() io.Reader, format Format) {
		b.Run("read/"+name, func(b *testing.B) {
			input() // the fixture is made before the clock starts
			benchPeak(b, size, func() {
				ReadEach(name, input(), ReadOptions{Format: format}, func(a newsgraph.Article) error { return nil })
			})
		})
	}
	// Streamed: none of these is ever in memory whole.
	readCase("zeros-400MB", 400<<20, func() io.Reader { return &repeatReader{b: 0, n: 400 << 20} }, FormatAuto)
	readCase("jsonl-record-70MiB", 70<<20, func() io.Reader {
		return io.MultiReader(strings.NewReader(`{"text":"`), &repeatReader{b: 'a', n: 70 << 20}, strings.NewReader("\"}\n{\"text\":\"Joe Biden met Olaf Scholz.\"}\n"))
	}, FormatJSONL)
	readCase("text-1M-lines-25MB", 25_000_000, func() io.Reader {
		return &repeatReader{s: "Joe Biden met Olaf Scholz in Berlin.\n", n: 25_000_000}
	}, FormatText)
	html := func(depth, n int) func() io.Reader {
		var page string // made on first use, outside the measurement
		return func() io.Reader {
			if page == "" {
				page = nestedHTML(depth, n)
			}
			return strings.NewReader(page)
		}
	}
	readCase("html-100000-nested", 100000*11+1000, html(100000, 1000), FormatHTML)
	readCase("html-500-nested-1MB", 1_000_000, html(500, 1_000_000), FormatHTML)
	readCase("html-500-nested-8MiB", DefaultMaxArticleSize, html(500, DefaultMaxArticleSize-10000), FormatHTML)
	readCase("html-flat-8MiB", DefaultMaxArticleSize, html(1, DefaultMaxArticleSize-10000), FormatHTML)
}

func itoa(n int) string {
	s := ""
	for ; n > 0 || s == ""; n /= 10 {
		s = string(rune('0'+n%10)) + s
	}
	return s
}
