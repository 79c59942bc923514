package wiregen

import (
	"bytes"
	"strings"
	"testing"
)

// The same seed gives the same articles; another seed, others.
func TestDeterministic(t *testing.T) {
	gen := func(seed uint64) string {
		var b bytes.Buffer
		if err := New(seed).WriteJSONL(&b, 200); err != nil {
			t.Fatal(err)
		}
		return b.String()
	}
	a, b, c := gen(1), gen(1), gen(2)
	if a != b {
		t.Error("seed 1 gave two different archives")
	}
	if a == c {
		t.Error("seeds 1 and 2 gave the same archive")
	}
	if n := strings.Count(a, "\n"); n != 200 {
		t.Errorf("%d lines, want 200", n)
	}
}

// The archive grows as a real one does: about 100,000 distinct names by
// 60,000 articles, still growing at the end, and heavy-tailed: the most
// named person is in a few percent of articles, most people once.
func TestDistinctNames(t *testing.T) {
	if testing.Short() {
		t.Skip("60,000 articles: not in -short")
	}
	g := New(1)
	words := 0
	var at30k int
	for i := 1; i <= 60000; i++ {
		words += len(strings.Fields(g.Next().Text))
		if i == 30000 {
			p, o, l := g.Names()
			at30k = p + o + l
		}
	}
	p, o, l := g.Names()
	total := p + o + l + len(countries)
	t.Logf("60,000 articles, %d words (%.0f an article): %d people, %d organisations, %d places, %d countries; %d names at 30,000", words, float64(words)/60000, p, o, l, len(countries), at30k)
	if total < 85000 || total > 115000 {
		t.Errorf("%d distinct names by 60,000 articles, want about 100,000", total)
	}
	if grew := float64(total) / float64(at30k); grew < 1.4 {
		t.Errorf("names grew %.2fx from 30,000 to 60,000 articles: the archive stopped growing", grew)
	}
	once, top := 0, 0
	for _, c := range g.people.counts {
		if c == 1 {
			once++
		}
		top = max(top, c)
	}
	t.Logf("the most named person: %d mentions; %d of %d people named once", top, once, p)
	if float64(once) < 0.4*float64(p) || top < 1000 {
		t.Errorf("%d of %d people named once, the most named %d times: not heavy-tailed", once, p, top)
	}
}
