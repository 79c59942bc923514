package input

import (
	"bytes"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"codeberg.org/readeck/go-readability/v2"
	"golang.org/x/net/html"

	"github.com/newsgraph/newsgraph"
)

// readAll reads input as name with opt and returns its articles' texts
// and its errors, one per line.
func readAll(t *testing.T, name string, r io.Reader, opt ReadOptions) ([]string, []string) {
	t.Helper()
	var texts []string
	err := ReadEach(name, r, opt, func(a newsgraph.Article) error {
		texts = append(texts, a.Text)
		return nil
	})
	var errs []string
	if err != nil {
		errs = strings.Split(err.Error(), "\n")
	}
	return texts, errs
}

// TestRecordOverLimit: a JSON Lines record longer than the limit is
// reported with its line and skipped, and the records after it are read;
// it is never held in memory whole.
func TestRecordOverLimit(t *testing.T) {
	good := `{"id":"a","text":"Joe Biden met Olaf Scholz in Berlin."}` + "\n"
	// 70 MiB of one record, more than bufio.Scanner's 64 MiB that used to
	// stop the reading, streamed rather than built.
	huge := io.MultiReader(strings.NewReader(`{"id":"big","text":"`), &repeatReader{b: 'a', n: 70 << 20}, strings.NewReader("\"}\n"))
	r := io.MultiReader(strings.NewReader(good), huge, strings.NewReader(strings.Replace(good, `"a"`, `"c"`, 1)))
	texts, errs := readAll(t, "feed.jsonl", r, ReadOptions{})
	if len(texts) != 2 {
		t.Errorf("read %d records, want the 2 around the large one", len(texts))
	}
	if len(errs) != 1 || !strings.HasPrefix(errs[0], "feed.jsonl:2: record of 70.0 MiB, over the limit of 8 MiB") {
		t.Errorf("errors %q, want line 2 over the limit", errs)
	}
	// The limit is the option's; a negative one is none.
	texts, errs = readAll(t, "feed.jsonl", strings.NewReader(good+strings.Repeat(" ", 100)+good), ReadOptions{MaxArticleSize: 80})
	if len(texts) != 1 || len(errs) != 1 || !strings.Contains(errs[0], "feed.jsonl:2: record of 157 bytes, over the limit of 80 bytes") {
		t.Errorf("limit 80: %d records, errors %q", len(texts), errs)
	}
	if texts, errs = readAll(t, "feed.jsonl", strings.NewReader(good+good), ReadOptions{MaxArticleSize: -1}); len(texts) != 2 || errs != nil {
		t.Errorf("no limit: %d records, errors %q", len(texts), errs)
	}
}

// TestTextArticleOverLimit: in a text file of several articles, one longer
// than the limit is reported with its first line and skipped; the others
// are read. A text without a break of two blank lines is one article.
func TestTextArticleOverLimit(t *testing.T) {
	body := "Kenyan President William Ruto visited Addis Ababa, Ethiopia on Saturday for talks. They met twice.\n"
	long := "Headline of the long one\n\n" + strings.Repeat(body, 20)
	text := body + "\n\n\n" + long + "\n\n\n" + body
	texts, errs := readAll(t, "news.txt", strings.NewReader(text), ReadOptions{MaxArticleSize: 1000})
	if len(texts) != 2 {
		t.Errorf("read %d articles, want 2", len(texts))
	}
	if len(errs) != 1 || !strings.HasPrefix(errs[0], "news.txt:5: article of 2006 bytes, over the limit of 1000 bytes") {
		t.Errorf("errors %q, want the article at line 5", errs)
	}
	// 25 MB of one million lines and no paragraph break: one article, too
	// large, refused while it is read, and the file's end still reached.
	lines := &repeatReader{s: "Joe Biden met Olaf Scholz in Berlin 17.\n", n: 1_000_000 * 40}
	texts, errs = readAll(t, "lines.txt", io.MultiReader(lines, strings.NewReader("\n\n\n"+body)), ReadOptions{})
	if len(texts) != 1 || len(errs) != 1 || !strings.HasPrefix(errs[0], "lines.txt:1: article of 38.1 MiB, over the limit of 8 MiB") {
		t.Errorf("a million lines: %d articles, errors %q", len(texts), errs)
	}
}

// TestHTMLOverLimit: an HTML page larger than the limit is refused
// without being read further.
func TestHTMLOverLimit(t *testing.T) {
	page := &repeatReader{s: "<p>Some text of the page.</p>", n: 1 << 30}
	_, errs := readAll(t, "page.html", io.MultiReader(strings.NewReader("<html><body>"), page), ReadOptions{})
	if len(errs) != 1 || !strings.Contains(errs[0], "page.html: HTML page over the limit of 8 MiB") {
		t.Errorf("errors %q", errs)
	}
	if page.read > 9<<20 {
		t.Errorf("read %d bytes of the page to refuse it", page.read)
	}
}

// TestEndlessZerosRefused: input that never ends and is not text (what
// /dev/zero gives) is refused from its first bytes, in every format.
func TestEndlessZerosRefused(t *testing.T) {
	for _, f := range []Format{FormatAuto, FormatText, FormatJSONL, FormatHTML} {
		zeros := &repeatReader{b: 0, n: 1 << 62}
		_, errs := readAll(t, "/dev/zero", zeros, ReadOptions{Format: f})
		if len(errs) != 1 || errs[0] != "/dev/zero: binary file (contains NUL bytes)" {
			t.Errorf("%q: errors %q", f, errs)
		}
		if zeros.read > 128<<10 {
			t.Errorf("%q: read %d bytes to refuse it", f, zeros.read)
		}
	}
}

// TestUTF16 reads UTF-16 with a byte-order mark, in both byte orders, as
// the same text in UTF-8, and refuses UTF-16 without one and UTF-32 by
// name rather than as binary.
func TestUTF16(t *testing.T) {
	text := "Le président français Emmanuel Macron a visité Berlin. Il a rencontré le chancelier allemand Olaf Scholz pour parler de l'Europe.\n\n\n" +
		"Kenyan President William Ruto visited Addis Ababa, Ethiopia on Saturday for talks with Abiy Ahmed. 😀"
	want, errs := readAll(t, "utf8.txt", strings.NewReader(text), ReadOptions{})
	if len(want) != 2 || errs != nil {
		t.Fatalf("UTF-8: %d articles, errors %q", len(want), errs)
	}
	for _, le := range []bool{true, false} {
		got, errs := readAll(t, "utf16.txt", bytes.NewReader(utf16Bytes(text, le, true)), ReadOptions{})
		if !slices.Equal(got, want) || errs != nil {
			t.Errorf("UTF-16 (little-endian %v): %q, errors %q", le, got, errs)
		}
		_, errs = readAll(t, "utf16.txt", bytes.NewReader(utf16Bytes(text, le, false)), ReadOptions{})
		if len(errs) != 1 || !strings.Contains(errs[0], "UTF-16 text without a byte-order mark") {
			t.Errorf("UTF-16 without a mark (little-endian %v): errors %q", le, errs)
		}
	}
	jsonl := `{"id":"a","text":"Joe Biden met Olaf Scholz."}` + "\n"
	if got, errs := readAll(t, "feed.jsonl", bytes.NewReader(utf16Bytes(jsonl, true, true)), ReadOptions{}); len(got) != 1 || errs != nil {
		t.Errorf("UTF-16 JSON Lines: %q, errors %q", got, errs)
	}
	_, errs = readAll(t, "utf32.txt", strings.NewReader("\xff\xfe\x00\x00J\x00\x00\x00o\x00\x00\x00"), ReadOptions{})
	if len(errs) != 1 || !strings.Contains(errs[0], "UTF-32 text") {
		t.Errorf("UTF-32: errors %q", errs)
	}
}

// utf16Bytes encodes s as UTF-16, with a byte-order mark or without.
func utf16Bytes(s string, littleEndian, mark bool) []byte {
	var out []byte
	put := func(u uint16) {
		if littleEndian {
			out = append(out, byte(u), byte(u>>8))
		} else {
			out = append(out, byte(u>>8), byte(u))
		}
	}
	if mark {
		put(0xfeff)
	}
	for _, u := range utf16.Encode([]rune(s)) {
		put(u)
	}
	return out
}

// TestNULBecomesReplacementCharacter: past an input's first 8 KiB (where
// a NUL byte makes it binary), a NUL in text, raw or escaped in JSON,
// becomes U+FFFD, one code point for one, in every format.
func TestNULBecomesReplacementCharacter(t *testing.T) {
	pad := strings.Repeat("Padding line of the file, nothing to see.\n", 250) + "\n\n\n" // > 8 KiB
	const want = "Joe Biden met \uFFFDOlaf Scholz in Berlin on Monday for talks on Ukraine. They agreed on aid."
	raw := strings.ReplaceAll(want, "\uFFFD", "\x00")
	for name, input := range map[string]string{
		"text.txt":      pad + raw + "\n",
		"raw.jsonl":     strings.Repeat(`{"text":"padding record"}`+"\n", 400) + `{"text":"` + raw + `"}` + "\n",
		"escaped.jsonl": `{"text":"` + strings.ReplaceAll(want, "\uFFFD", `\u0000`) + `"}` + "\n",
		"page.html":     "<html><body>" + strings.Repeat("<!-- padding comment -->\n", 400) + "<article><p>" + raw + "</p><p>" + raw + "</p><p>" + raw + "</p></article></body></html>",
	} {
		texts, errs := readAll(t, name, strings.NewReader(input), ReadOptions{})
		found := false
		for _, s := range texts {
			if strings.IndexByte(s, 0) >= 0 {
				t.Errorf("%s: a NUL in %q", name, s)
			}
			found = found || strings.Contains(s, want)
		}
		if !found {
			t.Errorf("%s: %q not among %q (errors %q)", name, want, texts, errs)
		}
	}
	// In the first 8 KiB, a NUL makes the file binary.
	if _, errs := readAll(t, "bin.txt", strings.NewReader(raw), ReadOptions{}); len(errs) != 1 || !strings.Contains(errs[0], "binary file") {
		t.Errorf("NUL at the start: errors %q", errs)
	}
}

// TestArticlesDecodedOneByOne: each article of a text file is decoded on
// its own, so one in Windows-1252 among UTF-8 ones is read, and one mixing
// the two fails alone, naming its line and byte.
func TestArticlesDecodedOneByOne(t *testing.T) {
	utf8 := "Le président Emmanuel Macron a visité Berlin. Il a rencontré le chancelier pour parler de l'Europe.\n"
	latin1 := "Le pr\xe9sident Emmanuel Macron a visit\xe9 Berlin. Il a rencontr\xe9 le chancelier pour parler de l'Europe.\n"
	mixed := "Le pr\xc3\xa9sident Emmanuel Macron a visit\xe9 Berlin. Il a rencontr\xe9 le chancelier pour parler de l'Europe.\n"
	texts, errs := readAll(t, "fr.txt", strings.NewReader(utf8+"\n\n\n"+latin1+"\n\n\n"+mixed), ReadOptions{})
	if len(texts) != 2 || texts[0] != texts[1] {
		t.Errorf("articles %q, want the same text twice", texts)
	}
	if len(errs) != 1 || !strings.HasPrefix(errs[0], "fr.txt:9: invalid UTF-8 at byte 246, mixed with valid UTF-8") {
		t.Errorf("errors %q", errs)
	}
}

// repeatReader reads n bytes: b over and over, or s over and over.
type repeatReader struct {
	b    byte
	s    string
	n    int64
	read int64
}

func (r *repeatReader) Read(p []byte) (int, error) {
	if r.read >= r.n {
		return 0, io.EOF
	}
	if int64(len(p)) > r.n-r.read {
		p = p[:r.n-r.read]
	}
	for i := range p {
		if r.s != "" {
			p[i] = r.s[(r.read+int64(i))%int64(len(r.s))]
		} else {
			p[i] = r.b
		}
	}
	r.read += int64(len(p))
	return len(p), nil
}

// TestDeepHTML: a page nested deeper than the parser allows is refused at
// once; one nested deeper than MaxHTMLDepth is read with its deep
// elements unwrapped; a normal page is read as readability reads it.
func TestDeepHTML(t *testing.T) {
	para := "<p>Kenyan President William Ruto visited Addis Ababa, Ethiopia on Saturday for talks with Prime Minister Abiy Ahmed, officials said.</p>"
	nested := func(depth int, inner string) string {
		return "<html><body>" + strings.Repeat("<div>", depth) + inner + strings.Repeat("</div>", depth) + "</body></html>"
	}
	_, errs := readAll(t, "deep.html", strings.NewReader(nested(100000, para)), ReadOptions{})
	if len(errs) != 1 || !strings.Contains(errs[0], "deep.html: cannot read the HTML: html: open stack of elements exceeds 512 nodes") {
		t.Errorf("100,000 nested elements: errors %q", errs)
	}
	texts, errs := readAll(t, "deep.html", strings.NewReader(nested(300, strings.Repeat(para, 10))), ReadOptions{})
	if len(texts) != 1 || errs != nil || strings.Count(texts[0], "William Ruto") != 10 {
		t.Errorf("300 nested elements: %q, errors %q", texts, errs)
	}
	f, err := os.Open("../../testdata/article.html")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	page, _ := io.ReadAll(f)
	doc, err := readability.FromReader(bytes.NewReader(page), nil)
	var want strings.Builder
	doc.RenderText(&want)
	texts, errs = readAll(t, "article.html", bytes.NewReader(page), ReadOptions{})
	if err != nil || len(texts) != 1 || errs != nil || !strings.Contains(strings.Join(strings.Fields(texts[0]), " "), strings.Join(strings.Fields(want.String())[:40], " ")) {
		t.Errorf("article.html: %q, errors %q, want readability's %.200q", texts, errs, want.String())
	}
}

// TestHTMLDepthShrinksWithText: a page keeps MaxHTMLDepth when it has the
// text of a news page, and is flattened further the more text it has, to
// no less than minHTMLDepth.
func TestHTMLDepthShrinksWithText(t *testing.T) {
	for _, tc := range []struct{ text, want int }{
		{20 << 10, MaxHTMLDepth}, {htmlWork / MaxHTMLDepth, MaxHTMLDepth}, {2 << 20, 32}, {8 << 20, minHTMLDepth}, {64 << 20, minHTMLDepth},
	} {
		page := "<html><body><script>" + strings.Repeat("x", 1<<20) + "</script><p>" + strings.Repeat("a", tc.text) + "</p></body></html>"
		root, err := html.Parse(strings.NewReader(page))
		if err != nil {
			t.Fatal(err)
		}
		if got := htmlDepth(root); got != tc.want {
			t.Errorf("%d bytes of text: depth %d, want %d", tc.text, got, tc.want)
		}
	}
}
