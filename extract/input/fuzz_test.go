package input

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/net/html"
	"golang.org/x/net/html/atom"
)

// FuzzDecodeInput reads arbitrary bytes in every format, under an
// arbitrary bound on an article, as they are and as UTF-16: no article
// holds a NUL or invalid UTF-8 or is longer than its bound allows, and
// UTF-16 with a byte-order mark reads as the same characters in UTF-8 do.
func FuzzDecodeInput(f *testing.F) {
	seed, _ := os.ReadFile("../../testdata/seed.txt")
	f.Add(seed, "", int16(0))
	f.Add([]byte("{\"text\":\"\\u0000 Ça\"}\n{\"text\":\"a\x00b\"}"), "jsonl", int16(20))
	f.Add([]byte("caf\xe9 au lait, Joe Biden said.\n\n\nA second article \xc3\xa9."), "text", int16(30))
	f.Add([]byte("\xff\xfeJ\x00o\x00e\x00"), "", int16(0))
	f.Add([]byte("\xfe\xff\x00J\x00o\x00e"), "text", int16(0))
	f.Add([]byte("J\x00o\x00e\x00 \x00B\x00i\x00d\x00e\x00n\x00"), "", int16(0))
	f.Add([]byte("<html><body><p>Joe \x00Biden met Olaf Scholz.</p></body></html>"), "html", int16(-1))
	f.Fuzz(func(t *testing.T, data []byte, format string, max int16) {
		opt := ReadOptions{Format: Format(format), MaxArticleSize: int64(max)}
		arts, err := Read("fuzz", bytes.NewReader(data), opt)
		for _, a := range arts {
			if !utf8.ValidString(a.Text) || strings.IndexByte(a.Text, 0) >= 0 {
				t.Fatalf("article text %q: invalid UTF-8 or a NUL", a.Text)
			}
			if max > 0 && len(a.Text) > 2*int(max)+2 {
				t.Fatalf("an article of %d bytes under a bound of %d", len(a.Text), max)
			}
		}
		if !utf8.Valid(data) || bytes.HasPrefix(data, utf8BOM) || bytes.HasPrefix(data, []byte{0}) {
			return // not UTF-8, or read as a mark (U+0000 after a UTF-16 mark reads as UTF-32's)
		}
		arts16, err16 := Read("fuzz", bytes.NewReader(utf16Bytes(string(data), len(data)%2 == 0, true)), opt)
		if fmt.Sprint(err) != fmt.Sprint(err16) || !reflect.DeepEqual(arts, arts16) {
			t.Fatalf("UTF-16 read differently:\n%v %+v\n%v %+v", err, arts, err16, arts16)
		}
	})
}

// FuzzFlattenHTML parses arbitrary HTML and bounds its depth: no element
// is deeper than the bound after, the text is kept in order, and a tree no
// deeper is left untouched.
func FuzzFlattenHTML(f *testing.F) {
	page, _ := os.ReadFile("../../testdata/article.html")
	f.Add(page, uint8(6))
	f.Add([]byte(strings.Repeat("<div><p>a<b>b", 30)+"<script>x</script>c<br>d"), uint8(5))
	f.Add([]byte("<table><tr><td><svg><path/><g><text>t</text></g></svg><template><p>x</p></template>"), uint8(3))
	f.Fuzz(func(t *testing.T, data []byte, bound uint8) {
		root, err := html.Parse(bytes.NewReader(data))
		if err != nil {
			return // nested more than 512 deep: refused
		}
		limit := int(bound) + 1
		before, deep := renderHTML(t, root), elementDepth(root, 0)
		text := visibleText(root)
		flattenHTML(root, limit)
		if d := elementDepth(root, 0); d > limit {
			t.Fatalf("an element %d deep after flattening to %d", d, limit)
		}
		if deep <= limit && renderHTML(t, root) != before {
			t.Fatalf("a tree %d deep changed when flattened to %d", deep, limit)
		}
		if got := strings.ReplaceAll(visibleText(root), "\n", ""); got != strings.ReplaceAll(text, "\n", "") {
			t.Fatalf("text %q became %q", text, got)
		}
	})
}

func renderHTML(t *testing.T, n *html.Node) string {
	var b strings.Builder
	if err := html.Render(&b, n); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// elementDepth is the depth of the deepest element under n, which is at
// depth d.
func elementDepth(n *html.Node, d int) int {
	deepest := 0
	if n.Type == html.ElementNode {
		deepest = d
	}
	for c := n.FirstChild; c != nil; c = c.NextSibling {
		deepest = max(deepest, elementDepth(c, d+1))
	}
	return deepest
}

// visibleText is the text of the tree, outside scripts, styles, templates
// and noscript elements, which flattening drops.
func visibleText(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node, bool)
	walk = func(n *html.Node, hidden bool) {
		switch n.DataAtom {
		case atom.Script, atom.Style, atom.Template, atom.Noscript:
			hidden = hidden || n.Type == html.ElementNode
		}
		if n.Type == html.TextNode && !hidden {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c, hidden)
		}
	}
	walk(n, false)
	return b.String()
}

// FuzzLineReader reads arbitrary bytes line by line through a small
// buffer: the lines are strings.Split's (less the carriage return before
// a line break), each longer than the bound reported as too long.
func FuzzLineReader(f *testing.F) {
	f.Add([]byte("a\r\nb\n\nccc\r"), uint8(2))
	f.Add([]byte(strings.Repeat("x", 100)+"\n\r\n"), uint8(17))
	f.Add([]byte(""), uint8(0))
	f.Fuzz(func(t *testing.T, data []byte, bound uint8) {
		lr := &lineReader{br: bufio.NewReaderSize(bytes.NewReader(data), 16), max: int64(bound)}
		want := strings.Split(string(data), "\n")
		var off int64
		for i := 0; ; i++ {
			l, ok, err := lr.next()
			if err != nil || !ok {
				if err != nil || i != len(want) {
					t.Fatalf("%d lines of %d, err %v", i, len(want), err)
				}
				break
			}
			w := want[i]
			if l.terminated = i < len(want)-1; l.terminated {
				w = strings.TrimSuffix(w, "\r")
			}
			if l.number != i+1 || l.offset != off {
				t.Fatalf("line %d at %d, want %d at %d", l.number, l.offset, i+1, off)
			}
			off += l.size
			if tooLong := bound > 0 && len(w) > int(bound); l.tooLong != tooLong || !tooLong && string(l.text) != w {
				t.Fatalf("line %d: %q (too long %v), want %q", i+1, l.text, l.tooLong, w)
			}
		}
		if off != int64(len(data)) {
			t.Fatalf("lines of %d bytes in all, want %d", off, len(data))
		}
	})
}
