package extract

import (
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
)

// TestNoLongNames: a "word" of 50,000 letters or a run of hundreds of
// capitalised words is not a name, and the names around it are still
// found.
func TestNoLongNames(t *testing.T) {
	x := New()
	for name, long := range map[string]string{
		"one word": "X" + strings.Repeat("y", 50000),
		"a run":    strings.TrimSpace(strings.Repeat("Abc ", 300)),
	} {
		text := "German Chancellor Olaf Scholz met " + long + " and Joe Biden in Berlin on Monday."
		ex := x.Extract(newsgraph.Article{Text: text})
		found := map[string]bool{}
		for _, m := range ex.Mentions {
			if n := m.End - m.Start; n > MaxNameLength || len([]rune(m.Canonical)) > MaxNameLength {
				t.Errorf("%s: a mention of %d code points (%.40q...)", name, n, m.Text)
			}
			found[m.Canonical] = true
		}
		for _, want := range []string{"Olaf Scholz", "Joe Biden", "Berlin"} {
			if !found[want] {
				t.Errorf("%s: %s not found among %v", name, want, found)
			}
		}
	}
}
