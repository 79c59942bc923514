package extract

import (
	"sort"
	"strings"
	"unicode"

	"github.com/newsgraph/newsgraph"
)

// Quotes: who said what. A speech verb next to a speaker ("Romanowski
// said", "said Romanowski", "X told Reuters", "he said") gives a quote:
// the words in quotation marks nearest the verb in its paragraph
// ("“It's going to take some time,” ... Romanowski said"), else the
// reported clause ("Romanowski said the work was not done").

var quoteVerbs = set("said", "says", "told", "added", "stated", "warned", "insisted", "explained", "noted",
	"stressed", "argued", "wrote", "tweeted", "continued", "asked", "replied", "urged", "declared", "announced")

// quoteSeg is a stretch of text in quotation marks: inner code points
// [start, end), marks at open and close.
type quoteSeg struct{ open, start, end, close int }

// quoteSegments pairs quotation marks line by line: “ with ”, and straight
// double quotes in turn.
func quoteSegments(rs []rune) []quoteSeg {
	var out []quoteSeg
	open := -1
	for i, r := range rs {
		switch r {
		case '\n':
			open = -1
		case '“', '«':
			open = i
		case '”', '»':
			if open >= 0 {
				out = append(out, quoteSeg{open, open + 1, i, i})
				open = -1
			}
		case '"':
			if open < 0 {
				open = i
			} else {
				out = append(out, quoteSeg{open, open + 1, i, i})
				open = -1
			}
		}
	}
	return out
}

// extractQuotes finds the quotes of the article.
func (x *Extractor) extractQuotes(d *doc) []newsgraph.Quote {
	segs, breaks := quoteSegments(d.rs), lineBreaks(d.rs)
	var out []newsgraph.Quote
	for si, st := range d.sents {
		for v, tok := range st.Tokens {
			if !quoteVerbs[strings.ToLower(tok.Text)] {
				continue
			}
			speaker, first, last := x.speakerOf(d, si, v)
			if speaker < 0 {
				continue
			}
			addressee := -1
			after := v + 1 // where reported words begin
			if strings.EqualFold(tok.Text, "told") {
				if k := st.spanAt(v + 1); k >= 0 && st.spans[k].s == v+1 && (st.spans[k].typ == newsgraph.Person || st.spans[k].typ == newsgraph.Org) {
					addressee, after = st.ments[k], st.spans[k].e
				}
			}
			if last >= after {
				after = last + 1 // "said Romanowski"
			}
			q := newsgraph.Quote{Speaker: speaker, Addressee: addressee, SentenceStart: st.Start, SentenceEnd: st.End}
			if seg, ok := nearestSegment(segs, d.rs, breaks, st.Tokens[first].Start, st.Tokens[min(after, len(st.Tokens))-1].End); ok {
				q.Start, q.End, q.Direct = seg.start, seg.end, true
			} else if s, e := reported(st, first, after); s < e {
				q.Start, q.End = s, e
			} else {
				continue
			}
			q.Text = strings.TrimSpace(strings.TrimRight(string(d.rs[q.Start:q.End]), ",. "))
			if len([]rune(q.Text)) < 3 {
				continue
			}
			out = append(out, q)
		}
	}
	return out
}

// speakerOf finds the speaker of the speech verb at token v of sentence si:
// a person or organisation right before it or right after it, or the
// person "he" or "she" stands for. It returns the mention and the first
// and last tokens of speaker and verb together.
func (x *Extractor) speakerOf(d *doc, si, v int) (int, int, int) {
	st := d.sents[si]
	speaks := func(k int) bool {
		return k >= 0 && (st.spans[k].typ == newsgraph.Person || st.spans[k].typ == newsgraph.Org)
	}
	if k := st.spanEndingAt(v); speaks(k) {
		return st.ments[k], st.spans[k].s, v
	}
	if k := st.spanAt(v + 1); speaks(k) && st.spans[k].s == v+1 && !strings.EqualFold(st.tok(v), "told") {
		return st.ments[k], v, st.spans[k].e - 1 // "said Romanowski"
	}
	if p := strings.ToLower(st.tok(v - 1)); p == "he" || p == "she" {
		if m := d.lastBefore(newsgraph.Person, st.Tokens[v-1].Start, 2); m >= 0 {
			return m, v - 1, v
		}
	}
	return -1, 0, 0
}

// nearestSegment returns the quoted stretch that belongs to a speaker and
// verb between code points from and to: one that closes before them in the
// same paragraph, nearest first, or one that opens right after them ("said:
// “...”"). segs are in text order and do not overlap; breaks are the
// positions of the line breaks in rs. It takes O(log n).
func nearestSegment(segs []quoteSeg, rs []rune, breaks []int, from, to int) (quoteSeg, bool) {
	// The last to close before from; an earlier one has the same line
	// breaks between it and from and more.
	if i := sort.Search(len(segs), func(i int) bool { return segs[i].close >= from }) - 1; i >= 0 {
		if k := sort.SearchInts(breaks, segs[i].close); k == len(breaks) || breaks[k] >= from {
			return segs[i], true
		}
	}
	// The first to open at or after to; a later one has this one's
	// opening mark between it and to.
	if j := sort.Search(len(segs), func(j int) bool { return segs[j].open >= to }); j < len(segs) {
		s := segs[j]
		if s.open-to <= 3 && strings.TrimFunc(string(rs[to:s.open]), func(r rune) bool { return unicode.IsSpace(r) || r == ':' || r == ',' }) == "" {
			return s, true
		}
	}
	return quoteSeg{}, false
}

// lineBreaks returns the positions of the line breaks in rs.
func lineBreaks(rs []rune) []int {
	var out []int
	for i, r := range rs {
		if r == '\n' {
			out = append(out, i)
		}
	}
	return out
}

// reported returns the code points of reported speech: the clause after
// "X said (that)" when the speaker opens the sentence, else the clause
// before ", X said".
func reported(st *sent, first, after int) (int, int) {
	n := len(st.Tokens)
	words := 0
	for i := after; i < n; i++ {
		if st.Tokens[i].Kind != Punct {
			words++
		}
	}
	// The words after the verb are the report when the speaker opens the
	// sentence, after "that", or when they run on ("In remarks to
	// reporters, Mikati said the resistance ..."), not after a comma
	// (", Romanowski said, referring to ...") or when short ("told Reuters
	// in an interview").
	useAfter := after < n && st.tok(after) != "," && (first <= 1 || st.tok(after) == "that" || words >= 6)
	if useAfter {
		i := after
		if st.tok(i) == "that" || st.tok(i) == "," || st.tok(i) == ":" {
			i++
		}
		end := n
		for end > i && st.Tokens[end-1].Kind == Punct {
			end--
		}
		if end > i+2 {
			return st.Tokens[i].Start, st.Tokens[end-1].End
		}
		return 0, 0
	}
	// "..., Romanowski said", "..., said Romanowski", "..., US Ambassador
	// Alina Romanowski told Reuters in an interview": the clause up to the
	// last comma before the speaker and any title.
	j := first - 1
	for j > 0 && st.tok(j) != "," {
		j--
	}
	if j > 2 {
		return st.Tokens[0].Start, st.Tokens[j-1].End
	}
	return 0, 0
}
