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

func TestResolveDate(t *testing.T) {
	const ref = "2024-03-22" // a Friday
	for _, tc := range []struct {
		s       string
		planned bool
		date    string
		prec    string
	}{
		{"The meeting took place on March 23, 2024.", false, "2024-03-23", DateDay},
		{"He spoke on Friday.", false, "2024-03-22", DateDay},
		{"He spoke on Wednesday.", false, "2024-03-20", DateDay},
		{"He will speak on Wednesday.", true, "2024-03-27", DateDay},
		{"They will meet on Friday.", true, "2024-03-29", DateDay},
		{"They met last Friday.", false, "2024-03-15", DateDay},
		{"They meet next Monday.", true, "2024-03-25", DateDay},
		{"The attack happened yesterday.", false, "2024-03-21", DateDay},
		{"Talks resume tomorrow.", true, "2024-03-23", DateDay},
		{"They met last week.", false, "2024-03-11", DateWeek},
		{"Prices rose last month.", false, "2024-02-01", DateMonth},
		{"Talks began in January amid attacks.", false, "2024-01-01", DateMonth},
		{"Elections are due in January.", true, "2025-01-01", DateMonth},
		{"He is due to meet Biden on April 15.", true, "2024-04-15", DateDay},
		{"He met Biden on April 15.", false, "2023-04-15", DateDay},
		{"The war started in 2011.", false, "2011-01-01", DateYear},
		{"The group grew last year.", false, "2023-01-01", DateYear},
		{"No date here at all.", false, "", ""},
		{"He took a week off this year.", false, "2024-01-01", DateYear},
	} {
		date, prec := ResolveDate(tc.s, ref, tc.planned)
		if date != tc.date || prec != tc.prec {
			t.Errorf("%q (planned %v): %s %s, want %s %s", tc.s, tc.planned, date, prec, tc.date, tc.prec)
		}
	}
	// Without an article date only full dates resolve.
	if d, p := ResolveDate("They met on Friday, March 1, 2024.", ref, false); d != "2024-03-01" || p != DateDay {
		t.Errorf("full date without ref: %s %s", d, p)
	}
	if d, _ := ResolveDate("They met on Friday.", "", false); d != "" {
		t.Errorf("weekday without ref: %s", d)
	}
}
