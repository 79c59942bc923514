package extract

import (
	"unicode"
	"unicode/utf8"
)

// The tokenizer and sentence splitter are written here rather than taken
// from a library: extraction needs code-point offsets into the stored text
// for every token and sentence (prose and similar segmenters return strings
// without offsets), hyphen and apostrophe pieces kept as separate tokens that
// know they touch their neighbour ("al-Sudani", "Iraq's"), and news-specific
// abbreviations ("U.S.", "Gen."). It is one linear pass over the runes.

// TokenKind classifies a token.
type TokenKind uint8

// Token kinds.
const (
	Word TokenKind = iota
	Number
	Punct
)

// Token is a word, number or punctuation mark with code-point offsets into
// the text it came from.
type Token struct {
	Start, End int // code points, End exclusive
	Text       string
	Kind       TokenKind
	// Joined is true when no space separates this token from the previous
	// one, as in the pieces of "al-Sudani" or "Iraq's".
	Joined bool
}

// Sentence is a span of text with its tokens.
type Sentence struct {
	Start, End int // code points, End exclusive
	Tokens     []Token
}

// abbreviations end with a period that does not end a sentence.
var abbreviations = map[string]bool{
	"Mr": true, "Mrs": true, "Ms": true, "Dr": true, "Prof": true, "Gen": true,
	"Lt": true, "Col": true, "Maj": true, "Capt": true, "Sgt": true, "Adm": true,
	"Gov": true, "Sen": true, "Rep": true, "St": true, "Jr": true, "Sr": true,
	"Rev": true, "Hon": true, "No": true, "Inc": true, "Ltd": true, "Co": true,
	"Corp": true, "vs": true, "Jan": true, "Feb": true, "Mar": true, "Apr": true,
	"Aug": true, "Sep": true, "Sept": true, "Oct": true, "Nov": true, "Dec": true,
	"Mt": true, "Ft": true, "approx": true, "e.g": true, "i.e": true,
}

func isWordRune(r rune) bool { return unicode.IsLetter(r) || unicode.IsMark(r) }

// Tokenize splits text (as runes) into tokens between from and to.
func tokenize(rs []rune, ascii string, from, to int) []Token {
	var toks []Token
	i := from
	prevEnd := -1
	for i < to {
		r := rs[i]
		if unicode.IsSpace(r) {
			i++
			continue
		}
		start := i
		kind := Punct
		switch {
		case isWordRune(r):
			kind = Word
			i++
			for i < to && (isWordRune(rs[i]) || unicode.IsDigit(rs[i])) {
				i++
			}
			// O'Brien, D'Alema: an apostrophe after one capital is inside
			// the name.
			if i == start+1 && unicode.IsUpper(r) && i+1 < to && (rs[i] == '\'' || rs[i] == '’') && unicode.IsUpper(rs[i+1]) {
				i++
				for i < to && isWordRune(rs[i]) {
					i++
				}
			}
			// Dotted abbreviations: U.S., U.N., e.g.
			if i < to && rs[i] == '.' && i-start == 1 && i+2 <= to && isWordRune(rs[i+1]) {
				j := i
				for j+1 < to && rs[j] == '.' && isWordRune(rs[j+1]) && (j+2 >= to || !isWordRune(rs[j+2])) {
					j += 2
				}
				if j > i {
					i = j
					if i < to && rs[i] == '.' {
						i++
					}
				}
			} else if i < to && rs[i] == '.' && (abbreviations[runeText(rs, ascii, start, i)] && !surnameAfterTitle(toks, runeText(rs, ascii, start, i)) || initialAt(rs, start, i, to)) {
				i++
			}
		case unicode.IsDigit(r):
			kind = Number
			i++
			for i < to {
				if unicode.IsDigit(rs[i]) {
					i++
					continue
				}
				if (rs[i] == ',' || rs[i] == '.') && i+1 < to && unicode.IsDigit(rs[i+1]) {
					i += 2
					continue
				}
				break
			}
		case r == '\'' || r == '’':
			// A possessive or contraction: "'s", "'t".
			i++
			for i < to && isWordRune(rs[i]) {
				i++
			}
			if i-start > 1 {
				kind = Word
			}
		default:
			i++
			// Runs of the same mark (..., --) stay one token.
			for i < to && rs[i] == r && (r == '.' || r == '-') {
				i++
			}
		}
		toks = append(toks, Token{Start: start, End: i, Text: runeText(rs, ascii, start, i), Kind: kind, Joined: start == prevEnd})
		prevEnd = i
	}
	return toks
}

// titleAbbreviations stand before a name ("Sen. Kerry", "Gen. Abacha").
var titleAbbreviations = set("Mr", "Mrs", "Ms", "Dr", "Prof", "Gen", "Lt", "Col", "Maj",
	"Capt", "Sgt", "Adm", "Gov", "Sen", "Rep", "Rev", "Hon")

// surnameAfterTitle reports a title's abbreviation that is a name's last
// word, as "Sen" in "Prime Minister Hen Sen. Tabcorp, ...": the tokens
// before it are a title and one capitalised name word, so the title has
// its name already and the period ends the sentence. "Republican Sen.
// Dole" and "President Gen. Abacha" keep their abbreviation.
func surnameAfterTitle(toks []Token, w string) bool {
	n := len(toks)
	if !titleAbbreviations[w] || n < 2 {
		return false
	}
	name, title := toks[n-1], toks[n-2]
	return isCap(name) && !name.Joined &&
		!titleHeads[name.Text] && !titleWords[name.Text] && titleHeads[title.Text]
}

// initialAt reports a capital letter and its period that stand for a
// given name ("M. Waugh", "George W. Bush"): one upper-case letter, then
// the period, then a space and a capitalised word.
func initialAt(rs []rune, start, i, to int) bool {
	return i == start+1 && unicode.IsUpper(rs[start]) && i+2 < to && rs[i+1] == ' ' && unicode.IsUpper(rs[i+2])
}

// runeText returns the code points [start, end) of rs as a string: a
// slice of ascii, the same text, when it is not "", else a copy. A token's
// text was a copy, the largest part of what extraction allocated; most
// news is ASCII.
func runeText(rs []rune, ascii string, start, end int) string {
	if ascii != "" {
		return ascii[start:end]
	}
	return string(rs[start:end])
}

// asciiText returns text when it is all ASCII (so that code points are
// bytes), else "".
func asciiText(text string) string {
	for i := 0; i < len(text); i++ {
		if text[i] >= utf8.RuneSelf {
			return ""
		}
	}
	return text
}

// Tokens splits text into tokens with code-point offsets.
func Tokens(text string) []Token {
	rs := []rune(text)
	return tokenize(rs, asciiText(text), 0, len(rs))
}

// Sentences splits text into sentences: a line break always ends one, and
// within a line a sentence ends at . ! or ? (with any closing quotes) before
// a token that starts a new sentence.
func Sentences(text string) []Sentence {
	return sentences([]rune(text), asciiText(text))
}

// sentences splits the code points rs, the text ascii when it is all
// ASCII (asciiText), into sentences.
func sentences(rs []rune, ascii string) []Sentence {
	var out []Sentence
	lineStart := 0
	for i := 0; i <= len(rs); i++ {
		if i < len(rs) && rs[i] != '\n' {
			continue
		}
		out = splitLine(rs, ascii, lineStart, i, out)
		lineStart = i + 1
	}
	return out
}

func isClosing(t string) bool {
	switch t {
	case "\"", "”", "’", "'", ")", "»":
		return true
	}
	return false
}

func startsSentence(t Token) bool {
	for _, r := range t.Text {
		return unicode.IsUpper(r) || unicode.IsDigit(r) || r == '"' || r == '“' || r == '‘' || r == '\'' || r == '('
	}
	return false
}

func splitLine(rs []rune, ascii string, from, to int, out []Sentence) []Sentence {
	toks := tokenize(rs, ascii, from, to)
	begin := 0
	for k := 0; k < len(toks); k++ {
		t := toks[k].Text
		if t != "." && t != "!" && t != "?" {
			continue
		}
		end := k + 1
		for end < len(toks) && isClosing(toks[end].Text) {
			end++
		}
		if end < len(toks) && !startsSentence(toks[end]) {
			continue
		}
		out = appendSentence(out, toks[begin:end])
		begin = end
		k = end - 1
	}
	if begin < len(toks) {
		out = appendSentence(out, toks[begin:])
	}
	return out
}

// MaxSentenceTokens bounds a sentence: a longer run of tokens without a
// sentence end (a list of thousands of names, a page of text without a
// period) is cut into pieces of at most this many tokens, each after its
// last punctuation mark in its final quarter where it has one. Extraction
// looks at names within a sentence, so this bound keeps the work per
// sentence, and the evidence each fact carries, bounded. News sentences
// run to about 150 tokens (CoNLL-2003, DWIE).
const MaxSentenceTokens = 1000

// appendSentence appends the sentence of toks to out, cut into pieces of at
// most MaxSentenceTokens tokens.
func appendSentence(out []Sentence, toks []Token) []Sentence {
	for len(toks) > MaxSentenceTokens {
		cut := MaxSentenceTokens
		for i := MaxSentenceTokens - 1; i >= MaxSentenceTokens*3/4; i-- {
			if toks[i].Kind == Punct {
				cut = i + 1
				break
			}
		}
		out = append(out, Sentence{Start: toks[0].Start, End: toks[cut-1].End, Tokens: toks[:cut:cut]})
		toks = toks[cut:]
	}
	return append(out, Sentence{Start: toks[0].Start, End: toks[len(toks)-1].End, Tokens: toks})
}
