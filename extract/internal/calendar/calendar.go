// Package calendar reads full calendar dates written in text ("March 23,
// 2024", "23 March 2024", "2024-03-23"): what the article readers
// (extract/input: datelines, captions, metadata) and the extractor
// (extract: the dates of facts) both need.
package calendar

import (
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph/internal/lazy"
)

var months = map[string]time.Month{
	"january": 1, "jan": 1, "february": 2, "feb": 2, "march": 3, "mar": 3,
	"april": 4, "apr": 4, "may": 5, "june": 6, "jun": 6, "july": 7, "jul": 7,
	"august": 8, "aug": 8, "september": 9, "sep": 9, "sept": 9, "october": 10,
	"oct": 10, "november": 11, "nov": 11, "december": 12, "dec": 12,
}

// MonthAlt is a regular expression group matching a month's name,
// written out or abbreviated ("March", "Mar.", "Sept").
const MonthAlt = `(January|February|March|April|May|June|July|August|September|October|November|December|Jan\.?|Feb\.?|Mar\.?|Apr\.?|Jun\.?|Jul\.?|Aug\.?|Sept?\.?|Oct\.?|Nov\.?|Dec\.?)`

var (
	reMonthDayYear = lazy.Regexp("reMonthDayYear", `\b`+MonthAlt+`\s+(\d{1,2})(?:st|nd|rd|th)?,?\s+(\d{4})\b`)
	reDayMonthYear = lazy.Regexp("reDayMonthYear", `\b(\d{1,2})\s+`+MonthAlt+`,?\s+(\d{4})\b`)
	reISODate      = lazy.Regexp("reISODate", `\b(\d{4})-(\d{2})-(\d{2})\b`)
)

// ISODate formats a valid calendar date, or returns "".
func ISODate(y int, m time.Month, d int) string {
	if y < 1800 || y > 2200 || m < 1 || m > 12 || d < 1 {
		return ""
	}
	t := time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d {
		return ""
	}
	return t.Format("2006-01-02")
}

// MonthOf is the month a name or abbreviation stands for ("Sept.",
// "march"), or 0.
func MonthOf(s string) time.Month { return months[strings.ToLower(strings.TrimSuffix(s, "."))] }

// FindDate returns the first full calendar date written in s ("March 23,
// 2024", "23 March 2024", "2024-03-23") as YYYY-MM-DD, or "".
func FindDate(s string) string {
	if !HasYear(s) {
		return "" // most sentences: three searches saved
	}
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
	if m := reMonthDayYear().FindStringSubmatchIndex(s); m != nil {
		d, _ := strconv.Atoi(s[m[4]:m[5]])
		y, _ := strconv.Atoi(s[m[6]:m[7]])
		try(m[0], ISODate(y, MonthOf(s[m[2]:m[3]]), d))
	}
	if m := reDayMonthYear().FindStringSubmatchIndex(s); m != nil {
		d, _ := strconv.Atoi(s[m[2]:m[3]])
		y, _ := strconv.Atoi(s[m[6]:m[7]])
		try(m[0], ISODate(y, MonthOf(s[m[4]:m[5]]), d))
	}
	if m := reISODate().FindStringSubmatchIndex(s); m != nil {
		y, _ := strconv.Atoi(s[m[2]:m[3]])
		mo, _ := strconv.Atoi(s[m[4]:m[5]])
		d, _ := strconv.Atoi(s[m[6]:m[7]])
		try(m[0], ISODate(y, time.Month(mo), d))
	}
	return best.date
}

// HasYear reports whether s has four ASCII digits in a row, as every
// full date has (the patterns' \d{4}; \d is ASCII alone in Go).
func HasYear(s string) bool {
	run := 0
	for i := 0; i < len(s); i++ {
		if '0' <= s[i] && s[i] <= '9' {
			if run++; run == 4 {
				return true
			}
		} else {
			run = 0
		}
	}
	return false
}
