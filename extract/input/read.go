// Package input reads articles in: plain text (wire copy, split into
// cleaned articles), HTML pages (the article readability finds) and JSON
// Lines records, from a stream of any size, each article decoded and
// bounded on its own. What it gives, newsgraph.Article values, is what
// package extract takes.
package input

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	nurl "net/url"
	"path/filepath"
	"strings"
	"time"
	"unicode/utf8"

	"codeberg.org/readeck/go-readability/v2"
	"github.com/go-shiori/dom"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract/internal/calendar"
)

// Format names an input format.
type Format string

// Input formats.
const (
	FormatAuto  Format = ""
	FormatText  Format = "text"
	FormatHTML  Format = "html"
	FormatJSONL Format = "jsonl"
)

// ParseFormat checks a --format value.
func ParseFormat(s string) (Format, error) {
	switch f := Format(strings.ToLower(s)); f {
	case FormatAuto, "auto":
		return FormatAuto, nil
	case FormatText, FormatHTML, FormatJSONL:
		return f, nil
	case "txt":
		return FormatText, nil
	case "json", "ndjson":
		return FormatJSONL, nil
	}
	return "", fmt.Errorf("unknown format %q (want text, html or jsonl)", s)
}

// Error is a problem with one input file or one record of it.
type Error struct {
	Path   string
	Line   int // 1-based line of a JSON Lines record; 0 for the whole file
	Reason string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Reason)
	}
	return fmt.Sprintf("%s: %s", e.Path, e.Reason)
}

// DetectFormat picks a format from a file name's extension, then from the
// content.
func DetectFormat(name string, content []byte) Format {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".html", ".htm", ".xhtml":
		return FormatHTML
	case ".jsonl", ".ndjson", ".json":
		return FormatJSONL
	case ".txt", ".text":
		return FormatText
	}
	head := bytes.TrimSpace(content)
	if len(head) > 512 {
		head = head[:512]
	}
	lower := bytes.ToLower(head)
	switch {
	case bytes.HasPrefix(head, []byte("{")):
		return FormatJSONL
	case bytes.HasPrefix(lower, []byte("<!doctype html")), bytes.HasPrefix(lower, []byte("<html")),
		bytes.Contains(lower, []byte("<body")), bytes.Contains(lower, []byte("<p>")):
		return FormatHTML
	}
	return FormatText
}

// DefaultMaxArticleSize is the largest article Read and ReadEach take by
// default, in bytes as read: 8 MiB, some hundred times the longest news
// article, which extraction takes in seconds and in about 100 bytes of
// memory per byte of text at worst (docs/RELIABILITY.md).
const DefaultMaxArticleSize = 8 << 20

// ReadOptions configure Read.
type ReadOptions struct {
	Format Format // FormatAuto detects it
	Date   string // fallback publication date, YYYY-MM-DD
	// MaxArticleSize bounds one article, in bytes as read (of UTF-8, for
	// UTF-16 input): a text article (its lines between runs of blank
	// lines, with any headline before), a JSON Lines record (its line) or
	// an HTML page. A larger one is reported and skipped, and reading
	// goes on after it. 0 means DefaultMaxArticleSize; a negative value,
	// no bound.
	MaxArticleSize int64
}

func (opt ReadOptions) maxSize() int64 {
	if opt.MaxArticleSize == 0 {
		return DefaultMaxArticleSize
	}
	return opt.MaxArticleSize
}

// Read parses the articles in one input. name is the path shown in errors
// and stored as the articles' source. Problems come back as *Error
// values (joined with errors.Join when there are several); the articles that
// could be read are returned alongside them.
func Read(name string, r io.Reader, opt ReadOptions) ([]newsgraph.Article, error) {
	var arts []newsgraph.Article
	err := ReadEach(name, r, opt, func(a newsgraph.Article) error {
		arts = append(arts, a)
		return nil
	})
	return arts, err
}

// ReadEach is Read one article at a time: the input is streamed, and fn
// is given each article as it is read, so memory holds one article (and
// at most opt.MaxArticleSize bytes of it) whatever the input's size. The
// input is judged text or not from its first 8 KiB: binary data (/dev/zero
// too) is refused at once, UTF-16 with a byte-order mark is decoded.
// Errors are as Read's; an error from fn stops the reading and is
// returned.
func ReadEach(name string, r io.Reader, opt ReadOptions, fn func(newsgraph.Article) error) error {
	br, reason := sniff(r)
	if reason != "" {
		return &Error{Path: name, Reason: reason}
	}
	format := opt.Format
	if format == FormatAuto {
		head, _ := br.Peek(sniffSize)
		format = DetectFormat(name, head)
	}
	n := 0
	emit := func(a newsgraph.Article) error {
		n++
		opt.finish(&a, name)
		return fn(a)
	}
	var err error
	switch format {
	case FormatJSONL:
		err = eachJSONL(name, br, opt.maxSize(), emit)
	case FormatHTML:
		err = readHTML(name, br, opt.maxSize(), emit)
	default:
		err = readText(name, br, opt.maxSize(), emit)
	}
	if n == 0 && err == nil {
		err = &Error{Path: name, Reason: "no article text found"}
	}
	return err
}

// finish sets what every article read from name gets: its source, and the
// fallback date where it has none.
func (opt ReadOptions) finish(a *newsgraph.Article, name string) {
	a.Source = name
	if a.Date == "" && opt.Date != "" {
		a.Date, a.DateSource = opt.Date, "flag"
	}
}

// readText reads text articles (ParseText's) one at a time. Each article
// is decoded on its own (decodeArticle), so one in another encoding fails
// alone.
func readText(name string, br *bufio.Reader, max int64, fn func(newsgraph.Article) error) error {
	var errs []error
	ts := &textSplitter{max: max, decode: decodeArticle, emit: fn,
		fail: func(line int, reason string) {
			errs = append(errs, &Error{Path: name, Line: line, Reason: reason})
		}}
	lr := &lineReader{br: br, max: max}
	if err := lr.each(name, &errs, ts.line); err != nil {
		return err
	}
	if err := ts.end(); err != nil {
		return err
	}
	return errors.Join(errs...)
}

// Record is one JSON Lines input record.
type Record struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Title  string `json:"title"`
	Date   string `json:"date"`
	URL    string `json:"url"`
	Source string `json:"source"`
}

// eachJSONL parses JSON Lines one record at a time, decoding each line as
// decodeArticle decodes an article. Bad records, and records longer than
// max bytes, are *Error values naming their line, joined; reading goes
// on after them. An error from fn stops the reading and is returned.
func eachJSONL(name string, br *bufio.Reader, max int64, fn func(newsgraph.Article) error) error {
	var errs []error
	lr := &lineReader{br: br, max: max}
	err := lr.each(name, &errs, func(l readLine) error {
		if l.tooLong {
			errs = append(errs, &Error{Path: name, Line: l.number, Reason: fmt.Sprintf("record of %s, over the limit of %s on one article (--max-article-size): skipped", formatSize(l.size), formatSize(max))})
			return nil
		}
		b := bytes.TrimSpace(l.text)
		if l.number == 1 {
			b = bytes.TrimPrefix(b, utf8BOM)
		}
		if len(b) == 0 {
			return nil
		}
		text, reason := decodeArticle(b, 0)
		if reason != "" {
			errs = append(errs, &Error{Path: name, Line: l.number, Reason: reason})
			return nil
		}
		a, err := parseRecord(text)
		if err != nil {
			errs = append(errs, &Error{Path: name, Line: l.number, Reason: err.Error()})
			return nil
		}
		a.Line = l.number
		return fn(a)
	})
	if err != nil && len(errs) == 0 {
		return err
	}
	// The records that could not be read are told with fn's error.
	return errors.Join(append(errs, err)...)
}

func parseRecord(line string) (newsgraph.Article, error) {
	var rec Record
	dec := json.NewDecoder(strings.NewReader(line))
	if err := dec.Decode(&rec); err != nil {
		return newsgraph.Article{}, fmt.Errorf("malformed JSON: %v", err)
	}
	if dec.More() {
		return newsgraph.Article{}, errors.New("malformed JSON: more than one value on the line")
	}
	// "\u0000" escapes: no NUL is stored (decodeArticle).
	for _, f := range []*string{&rec.ID, &rec.Text, &rec.Title, &rec.Date, &rec.URL, &rec.Source} {
		*f = noNUL(*f)
	}
	if strings.TrimSpace(rec.Text) == "" {
		return newsgraph.Article{}, errors.New(`record has no "text"`)
	}
	a := newsgraph.Article{ExternalID: rec.ID, URL: rec.URL, Title: strings.TrimSpace(rec.Title)}
	// The text is kept exactly as given: callers score offsets against it.
	body := rec.Text
	if a.Title != "" {
		a.Text = a.Title + "\n\n"
		a.Sections = append(a.Sections, section(newsgraph.SectionTitle, a.Text, a.Title, ""))
	}
	start := utf8.RuneCountInString(a.Text)
	a.Text += body
	a.Sections = append(a.Sections, newsgraph.Section{Kind: newsgraph.SectionBody, Start: start, End: start + utf8.RuneCountInString(body)})
	if rec.Date != "" {
		d, err := NormalizeDate(rec.Date)
		if err != nil {
			return newsgraph.Article{}, fmt.Errorf(`field "date": %v`, err)
		}
		a.Date, a.DateSource = d, "metadata"
	} else if d := datelineDate(body); d != "" {
		a.Date, a.DateSource = d, "dateline"
	}
	return a, nil
}

// NormalizeDate parses a date given in metadata (RFC 3339, ISO date, or a
// written date) and returns YYYY-MM-DD.
func NormalizeDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02", time.RFC1123Z, time.RFC1123} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), nil
		}
	}
	if d := calendar.FindDate(s); d != "" {
		return d, nil
	}
	return "", fmt.Errorf("unrecognised date %q (want YYYY-MM-DD)", s)
}

// section returns the section of kind covering part, which text ends with
// (followed by the separator already appended).
func section(kind, text, part, credit string) newsgraph.Section {
	end := utf8.RuneCountInString(strings.TrimRight(text, "\n"))
	return newsgraph.Section{Kind: kind, Start: end - utf8.RuneCountInString(part), End: end, Credit: credit}
}

// readHTML reads one HTML page, of at most max bytes.
func readHTML(name string, br *bufio.Reader, max int64, fn func(newsgraph.Article) error) error {
	r := io.Reader(br)
	if max > 0 {
		r = io.LimitReader(br, max+1)
	}
	raw, err := io.ReadAll(r)
	if err != nil {
		return &Error{Path: name, Reason: "cannot read: " + err.Error()}
	}
	if max > 0 && int64(len(raw)) > max {
		return &Error{Path: name, Reason: fmt.Sprintf("HTML page over the limit of %s on one article (--max-article-size): not read", formatSize(max))}
	}
	content, reason := decodeArticle(raw, 0)
	if reason != "" {
		return &Error{Path: name, Reason: reason}
	}
	a, err := htmlArticle(name, strings.ReplaceAll(content, "\r\n", "\n"))
	if err != nil {
		return err
	}
	return fn(a)
}

// htmlArticle finds the article in an HTML page.
func htmlArticle(name, content string) (newsgraph.Article, error) {
	var page *nurl.URL
	if u, err := nurl.Parse(name); err == nil && u.Scheme != "" && u.Host != "" {
		page = u
	}
	// What readability.FromReader does, with the tree bounded between
	// parsing and readability.
	root, err := dom.Parse(strings.NewReader(content))
	if err != nil { // nested more than 512 elements deep, or not read
		return newsgraph.Article{}, &Error{Path: name, Reason: "cannot read the HTML: " + err.Error()}
	}
	flattenHTML(root, htmlDepth(root))
	parser := readability.NewParser()
	doc, err := parser.ParseAndMutate(root, page)
	if err != nil {
		return newsgraph.Article{}, &Error{Path: name, Reason: "cannot extract an article from the HTML: " + err.Error()}
	}
	var body strings.Builder
	if doc.Node == nil || doc.RenderText(&body) != nil || strings.TrimSpace(body.String()) == "" {
		return newsgraph.Article{}, &Error{Path: name, Reason: "no article text found in the HTML"}
	}
	title := strings.TrimSpace(doc.Title())
	text := body.String()
	if title != "" {
		text = title + "\n\n" + text
	}
	a := parseArticle(splitLines(text))
	if len(a.Text) == 0 {
		return newsgraph.Article{}, &Error{Path: name, Reason: "no article text found in the HTML"}
	}
	if t, err := doc.PublishedTime(); err == nil {
		a.Date, a.DateSource = t.Format("2006-01-02"), "metadata"
	}
	if page != nil {
		a.URL = page.String()
	}
	return a, nil
}
