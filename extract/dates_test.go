package extract

import (
	"math/rand"
	"strings"
	"testing"
	"unicode/utf8"
)

// clauseAroundScan is clauseAround as it was, searching the sentence for
// every clause join at each call: the reference sentenceDates must agree
// with.
func clauseAroundScan(s []rune, lo, hi int) (int, int) {
	text := string(s)
	blo, bhi := len(string(s[:lo])), len(string(s[:hi]))
	start, end := 0, len(text)
	for _, j := range clauseJoins {
		if k := strings.LastIndex(text[:blo], j); k >= 0 && k+len(j) > start {
			start = k + len(j)
		}
		if k := strings.Index(text[bhi:], j); k >= 0 && bhi+k < end {
			end = bhi + k
		}
	}
	return utf8.RuneCountInString(text[:start]), utf8.RuneCountInString(text[:end])
}

// TestSentenceDatesMatchScan: dating the facts of a sentence once per
// clause gives what dating each fact on its own gave, on random sentences
// of names, dates and clause joins.
func TestSentenceDatesMatchScan(t *testing.T) {
	rng := rand.New(rand.NewSource(1))
	pieces := []string{"Biden", "met", "Olaf Scholz", "in Berlin", " on Friday", " last week", " in January", " in 2011",
		" March 23, 2024", " 5 June 2023", " will", " is due to", ", and ", "; ", " - ", " – ", ", who ", ", after ", " and then ",
		" Zürich", " él", " ", ",", "-", " - - ", " tomorrow", " on April 15"}
	for n := 0; n < 60; n++ {
		var b strings.Builder
		for k := rng.Intn(25); k >= 0; k-- {
			b.WriteString(pieces[rng.Intn(len(pieces))])
		}
		rs := []rune(b.String())
		for _, ref := range []string{"", "2024-03-22"} {
			sd := newSentenceDates(rs)
			for lo := 0; lo < len(rs); lo += 1 + rng.Intn(10) {
				for hi := lo + 1; hi <= len(rs); hi += 1 + rng.Intn(15) {
					cs, ce := clauseAroundScan(rs, lo, hi)
					if gs, ge := sd.clause(lo, hi); gs != cs || ge != ce {
						t.Fatalf("%q [%d,%d): clause [%d,%d), want [%d,%d)", string(rs), lo, hi, gs, ge, cs, ce)
					}
					for _, planned := range []bool{false, true} {
						clause := rs[cs:ce]
						wd, wp := ResolveDateNear(string(clause), ref, planned || futureCue().MatchString(string(rs)), len(string(clause[:(lo+hi)/2-cs])))
						if gd, gp := sd.date(lo, hi, ref, planned); gd != wd || gp != wp {
							t.Fatalf("%q [%d,%d) planned %v: %s %s, want %s %s", string(rs), lo, hi, planned, gd, gp, wd, wp)
						}
					}
				}
			}
		}
	}
}
