package export

import (
	"strings"
	"unicode/utf8"
)

// xmlSafe returns s with every character that XML 1.0 does not allow in a
// document replaced by U+FFFD, the Unicode replacement character:
//
//   - the C0 controls U+0000-U+0008, U+000B, U+000C and U+000E-U+001F
//     (tab, line feed and carriage return are kept);
//   - the noncharacters U+FFFE and U+FFFF;
//   - each byte of invalid UTF-8, which includes UTF-8-encoded surrogate
//     halves U+D800-U+DFFF (a Go string cannot hold a surrogate any other
//     way; "\xed\xa0\x80" becomes three U+FFFD, one per byte, as
//     encoding/xml and a range loop over the string read it).
//
// Characters are replaced rather than dropped so a reader sees that
// something was there, and so the GraphML and GEXF writers, which both call
// it on every string they write, agree with each other and with
// encoding/xml's own escaping. It returns s itself, without allocating,
// when nothing needs replacing, which is the common case.
func xmlSafe(s string) string {
	i := firstForbidden(s)
	if i == len(s) {
		return s
	}
	var b strings.Builder
	b.Grow(len(s) + 8)
	b.WriteString(s[:i])
	for i < len(s) {
		r, size := utf8.DecodeRuneInString(s[i:])
		if xmlForbidden(r, size) {
			b.WriteRune(utf8.RuneError)
		} else {
			b.WriteString(s[i : i+size])
		}
		i += size
	}
	return b.String()
}

// firstForbidden returns the byte offset of the first character of s that
// XML 1.0 forbids, or len(s).
func firstForbidden(s string) int {
	for i := 0; i < len(s); {
		if c := s[i]; c >= 0x20 && c < utf8.RuneSelf { // printable ASCII: the fast path
			i++
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if xmlForbidden(r, size) {
			return i
		}
		i += size
	}
	return len(s)
}

// xmlForbidden reports whether the rune r, decoded from size bytes, may not
// appear in an XML 1.0 document (the Char production of the XML 1.0
// specification, section 2.2). A U+FFFD decoded from one byte is invalid
// UTF-8; a U+FFFD written out in three bytes is a real character and is
// allowed.
func xmlForbidden(r rune, size int) bool {
	switch {
	case r == utf8.RuneError && size == 1:
		return true
	case r < 0x20:
		return r != '\t' && r != '\n' && r != '\r'
	case r >= 0xD800 && r <= 0xDFFF: // cannot come out of a decoder; kept for clarity
		return true
	case r == 0xFFFE || r == 0xFFFF:
		return true
	}
	return false
}
