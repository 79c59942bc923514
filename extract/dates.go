package extract

import (
	"sort"
	"strconv"
	"strings"
	"time"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract/internal/calendar"
	"github.com/newsgraph/newsgraph/internal/lazy"
)

// futureCue marks a sentence about what is to come, whose relative dates
// point forward ("is due to meet ... on April 15").
var futureCue = lazy.Regexp("futureCue", `(?i)\b(will|due to|plans? to|planned|expected to|scheduled|set to|is to|are to)\b`)

// Date precisions: how much of a resolved date the text gave.
const (
	DateDay   = "day"
	DateWeek  = "week"
	DateMonth = "month"
	DateYear  = "year"
)

var (
	weekdays   = map[string]time.Weekday{"sunday": 0, "monday": 1, "tuesday": 2, "wednesday": 3, "thursday": 4, "friday": 5, "saturday": 6}
	reMonthDay = lazy.Regexp("reMonthDay", `\b`+calendar.MonthAlt+`\s+(\d{1,2})(?:st|nd|rd|th)?\b`)
	reRel      = lazy.Regexp("reRel", `(?i)\b(?:(last|next|this|on|earlier this|later this)\s+)?(monday|tuesday|wednesday|thursday|friday|saturday|sunday|yesterday|today|tomorrow|week|month|year)\b`)
	reInMon    = lazy.Regexp("reInMon", `\b(?:in|since|until|by|from|during|early|late|mid-?)\s+`+calendar.MonthAlt+`(?:\s+(\d{4}))?\b`)
	reInYear   = lazy.Regexp("reInYear", `\b(?:in|since|during|by)\s+((?:19|20)\d{2})\b`)
)

// ResolveDate returns the date a sentence gives, as YYYY-MM-DD (the first
// day of the period for a week, month or year) with its precision, or ""
// when it gives none. Relative expressions ("Friday", "last week", "in
// January", "on April 15", "yesterday") resolve against the article's date
// ref: for past events to the latest matching date on or before it, for
// planned ones to the next. Without ref only full dates resolve.
func ResolveDate(s, ref string, planned bool) (string, string) {
	return ResolveDateNear(s, ref, planned, -1)
}

// ResolveDateNear is ResolveDate for a sentence with several dates: it
// takes the one nearest to byte offset anchor (the words a relation links),
// or the first when anchor is negative. "Last week ... and in January it
// claimed responsibility for a bombing in Iran" dates the claim January.
func ResolveDateNear(s, ref string, planned bool, anchor int) (string, string) {
	return nearestDate(findDates(s, ref, planned), anchor)
}

// dateHit is a date a text gives, at byte offset at.
type dateHit struct {
	at         int
	date, prec string
}

// findDates returns the dates s gives: its first full date alone when it
// has one (a full date says more than any relative one), else the relative
// ones resolved against ref.
func findDates(s, ref string, planned bool) []dateHit {
	var hits []dateHit
	add := func(at int, date, prec string) {
		if date != "" {
			hits = append(hits, dateHit{at, date, prec})
		}
	}
	if d := calendar.FindDate(s); d != "" {
		return []dateHit{{-1, d, DateDay}}
	}
	r, err := time.Parse("2006-01-02", ref)
	if err == nil {
		if m := reMonthDay().FindStringSubmatchIndex(s); m != nil {
			d, _ := strconv.Atoi(s[m[4]:m[5]])
			add(m[0], nearestMonthDay(r, calendar.MonthOf(s[m[2]:m[3]]), d, planned), DateDay)
		}
		for _, m := range reRel().FindAllStringSubmatchIndex(s, -1) {
			mod, word := "", strings.ToLower(s[m[4]:m[5]])
			if m[2] >= 0 {
				mod = strings.ToLower(s[m[2]:m[3]])
			}
			date, prec := relativeDate(r, mod, word, planned)
			add(m[0], date, prec)
		}
		if m := reInMon().FindStringSubmatchIndex(s); m != nil {
			mon := calendar.MonthOf(s[m[2]:m[3]])
			if m[4] >= 0 {
				y, _ := strconv.Atoi(s[m[4]:m[5]])
				add(m[0], calendar.ISODate(y, mon, 1), DateMonth)
			} else {
				add(m[0], nearestMonth(r, mon, planned), DateMonth)
			}
		}
	}
	if !calendar.HasYear(s) {
		return hits // no "in 2019"
	}
	if m := reInYear().FindStringSubmatchIndex(s); m != nil {
		y, _ := strconv.Atoi(s[m[2]:m[3]])
		add(m[0], calendar.ISODate(y, 1, 1), DateYear)
	}
	return hits
}

// nearestDate returns the date of hits nearest to byte offset anchor (the
// first when anchor is negative; a full date whatever the anchor), the
// more precise of two as near.
func nearestDate(hits []dateHit, anchor int) (string, string) {
	if len(hits) == 0 {
		return "", ""
	}
	if hits[0].at < 0 {
		return hits[0].date, hits[0].prec // a full date
	}
	dist := func(h dateHit) int {
		if anchor < 0 {
			return h.at
		}
		return abs(h.at - anchor)
	}
	best := hits[0]
	for _, h := range hits[1:] {
		if dist(h) < dist(best) || dist(h) == dist(best) && precisionRank(h.prec) < precisionRank(best.prec) {
			best = h
		}
	}
	return best.date, best.prec
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}

func precisionRank(p string) int {
	switch p {
	case DateDay:
		return 0
	case DateWeek:
		return 1
	case DateMonth:
		return 2
	}
	return 3
}

func day(t time.Time) string { return t.Format("2006-01-02") }

// relativeDate resolves "Friday", "last week", "next month", "yesterday".
func relativeDate(ref time.Time, mod, word string, planned bool) (string, string) {
	switch word {
	case "yesterday":
		return day(ref.AddDate(0, 0, -1)), DateDay
	case "today":
		return day(ref), DateDay
	case "tomorrow":
		return day(ref.AddDate(0, 0, 1)), DateDay
	case "week", "month", "year":
		step := 0
		switch mod {
		case "last":
			step = -1
		case "next":
			step = 1
		case "this", "earlier this", "later this":
		default:
			return "", "" // "a week", "the year": no date
		}
		switch word {
		case "week":
			monday := ref.AddDate(0, 0, -((int(ref.Weekday()) + 6) % 7))
			return day(monday.AddDate(0, 0, 7*step)), DateWeek
		case "month":
			first := time.Date(ref.Year(), ref.Month(), 1, 0, 0, 0, 0, time.UTC)
			return day(first.AddDate(0, step, 0)), DateMonth
		default:
			return day(time.Date(ref.Year()+step, 1, 1, 0, 0, 0, 0, time.UTC)), DateYear
		}
	}
	wd, ok := weekdays[word]
	if !ok {
		return "", ""
	}
	diff := (int(wd) - int(ref.Weekday()) + 7) % 7 // days ahead to the next such weekday (0: today)
	switch {
	case mod == "last":
		back := (int(ref.Weekday()) - int(wd) + 7) % 7
		if back == 0 {
			back = 7
		}
		return day(ref.AddDate(0, 0, -back)), DateDay
	case mod == "next" || planned:
		if diff == 0 {
			diff = 7
		}
		return day(ref.AddDate(0, 0, diff)), DateDay
	default: // past: the latest such day on or before the article's date
		back := (int(ref.Weekday()) - int(wd) + 7) % 7
		return day(ref.AddDate(0, 0, -back)), DateDay
	}
}

// nearestMonthDay puts "April 15" in the year that makes it the latest on
// or before ref (past) or the next on or after it (planned).
func nearestMonthDay(ref time.Time, m time.Month, d int, planned bool) string {
	t := time.Date(ref.Year(), m, d, 0, 0, 0, 0, time.UTC)
	if t.Day() != d || t.Month() != m {
		return ""
	}
	return day(sameSide(t, ref, planned))
}

// sameSide moves t a year so that it falls on or before ref for a past
// event, on or after it for a planned one.
func sameSide(t, ref time.Time, planned bool) time.Time {
	switch {
	case planned && t.Before(ref):
		return t.AddDate(1, 0, 0)
	case !planned && t.After(ref):
		return t.AddDate(-1, 0, 0)
	}
	return t
}

// nearestMonth resolves "in January" likewise, to the month's first day.
func nearestMonth(ref time.Time, m time.Month, planned bool) string {
	this := time.Date(ref.Year(), ref.Month(), 1, 0, 0, 0, 0, time.UTC)
	return day(sameSide(time.Date(ref.Year(), m, 1, 0, 0, 0, 0, time.UTC), this, planned))
}

// datedRelations are the events: the relation types whose facts take a date
// from their sentence. Roles and states (president_of, located_in, ...)
// hold over time and take none.
var datedRelations = set(newsgraph.MeetsWith, newsgraph.Visited, newsgraph.Told, newsgraph.ClaimedAttack,
	newsgraph.Attacked, newsgraph.Killed)

// clauseJoins end one clause of a sentence and begin another: a date
// beyond one belongs to the other clause's event.
var clauseJoins = []string{";", " - ", " – ", " — ", ", and ", ", but ", ", while ", ", whereas ", ", which ", ", who ", ", after ", ", before ", ", since ", ", when ", " and then ", ", as "}

// sentenceDates dates the facts of one sentence: its clause joins are
// found once, and the dates of each of its clauses once, however many
// facts the sentence gives, so that dating takes time in proportion to the
// sentence rather than to the sentence times its facts.
type sentenceDates struct {
	text  string
	bytes []int // byte offset in text of each code point, and len(text)
	// future: the sentence is about what is to come; known once asked
	// (isFuture).
	future, futureKnown bool
	// The byte offsets at which a clause join starts and ends, each
	// sorted.
	joinStarts, joinEnds []int
	dates                map[[3]int][]dateHit // by clause and planned
}

// newSentenceDates prepares the sentence s.
func newSentenceDates(s []rune) *sentenceDates {
	sd := &sentenceDates{text: string(s), bytes: make([]int, 0, len(s)+1), dates: map[[3]int][]dateHit{}}
	for i := range sd.text {
		sd.bytes = append(sd.bytes, i)
	}
	sd.bytes = append(sd.bytes, len(sd.text))
	for _, j := range clauseJoins {
		for at := 0; ; at++ {
			k := strings.Index(sd.text[at:], j)
			if k < 0 {
				break
			}
			at += k
			sd.joinStarts = append(sd.joinStarts, at)
			sd.joinEnds = append(sd.joinEnds, at+len(j))
		}
	}
	sort.Ints(sd.joinStarts)
	sort.Ints(sd.joinEnds)
	return sd
}

// isFuture reports whether the sentence is about what is to come. Only
// relative dates depend on it, and they need the article's date, so an
// undated article never pays for the search.
func (sd *sentenceDates) isFuture() bool {
	if !sd.futureKnown {
		sd.future, sd.futureKnown = futureCue().MatchString(sd.text), true
	}
	return sd.future
}

// clause returns the code-point range of the clause that holds code
// points [lo, hi): from just after the last clause join that ends by lo to
// the first one that starts at or after hi.
func (sd *sentenceDates) clause(lo, hi int) (int, int) {
	blo, bhi := sd.bytes[lo], sd.bytes[hi]
	start, end := 0, len(sd.text)
	if k := sort.SearchInts(sd.joinEnds, blo+1) - 1; k >= 0 {
		start = sd.joinEnds[k]
	}
	if k := sort.SearchInts(sd.joinStarts, bhi); k < len(sd.joinStarts) {
		end = sd.joinStarts[k]
	}
	return sort.SearchInts(sd.bytes, start), sort.SearchInts(sd.bytes, end)
}

// date returns the date of the fact whose mentions span code points
// [lo, hi) of the sentence: the one nearest their middle within their
// clause, resolved against ref, forwards when planned or when the
// sentence speaks of the future.
func (sd *sentenceDates) date(lo, hi int, ref string, planned bool) (string, string) {
	cs, ce := sd.clause(lo, hi)
	planned = planned || ref != "" && sd.isFuture()
	key := [3]int{cs, ce, 0}
	if planned {
		key[2] = 1
	}
	hits, ok := sd.dates[key]
	if !ok {
		hits = findDates(sd.text[sd.bytes[cs]:sd.bytes[ce]], ref, planned)
		sd.dates[key] = hits
	}
	return nearestDate(hits, sd.bytes[(lo+hi)/2]-sd.bytes[cs])
}
