package extract

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
	"unicode/utf8"

	"codeberg.org/readeck/go-readability/v2"
	"golang.org/x/text/encoding/charmap"

	"github.com/newsgraph/newsgraph"
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

// InputError is a problem with one input file or one record of it.
type InputError struct {
	Path   string
	Line   int // 1-based line of a JSON Lines record; 0 for the whole file
	Reason string
}

func (e *InputError) Error() string {
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

// ReadOptions configure Read.
type ReadOptions struct {
	Format Format // FormatAuto detects it
	Date   string // fallback publication date, YYYY-MM-DD
}

// Read parses the articles in one input. name is the path shown in errors
// and stored as the articles' source. Problems come back as *InputError
// values (joined with errors.Join when there are several); the articles that
// could be read are returned alongside them.
func Read(name string, r io.Reader, opt ReadOptions) ([]newsgraph.Article, error) {
	raw, err := io.ReadAll(r)
	if err != nil {
		return nil, &InputError{Path: name, Reason: "cannot read: " + err.Error()}
	}
	content, reason := decodeText(raw)
	if reason != "" {
		return nil, &InputError{Path: name, Reason: reason}
	}
	format := opt.Format
	if format == FormatAuto {
		format = DetectFormat(name, []byte(content))
	}
	var arts []newsgraph.Article
	switch format {
	case FormatJSONL:
		arts, err = readJSONL(name, content)
	case FormatHTML:
		arts, err = readHTML(name, content)
	default:
		arts = ParseText(content)
	}
	for i := range arts {
		opt.finish(&arts[i], name)
	}
	if len(arts) == 0 && err == nil {
		err = &InputError{Path: name, Reason: "no article text found"}
	}
	return arts, err
}

// finish sets what every article read from name gets: its source, and the
// fallback date where it has none.
func (opt ReadOptions) finish(a *newsgraph.Article, name string) {
	a.Source = name
	if a.Date == "" && opt.Date != "" {
		a.Date, a.DateSource = opt.Date, "flag"
	}
}

// decodeText turns raw bytes into text, or says why it cannot. Valid UTF-8
// passes (a byte-order mark is dropped). Text in a legacy 8-bit encoding
// with no UTF-8 sequences at all is repaired by decoding it as Windows-1252.
// Anything else (binary data, or UTF-8 mixed with stray bytes) is refused
// rather than stored with replacement characters.
func decodeText(raw []byte) (string, string) {
	raw = bytes.TrimPrefix(raw, []byte("\xef\xbb\xbf"))
	if len(bytes.TrimSpace(raw)) == 0 {
		return "", "empty file"
	}
	probe := raw
	if len(probe) > 8192 {
		probe = probe[:8192]
	}
	if bytes.IndexByte(probe, 0) >= 0 {
		return "", "binary file (contains NUL bytes)"
	}
	controls := 0
	for _, b := range probe {
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
			controls++
		}
	}
	if controls*20 > len(probe) {
		return "", "binary file (too many control bytes)"
	}
	if utf8.Valid(raw) {
		return strings.ReplaceAll(string(raw), "\r\n", "\n"), ""
	}
	bad := invalidUTF8At(raw)
	if hasMultibyteUTF8(raw) {
		return "", fmt.Sprintf("invalid UTF-8 at byte %d, mixed with valid UTF-8: cannot tell the encoding", bad)
	}
	for _, b := range raw {
		switch b {
		case 0x81, 0x8d, 0x8f, 0x90, 0x9d: // undefined in Windows-1252
			return "", fmt.Sprintf("invalid UTF-8 at byte %d and not Windows-1252 either", bad)
		}
	}
	s, err := charmap.Windows1252.NewDecoder().String(string(raw))
	if err != nil {
		return "", fmt.Sprintf("invalid UTF-8 at byte %d", bad)
	}
	return strings.ReplaceAll(s, "\r\n", "\n"), ""
}

func invalidUTF8At(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i
		}
		i += n
	}
	return -1
}

func hasMultibyteUTF8(b []byte) bool {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if n > 1 && r != utf8.RuneError {
			return true
		}
		i += n
	}
	return false
}

// InputRecord is one JSON Lines input record.
type InputRecord struct {
	ID     string `json:"id"`
	Text   string `json:"text"`
	Title  string `json:"title"`
	Date   string `json:"date"`
	URL    string `json:"url"`
	Source string `json:"source"`
}

func readJSONL(name, content string) ([]newsgraph.Article, error) {
	var arts []newsgraph.Article
	err := eachJSONL(name, strings.NewReader(content), func(a newsgraph.Article) error {
		arts = append(arts, a)
		return nil
	})
	return arts, err
}

// eachJSONL parses JSON Lines one record at a time, decoding each line as
// decodeText decodes a file. Bad records are *InputError values naming
// their line, joined; an error from fn stops the reading and is returned.
func eachJSONL(name string, r io.Reader, fn func(newsgraph.Article) error) error {
	var errs []error
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	line := 0
	for sc.Scan() {
		line++
		b := bytes.TrimSpace(sc.Bytes())
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte("\xef\xbb\xbf"))
		}
		if len(b) == 0 {
			continue
		}
		if !utf8.Valid(b) {
			text, reason := decodeText(b)
			if reason != "" {
				errs = append(errs, &InputError{Path: name, Line: line, Reason: reason})
				continue
			}
			b = []byte(text)
		}
		a, err := parseRecord(b)
		if err != nil {
			errs = append(errs, &InputError{Path: name, Line: line, Reason: err.Error()})
			continue
		}
		a.Line = line
		if err := fn(a); err != nil {
			if len(errs) > 0 { // the records that could not be read are still told
				return errors.Join(append(errs, err)...)
			}
			return err
		}
	}
	if err := sc.Err(); err != nil {
		errs = append(errs, &InputError{Path: name, Line: line + 1, Reason: err.Error()})
	}
	return errors.Join(errs...)
}

// ReadEach is Read for inputs too large to hold: JSON Lines are parsed and
// handed to fn one record at a time; other formats (one file, one or a few
// articles) are read whole. Errors are as Read's; an error from fn stops
// the reading and is returned.
func ReadEach(name string, r io.Reader, opt ReadOptions, fn func(newsgraph.Article) error) error {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(8192)
	format := opt.Format
	if format == FormatAuto {
		format = DetectFormat(name, head)
	}
	if format != FormatJSONL {
		arts, err := Read(name, br, opt)
		for _, a := range arts {
			if ferr := fn(a); ferr != nil {
				return ferr
			}
		}
		return err
	}
	if _, reason := decodeText(head); reason != "" && !strings.HasPrefix(reason, "invalid UTF-8") {
		return &InputError{Path: name, Reason: reason} // empty or binary
	}
	n := 0
	err := eachJSONL(name, br, func(a newsgraph.Article) error {
		n++
		opt.finish(&a, name)
		return fn(a)
	})
	if n == 0 && err == nil {
		err = &InputError{Path: name, Reason: "no article text found"}
	}
	return err
}

func parseRecord(b []byte) (newsgraph.Article, error) {
	var rec InputRecord
	dec := json.NewDecoder(bytes.NewReader(b))
	if err := dec.Decode(&rec); err != nil {
		return newsgraph.Article{}, fmt.Errorf("malformed JSON: %v", err)
	}
	if dec.More() {
		return newsgraph.Article{}, errors.New("malformed JSON: more than one value on the line")
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

// section returns the section of kind covering part, which text ends with
// (followed by the separator already appended).
func section(kind, text, part, credit string) newsgraph.Section {
	end := utf8.RuneCountInString(strings.TrimRight(text, "\n"))
	return newsgraph.Section{Kind: kind, Start: end - utf8.RuneCountInString(part), End: end, Credit: credit}
}

func readHTML(name, content string) ([]newsgraph.Article, error) {
	var page *nurl.URL
	if u, err := nurl.Parse(name); err == nil && u.Scheme != "" && u.Host != "" {
		page = u
	}
	doc, err := readability.FromReader(strings.NewReader(content), page)
	if err != nil {
		return nil, &InputError{Path: name, Reason: "cannot extract an article from the HTML: " + err.Error()}
	}
	var body strings.Builder
	if doc.Node == nil || doc.RenderText(&body) != nil || strings.TrimSpace(body.String()) == "" {
		return nil, &InputError{Path: name, Reason: "no article text found in the HTML"}
	}
	title := strings.TrimSpace(doc.Title())
	text := body.String()
	if title != "" {
		text = title + "\n\n" + text
	}
	a := parseArticle(splitLines(text))
	if len(a.Text) == 0 {
		return nil, &InputError{Path: name, Reason: "no article text found in the HTML"}
	}
	if t, err := doc.PublishedTime(); err == nil {
		a.Date, a.DateSource = t.Format("2006-01-02"), "metadata"
	}
	if page != nil {
		a.URL = page.String()
	}
	return []newsgraph.Article{a}, nil
}
