package extract

import (
	"math/rand"
	"strings"
	"testing"
	"unicode"
)

// nearestSegmentScan is nearestSegment as it was, looking at every
// segment and copying the text between: the reference the binary search
// must agree with.
func nearestSegmentScan(segs []quoteSeg, rs []rune, from, to int) (quoteSeg, bool) {
	best, found := quoteSeg{}, false
	for _, s := range segs {
		if s.close < from && !strings.ContainsRune(string(rs[s.close:from]), '\n') && (!found || s.close > best.close) {
			best, found = s, true
		}
	}
	if found {
		return best, true
	}
	for _, s := range segs {
		if s.open >= to && s.open-to <= 3 && strings.TrimFunc(string(rs[to:s.open]), func(r rune) bool { return unicode.IsSpace(r) || r == ':' || r == ',' }) == "" {
			return s, true
		}
	}
	return quoteSeg{}, false
}

func TestNearestSegmentMatchesScan(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	alphabet := []rune("ab :,\n“”«»\"")
	for n := 0; n < 2000; n++ {
		rs := make([]rune, rng.Intn(40))
		for i := range rs {
			rs[i] = alphabet[rng.Intn(len(alphabet))]
		}
		segs, breaks := quoteSegments(rs), lineBreaks(rs)
		for from := 0; from <= len(rs); from++ {
			for to := from; to <= len(rs) && to <= from+5; to++ {
				got, gok := nearestSegment(segs, rs, breaks, from, to)
				want, wok := nearestSegmentScan(segs, rs, from, to)
				if got != want || gok != wok {
					t.Fatalf("%q [%d,%d): got %v %v, want %v %v", string(rs), from, to, got, gok, want, wok)
				}
			}
		}
	}
}
