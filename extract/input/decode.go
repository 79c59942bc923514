package input

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/encoding/unicode"
	"golang.org/x/text/transform"
)

// The bytes of an input before they are articles: what kind of input it
// is, judged from its first bytes (sniff); how one article's bytes become
// text (decodeArticle); and lines read with a bound on their length
// (lineReader). No input is read whole to be judged or refused.

// sniffSize is how much of an input sniff judges it by.
const sniffSize = 8192

var utf8BOM = []byte("\xef\xbb\xbf")

// sniff reads the first bytes of an input and returns a reader of its
// text, or why it is not text:
//   - a UTF-8 byte-order mark is dropped;
//   - UTF-16 with a byte-order mark (either byte order) is decoded to
//     UTF-8; UTF-16 without one, and UTF-32, are refused by name;
//   - an input whose first 8 KiB (after decoding) hold a NUL byte, or
//     more than one control byte in 20, is binary and refused;
//   - an input of white space alone is empty.
func sniff(r io.Reader) (*bufio.Reader, string) {
	br := bufio.NewReaderSize(r, 64<<10)
	head, _ := br.Peek(4)
	switch {
	case bytes.HasPrefix(head, []byte{0xff, 0xfe, 0, 0}), bytes.HasPrefix(head, []byte{0, 0, 0xfe, 0xff}):
		return nil, "UTF-32 text: convert it to UTF-8"
	case bytes.HasPrefix(head, []byte{0xff, 0xfe}), bytes.HasPrefix(head, []byte{0xfe, 0xff}):
		dec := unicode.UTF16(unicode.LittleEndian, unicode.ExpectBOM).NewDecoder() // the mark says which
		br = bufio.NewReaderSize(transform.NewReader(br, dec), 64<<10)
	case bytes.HasPrefix(head, utf8BOM):
		br.Discard(len(utf8BOM))
	}
	head, err := br.Peek(sniffSize)
	if err != nil && err != io.EOF && err != bufio.ErrBufferFull {
		return nil, "cannot read: " + err.Error()
	}
	if len(head) < sniffSize && len(bytes.TrimSpace(head)) == 0 {
		return nil, "empty file"
	}
	if bytes.IndexByte(head, 0) >= 0 {
		if utf16Like(head) {
			return nil, "UTF-16 text without a byte-order mark: convert it to UTF-8, or add the mark"
		}
		return nil, "binary file (contains NUL bytes)"
	}
	controls := 0
	for _, b := range head {
		if b < 0x20 && b != '\n' && b != '\r' && b != '\t' && b != '\f' {
			controls++
		}
	}
	if controls*20 > len(head) {
		return nil, "binary file (too many control bytes)"
	}
	return br, ""
}

// utf16Like reports bytes that look like UTF-16 text of mostly ASCII
// characters: one byte of most pairs NUL, the same one each time, and its
// partner a printable character or white space.
func utf16Like(b []byte) bool {
	pairs, even, odd := len(b)/2, 0, 0
	for i := 0; i+1 < len(b); i += 2 {
		lo, hi := b[i], b[i+1]
		if lo == 0 && (hi >= 0x20 || hi == '\t' || hi == '\n' || hi == '\r') {
			even++
		}
		if hi == 0 && (lo >= 0x20 || lo == '\t' || lo == '\n' || lo == '\r') {
			odd++
		}
	}
	return pairs >= 4 && (odd*10 >= pairs*9 || even*10 >= pairs*9)
}

// decodeArticle turns the bytes of one article (a block of text, a JSON
// Lines record, an HTML page) into text, or says why it cannot. Valid
// UTF-8 passes; text with no UTF-8 sequence at all is decoded as
// Windows-1252; anything else is refused rather than stored with
// replacement characters, naming the first bad byte's offset (base is the
// article's offset in its input). Every NUL becomes U+FFFD, the
// replacement character: one code point for one, so offsets hold, and no
// NUL is ever stored.
func decodeArticle(raw []byte, base int64) (string, string) {
	var s string
	if utf8.Valid(raw) {
		s = string(raw)
	} else {
		bad := base + int64(invalidUTF8At(raw))
		if hasMultibyteUTF8(raw) {
			return "", fmt.Sprintf("invalid UTF-8 at byte %d, mixed with valid UTF-8: cannot tell the encoding", bad)
		}
		for _, b := range raw {
			switch b {
			case 0x81, 0x8d, 0x8f, 0x90, 0x9d: // undefined in Windows-1252
				return "", fmt.Sprintf("invalid UTF-8 at byte %d and not Windows-1252 either", bad)
			}
		}
		var err error
		if s, err = charmap.Windows1252.NewDecoder().String(string(raw)); err != nil {
			return "", fmt.Sprintf("invalid UTF-8 at byte %d", bad)
		}
	}
	return noNUL(s), ""
}

// noNUL replaces every NUL in s with U+FFFD.
func noNUL(s string) string {
	if strings.IndexByte(s, 0) < 0 {
		return s
	}
	return strings.ReplaceAll(s, "\x00", "\uFFFD")
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

// lineReader reads lines as strings.Split(text, "\n") gives them, without
// holding more than max bytes of one: a longer line is read to its end
// and dropped, and its length reported.
type lineReader struct {
	br   *bufio.Reader
	max  int64 // longest line kept; <= 0: no bound
	buf  []byte
	off  int64 // byte offset of the next line
	n    int   // lines read
	done bool
}

// readLine is one line: its bytes without the line break (and without
// one carriage return before it), valid until the next call.
type readLine struct {
	text       []byte
	number     int   // 1-based
	offset     int64 // of its first byte in the input
	size       int64 // its length in the input, line break included
	terminated bool  // a line break ended it; false only for the last
	tooLong    bool  // longer than max: text is nil
}

// each calls fn with every line until the input ends or fn fails, whose
// error it returns. A failure to read ends the lines too: it is added to
// errs as an *Error naming the file (path) and the line.
func (lr *lineReader) each(path string, errs *[]error, fn func(readLine) error) error {
	for {
		l, ok, err := lr.next()
		if err != nil {
			*errs = append(*errs, &Error{Path: path, Line: l.number, Reason: "cannot read: " + err.Error()})
			return nil
		}
		if !ok {
			return nil
		}
		if err := fn(l); err != nil {
			return err
		}
	}
}

// next returns the next line; ok is false after the last, which may be
// empty (text ending in a line break ends with an empty line). err is a
// read error other than the end of input.
func (lr *lineReader) next() (l readLine, ok bool, err error) {
	if lr.done {
		return readLine{}, false, nil
	}
	lr.buf = lr.buf[:0]
	l = readLine{number: lr.n + 1, offset: lr.off}
	for {
		frag, rerr := lr.br.ReadSlice('\n')
		l.size += int64(len(frag))
		if !l.tooLong {
			if lr.max > 0 && int64(len(lr.buf)+len(frag)) > lr.max+2 { // room for "\r\n"
				l.tooLong, lr.buf = true, lr.buf[:0]
			} else {
				if len(lr.buf)+len(frag) > cap(lr.buf) { // double: append grows large slices by a quarter
					lr.buf = append(make([]byte, 0, max(2*cap(lr.buf), len(lr.buf)+len(frag))), lr.buf...)
				}
				lr.buf = append(lr.buf, frag...)
			}
		}
		if rerr == bufio.ErrBufferFull {
			continue
		}
		if rerr == nil {
			l.terminated = true
		} else if rerr != io.EOF {
			return readLine{}, false, rerr
		} else {
			lr.done = true
		}
		break
	}
	lr.n++
	lr.off += l.size
	if l.tooLong {
		return l, true, nil
	}
	t := lr.buf
	if l.terminated {
		t = t[:len(t)-1]
		if len(t) > 0 && t[len(t)-1] == '\r' {
			t = t[:len(t)-1]
		}
	}
	if lr.max > 0 && int64(len(t)) > lr.max {
		l.tooLong = true
		return l, true, nil
	}
	l.text = t
	return l, true, nil
}

// formatSize writes a number of bytes for people: "8 MiB", "1,500 bytes".
func formatSize(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return fmt.Sprintf("%d MiB", n>>20)
	}
	if n >= 1<<20 {
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	}
	if n >= 1<<10 && n%(1<<10) == 0 {
		return fmt.Sprintf("%d KiB", n>>10)
	}
	return fmt.Sprintf("%d bytes", n)
}
