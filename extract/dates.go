package extract

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"time"
)

var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
	"april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
	"august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "october": 10,
	"oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

const monthAlt = `(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)`

var (
	reMonthDayYear = regexp.MustCompile(`\b` + monthAlt + `\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	reDayMonthYear = regexp.MustCompile(`\b(\d{1,2})\s+` + monthAlt + `,?\s+(\d{4})\b`)
	reISODate      = regexp.MustCompile(`\b(\d{4})-(\d{2})-(\d{2})\b`)
	reMonthDay     = regexp.MustCompile(`\b` + monthAlt + `\s+(\d{1,2})(?:st|nd|rd|th)?\b`)
)

// isoDate formats a valid calendar date, or returns "".
func isoDate(y int, m time.Month, d int) string {
	if y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 {
		return ""
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return ""
	}
	return t.Format("2006-01-02")
}

func monthOf(s string) time.Month { return months[strings.ToLower(strings.TrimSuffix(s, "."))] }

// FindDate returns the first full calendar date written in s ("March 23,
// 2024", "23 March 2024", "2024-03-23") as YYYY-MM-DD, or "".
func FindDate(s string) string {
	type hit struct {
		at   int
		date string
	}
	best := hit{at: -1}
	try := func(at int, date string) {
		if date != "" && (best.at < 0 || at < best.at) {
			best = hit{at, date}
		}
	}
	if m := reMonthDayYear.FindStringSubmatchIndex(s); m != nil {
		d, _ := strconv.Atoi(s[m[4]:m[5]])
		y, _ := strconv.Atoi(s[m[6]:m[7]])
		try(m[0], isoDate(y, monthOf(s[m[2]:m[3]]), d))
	}
	if m := reDayMonthYear.FindStringSubmatchIndex(s); m != nil {
		d, _ := strconv.Atoi(s[m[2]:m[3]])
		y, _ := strconv.Atoi(s[m[6]:m[7]])
		try(m[0], isoDate(y, monthOf(s[m[4]:m[5]]), d))
	}
	if m := reISODate.FindStringSubmatchIndex(s); m != nil {
		y, _ := strconv.Atoi(s[m[2]:m[3]])
		mo, _ := strconv.Atoi(s[m[4]:m[5]])
		d, _ := strconv.Atoi(s[m[6]:m[7]])
		try(m[0], isoDate(y, time.Month(mo), d))
	}
	return best.date
}

// sentenceDate returns the date a sentence gives: a full date, or a month and
// day ("on April 15") completed with the year of the article's date ref.
func sentenceDate(s, ref string) string {
	if d := FindDate(s); d != "" {
		return d
	}
	if len(ref) < 4 {
		return ""
	}
	y, err := strconv.Atoi(ref[:4])
	if err != nil {
		return ""
	}
	if m := reMonthDay.FindStringSubmatch(s); m != nil {
		d, _ := strconv.Atoi(m[2])
		return isoDate(y, monthOf(m[1]), d)
	}
	return ""
}

// NormalizeDate parses a date given in metadata (RFC 3339, ISO date, or a
// written date) and returns YYYY-MM-DD.
func NormalizeDate(s string) (string, error) {
	s = strings.TrimSpace(s)
	for _, layout := range []string{time.RFC3339, "2006-01-02T15:04:05", "2006-01-02 15:04:05", "2006-01-02", time.RFC1123Z, time.RFC1123} {
		if t, err := time.Parse(layout, s); err == nil {
			return t.Format("2006-01-02"), nil
		}
	}
	if d := FindDate(s); d != "" {
		return d, nil
	}
	return "", fmt.Errorf("unrecognised date %q (want YYYY-MM-DD)", s)
}
