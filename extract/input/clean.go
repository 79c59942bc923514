package input

import (
	"bufio"
	"bytes"
	"fmt"
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract/internal/calendar"
	"github.com/newsgraph/newsgraph/internal/lazy"
)

// Scraped wire-news pages repeat their headline and photo captions, carry
// credits ("REUTERS/Thaier Al-Sudani", "(Asharq Al-Awsat)") and stray
// artefacts ("TT"), and often hold several articles one after the other.
// ParseText turns such text into clean articles: one per block separated by
// two or more blank lines, with repeated lines and artefacts dropped, the
// headline as title, photo captions as their own sections with their
// credits set apart, and the body paragraphs after them.

var (
	// A credit at the end of a caption: "REUTERS/Name", "AFP/Getty Images",
	// "(AP Photo/Name)", "(Asharq Al-Awsat)", "Photo: Name".
	reSlashCredit = lazy.Regexp("reSlashCredit", `\s+((?:REUTERS|Reuters|AFP|AP|EPA|EPA-EFE|ANADOLU|Anadolu|Getty Images|XINHUA|Xinhua|SANA|WANA|IRNA)(?:/[^\s/]+(?:\s[^\s/]+){0,4})+)\s*$`)
	reParenCredit = lazy.Regexp("reParenCredit", `\s*\(((?:AP Photo|AFP|Reuters|Photo|File photo|File)(?:/[^()]+)?|[A-Z][\p{L}'’.-]*(?:\s[A-Z][\p{L}'’.-]*){0,4})\)\s*$`)
	rePhotoCredit = lazy.Regexp("rePhotoCredit", `\s+(?:Photo|Photograph|Picture)(?: by)?:\s*([^.]+)$`)
	// A dateline opening a body: "BAGHDAD, March 23 (Reuters) -".
	reDateline = lazy.Regexp("reDateline", `^[A-Z][A-Z .'-]+(?:,\s*([A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?))?\s*\((?:Reuters|AP|AFP|UPI)\)\s*[-–—]`)
	// Wire datelines without an agency, on a line of their own or opening
	// the body: "BRUSSELS 1996-08-22", "WASHINGTON, Aug 22, 1996 -",
	// "LONDON, March 23, 2024 (dpa) -".
	reDatelineISO     = lazy.Regexp("reDatelineISO", `(?m)^[A-Z][A-Za-z .'/-]{1,40}?(?:,\s*[A-Z][A-Za-z .]{1,30})?\s+(\d{4}-\d{2}-\d{2})\s*$`)
	reDatelineWritten = lazy.Regexp("reDatelineWritten", `(?m)^[A-Z][A-Z .'/-]{1,40},\s*((?:[A-Z][a-z]+\.?\s+\d{1,2},?\s*\d{4})|(?:\d{1,2}\s+[A-Z][a-z]+\.?\s+\d{4}))\s*(?:\([A-Za-z .,]+\)\s*)?[-–—]`)
)

// ParseText splits plain text into cleaned articles.
func ParseText(text string) []newsgraph.Article {
	var out []newsgraph.Article
	ts := &textSplitter{
		decode: func(raw []byte, _ int64) (string, string) { return string(raw), "" },
		emit:   func(a newsgraph.Article) error { out = append(out, a); return nil },
		fail:   func(int, string) {}, // no bound, and text is text
	}
	lr := &lineReader{br: bufio.NewReader(strings.NewReader(text))}
	for {
		l, ok, _ := lr.next()
		if !ok {
			break
		}
		ts.line(l)
	}
	ts.end()
	return out
}

// textSplitter splits text, fed to it line by line, into articles: one per
// block of lines between runs of two or more blank lines (spaces and tabs
// alone), a block with no body (a headline alone) joining the next. Runs
// are found as the pattern \n[ \t]*\n(?:[ \t]*\n)+ finds them in the whole
// text: they start after the first line, and the last line, which no line
// break ends, is never part of one. It holds one article's lines at a
// time, and at most max bytes of them: a longer article is reported to
// fail and dropped, and the splitting goes on after it.
type textSplitter struct {
	max    int64                                         // bytes of one article; <= 0: no bound
	decode func(raw []byte, base int64) (string, string) // one block's bytes to text, or why not
	emit   func(newsgraph.Article) error                 // an error stops the splitting
	fail   func(line int, reason string)                 // an article that is dropped

	held []readLine // blank lines that may be a run between blocks

	// The block being read: its bytes (lines joined by line breaks),
	// where it began, its size in the input, and whether it was too
	// large to keep.
	raw            bytes.Buffer
	has, over      bool
	start          int
	startOff, size int64
	pending        []string // the lines of blocks with no body, for the next
	pendingStart   int
	pendingSize    int64
}

// blankLine reports a line of spaces and tabs alone.
func blankLine(b []byte) bool {
	for _, c := range b {
		if c != ' ' && c != '\t' {
			return false
		}
	}
	return true
}

// line takes the next line.
func (ts *textSplitter) line(l readLine) error {
	if l.terminated && l.number > 1 && !l.tooLong && blankLine(l.text) {
		l.text = append([]byte(nil), l.text...)
		ts.held = append(ts.held, l)
		return nil
	}
	if len(ts.held) >= 2 {
		if err := ts.endBlock(); err != nil {
			return err
		}
	} else {
		for _, h := range ts.held {
			ts.add(h)
		}
	}
	ts.held = ts.held[:0]
	ts.add(l)
	return nil
}

// add adds a line to the block.
func (ts *textSplitter) add(l readLine) {
	if !ts.has {
		ts.has, ts.start, ts.startOff = true, l.number, l.offset
	} else if !ts.over {
		ts.raw.WriteByte('\n')
	}
	ts.size += l.size
	if l.tooLong || ts.max > 0 && ts.pendingSize+ts.size > ts.max {
		ts.over = true
		ts.raw.Reset()
	}
	if !ts.over {
		ts.raw.Write(l.text)
	}
}

// endBlock ends the block: it becomes an article, or waits for the next
// block when it has no body.
func (ts *textSplitter) endBlock() error {
	raw, over, start, startOff, size := ts.raw.Bytes(), ts.over, ts.start, ts.startOff, ts.size
	defer func() {
		ts.raw.Reset()
		ts.has, ts.over, ts.size = false, false, 0
	}()
	first := start
	if ts.pending != nil {
		first = ts.pendingStart
	}
	if over {
		ts.fail(first, fmt.Sprintf("article of %s, over the limit of %s on one article (--max-article-size): skipped", formatSize(ts.pendingSize+size), formatSize(ts.max)))
		ts.pending, ts.pendingSize = nil, 0
		return nil
	}
	text, reason := ts.decode(raw, startOff)
	if reason != "" {
		ts.fail(start, reason)
		ts.pending, ts.pendingSize = nil, 0
		return nil
	}
	lines := append(ts.pending, splitLines(text)...)
	if !hasBody(lines) {
		// A headline alone: it belongs to the article that follows.
		ts.pending, ts.pendingStart, ts.pendingSize = lines, first, ts.pendingSize+size
		return nil
	}
	ts.pending, ts.pendingSize = nil, 0
	if a := parseArticle(lines); a.Text != "" {
		return ts.emit(a)
	}
	return nil
}

// end ends the text.
func (ts *textSplitter) end() error {
	for _, h := range ts.held {
		ts.add(h)
	}
	ts.held = nil
	if ts.has {
		if err := ts.endBlock(); err != nil {
			return err
		}
	}
	if len(ts.pending) > 0 {
		if a := parseArticle(ts.pending); a.Text != "" {
			return ts.emit(a)
		}
	}
	return nil
}

// hasBody reports whether lines hold something longer than a headline.
func hasBody(lines []string) bool {
	for _, l := range lines {
		if utf8.RuneCountInString(l) >= 120 || strings.Count(l, ". ") >= 1 && utf8.RuneCountInString(l) >= 60 {
			return true
		}
	}
	return false
}

// splitLines returns the non-empty lines of s with white space normalised.
// An empty string marks a paragraph break.
func splitLines(s string) []string {
	var out []string
	for _, l := range strings.Split(s, "\n") {
		out = append(out, normalizeSpace(l))
	}
	return out
}

// normalizeSpace folds runs of spaces and tabs, trims each line, and drops
// control characters other than newlines.
func normalizeSpace(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range strings.TrimSpace(s) {
		switch {
		case r == '\n':
			b.WriteRune(r)
			space = false
			continue
		case unicode.IsSpace(r):
			space = true
			continue
		case unicode.IsControl(r) || r == '\ufeff':
			continue
		}
		if space && b.Len() > 0 && !strings.HasSuffix(b.String(), "\n") {
			b.WriteByte(' ')
		}
		space = false
		b.WriteRune(r)
	}
	return b.String()
}

// isArtefact reports lines that carry no text: "TT", "***", "|".
func isArtefact(l string) bool {
	letters := 0
	for _, r := range l {
		if unicode.IsLetter(r) {
			if unicode.IsLower(r) {
				return false
			}
			letters++
		}
	}
	return letters <= 3 && utf8.RuneCountInString(l) <= 4
}

// splitCredit separates a photo credit from the end of a caption line.
func splitCredit(l string) (caption, credit string, ok bool) {
	for _, re := range []*regexp.Regexp{reSlashCredit(), rePhotoCredit(), reParenCredit()} {
		if m := re.FindStringSubmatchIndex(l); m != nil {
			caption = strings.TrimSpace(l[:m[0]])
			if caption == "" {
				return "", "", false
			}
			return caption, l[m[2]:m[3]], true
		}
	}
	return "", "", false
}

// parseArticle builds one article from its lines.
func parseArticle(lines []string) newsgraph.Article {
	seen := map[string]bool{}
	type para struct{ text, credit, kind string }
	var paras []para
	inBody := false
	for _, l := range lines {
		if l == "" || isArtefact(l) || seen[l] {
			continue
		}
		seen[l] = true
		if !inBody {
			if c, credit, ok := splitCredit(l); ok && len(paras) > 0 {
				if !seen[c] {
					seen[c] = true
					paras = append(paras, para{c, credit, newsgraph.SectionCaption})
				}
				continue
			}
			if len(paras) == 0 && !endsSentence(l) && utf8.RuneCountInString(l) <= 200 {
				paras = append(paras, para{l, "", newsgraph.SectionTitle})
				continue
			}
			inBody = true
		}
		paras = append(paras, para{l, "", newsgraph.SectionBody})
	}
	var a newsgraph.Article
	var b strings.Builder
	n := 0 // code points written
	prev := ""
	for _, p := range paras {
		if n > 0 {
			sep := "\n\n"
			if p.kind == prev && p.kind == newsgraph.SectionCaption {
				sep = "\n"
			}
			b.WriteString(sep)
			n += len(sep)
		}
		l := utf8.RuneCountInString(p.text)
		a.Sections = append(a.Sections, newsgraph.Section{Kind: p.kind, Start: n, End: n + l, Credit: p.credit})
		b.WriteString(p.text)
		n += l
		prev = p.kind
		switch {
		case p.kind == newsgraph.SectionTitle:
			a.Title = p.text
		case a.Date == "" && p.kind == newsgraph.SectionBody:
			if d := datelineDate(p.text); d != "" {
				a.Date, a.DateSource = d, "dateline"
			}
		}
	}
	a.Text = b.String()
	if a.Date == "" {
		for _, s := range a.Sections {
			if s.Kind == newsgraph.SectionCaption {
				if d := calendar.FindDate(substr(a.Text, s.Start, s.End)); d != "" {
					a.Date, a.DateSource = d, "caption"
					break
				}
			}
		}
	}
	return a
}

func endsSentence(l string) bool {
	l = strings.TrimRight(l, "\"”’' ")
	return strings.HasSuffix(l, ".") || strings.HasSuffix(l, "?") || strings.HasSuffix(l, "!")
}

// datelineDate reads the date of a dateline that opens a body ("BAGHDAD,
// March 23, 2024 (Reuters) -"); a dateline without a year gives no date.
func datelineDate(body string) string {
	// The pattern holds the agency's tag as one of four literals: a text
	// without them is not searched (the search costs time in the text's
	// length even though the pattern is anchored).
	if hasAgencyTag(body) {
		if m := reDateline().FindStringSubmatch(body); m != nil && m[1] != "" {
			return calendar.FindDate(m[1])
		}
	}
	// A dateline sits at the top: the headline's line, then its own.
	head := body
	for i, n := 0, 0; i < len(head); i++ {
		if head[i] == '\n' {
			if n++; n == 3 {
				head = head[:i]
				break
			}
		}
	}
	for _, re := range []*regexp.Regexp{reDatelineISO(), reDatelineWritten()} {
		if m := re.FindStringSubmatch(head); m != nil {
			if d := calendar.FindDate(m[1]); d != "" {
				return d
			}
		}
	}
	return ""
}

// hasAgencyTag says whether s holds an agency's tag as reDateline spells
// it: "(Reuters)", "(AP)", "(AFP)" or "(UPI)".
func hasAgencyTag(s string) bool {
	for _, tag := range []string{"(Reuters)", "(AP)", "(AFP)", "(UPI)"} {
		if strings.Contains(s, tag) {
			return true
		}
	}
	return false
}

// substr returns the code points [start, end) of s.
func substr(s string, start, end int) string {
	rs := []rune(s)
	if start < 0 || end > len(rs) || start > end {
		return ""
	}
	return string(rs[start:end])
}
