package extract

import (
	"regexp"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/newsgraph/newsgraph"
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
	reSlashCredit = lazyRegexp("reSlashCredit", `\s+((?:REUTERS|Reuters|AFP|AP|EPA|EPA-EFE|ANADOLU|Anadolu|Getty Images|XINHUA|Xinhua|SANA|WANA|IRNA)(?:/[^\s/]+(?:\s[^\s/]+){0,4})+)\s*$`)
	reParenCredit = lazyRegexp("reParenCredit", `\s*\(((?:AP Photo|AFP|Reuters|Photo|File photo|File)(?:/[^()]+)?|[A-Z][\p{L}'’.-]*(?:\s[A-Z][\p{L}'’.-]*){0,4})\)\s*$`)
	rePhotoCredit = lazyRegexp("rePhotoCredit", `\s+(?:Photo|Photograph|Picture)(?: by)?:\s*([^.]+)$`)
	// A dateline opening a body: "BAGHDAD, March 23 (Reuters) -".
	reDateline = lazyRegexp("reDateline", `^[A-Z][A-Z .'-]+(?:,\s*([A-Z][a-z]+\.?\s+\d{1,2}(?:,\s*\d{4})?))?\s*\((?:Reuters|AP|AFP|UPI)\)\s*[-–—]`)
	reBlankRun = lazyRegexp("reBlankRun", `\n[ \t]*\n(?:[ \t]*\n)+`)
)

// lazyRegexp compiles expr on first use, so that start-up compiles no
// pattern for commands that read no articles. A bad expr panics then, with
// regexp.MustCompile's message.
func lazyRegexp(name, expr string) func() *regexp.Regexp {
	return lazy.Value("regexp "+name, func() *regexp.Regexp { return regexp.MustCompile(expr) })
}

// ParseText splits plain text into cleaned articles.
func ParseText(text string) []newsgraph.Article {
	text = strings.ReplaceAll(text, "\r\n", "\n")
	var out []newsgraph.Article
	var pending []string
	for _, block := range reBlankRun().Split(text, -1) {
		lines := append(pending, splitLines(block)...)
		if !hasBody(lines) {
			// A headline alone: it belongs to the article that follows.
			pending = lines
			continue
		}
		pending = nil
		if a := parseArticle(lines); a.Text != "" {
			out = append(out, a)
		}
	}
	if len(pending) > 0 {
		if a := parseArticle(pending); a.Text != "" {
			out = append(out, a)
		}
	}
	return out
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
				if d := FindDate(substr(a.Text, s.Start, s.End)); d != "" {
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
	m := reDateline().FindStringSubmatch(body)
	if m == nil || m[1] == "" {
		return ""
	}
	return FindDate(m[1])
}

// substr returns the code points [start, end) of s.
func substr(s string, start, end int) string {
	rs := []rune(s)
	if start < 0 || end > len(rs) || start > end {
		return ""
	}
	return string(rs[start:end])
}
