package input

import (
	"io"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/internal/peak"
)

// The pathological inputs of docs/RELIABILITY.md that test reading,
// generated here at any size rather than kept as files, and measured by
// BenchmarkPathological (extract's measures extraction):
//
//	go test ./extract ./extract/input -run XXX -bench Pathological -benchtime 1x -benchmem

// nestedHTML is a page of depth nested <div>s around paragraphs of about
// n bytes in all.
func nestedHTML(depth, n int) string {
	para := "<p>Kenyan President William Ruto visited Addis Ababa, Ethiopia on Saturday for talks, officials said.</p>\n"
	return "<html><body>" + strings.Repeat("<div>", depth) + repeatTo(para, n) + strings.Repeat("</div>", depth) + "</body></html>"
}

func repeatTo(s string, n int) string {
	return strings.Repeat(s, n/len(s)+1)[:n/len(s)*len(s)]
}

func BenchmarkPathological(b *testing.B) {
	readCase := func(name string, size int, input func() io.Reader, format Format) {
		b.Run("read/"+name, func(b *testing.B) {
			input() // the fixture is made before the clock starts
			peak.Bench(b, size, func() {
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
