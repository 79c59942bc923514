package extract

import (
	"testing"

	"github.com/newsgraph/newsgraph"
)

func TestPlaceLookup(t *testing.T) {
	cases := []struct {
		name          string
		kind, country string
		state         string
	}{
		{"Germany", placeCountry, "Germany", ""},
		{"U.S.", placeCountry, "United States", ""},
		{"Ethiopia.", placeCountry, "Ethiopia", ""}, // a sentence's final period
		{"Hamburg", placeCity, "Germany", ""},
		{"Düsseldorf", placeCity, "Germany", ""},
		{"Dusseldorf", placeCity, "Germany", ""}, // written without its diacritic
		{"Aiken", placeCity, "United States", "South Carolina"},
		{"S.C.", placeState, "United States", "South Carolina"},
		{"Calif.", placeState, "United States", "California"},
		{"West Bengal", placeRegion, "India", ""},
		{"Baghdad", placeCity, "Iraq", ""}, // a capital the lexicon knows
	}
	for _, c := range cases {
		p, ok := embeddedLexicon().place(c.name)
		if !ok || p.kind != c.kind || p.country != c.country || p.state != c.state {
			t.Errorf("place(%q) = %+v, %v; want %s in %s %s", c.name, p, ok, c.kind, c.country, c.state)
		}
	}
	// The gazetteer holds towns called "University" (Florida) and "Obama"
	// (Japan): callers ask it only about names already typed as places,
	// and placesInName skips organisation words.
	for _, name := range []string{"Reuters", "Xanadu Heights", ""} {
		if p, ok := embeddedLexicon().place(name); ok {
			t.Errorf("place(%q) = %+v, want none", name, p)
		}
	}
}

func TestPlaceWithin(t *testing.T) {
	get := func(name string) place {
		p, ok := embeddedLexicon().place(name)
		if !ok {
			t.Fatalf("no place %q", name)
		}
		return p
	}
	cases := []struct {
		a, b string
		want bool
	}{
		{"Hamburg", "Germany", true},
		{"Aiken", "S.C.", true},
		{"Aiken", "United States", true},
		{"S.C.", "United States", true},
		{"Hamburg", "France", false},
		{"Germany", "Hamburg", false},
		{"Germany", "Germany", false},
		{"Aiken", "Calif.", false},
	}
	for _, c := range cases {
		if got := get(c.a).within(get(c.b)); got != c.want {
			t.Errorf("%s within %s = %v", c.a, c.b, got)
		}
	}
}

func TestPlacesInName(t *testing.T) {
	x := New()
	cases := map[string][]string{
		"Real Madrid":          {"Spain"},
		"Karachi University":   {"Pakistan"}, // "University" is a town too, not here
		"Dynamo Kyiv":          {"Ukraine"},
		"The European Union":   nil,
		"Acme Holdings":        nil,
		"University of Bonn":   {"Germany"},
		"Union of Journalists": nil,
	}
	for name, want := range cases {
		got := x.placesInName(Sentences(name)[0].Tokens)
		if len(got) != len(want) || len(got) > 0 && got[0] != want[0] {
			t.Errorf("placesInName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestKnowledgeFactsTakeNoDate(t *testing.T) {
	ex := New().WithMinConfidence(0).Extract(newsgraph.Article{Date: "2024-04-19",
		Text: "On Friday, Olaf Scholz met Emmanuel Macron in Hamburg, and Germany's police were ready."})
	var located, met *newsgraph.Relation
	for i, r := range ex.Relations {
		switch r.Type {
		case newsgraph.LocatedIn:
			located = &ex.Relations[i]
		case newsgraph.MeetsWith:
			met = &ex.Relations[i]
		}
	}
	if located == nil || met == nil {
		t.Fatalf("relations %+v", ex.Relations)
	}
	if met.Date != "2024-04-19" {
		t.Errorf("the meeting is dated %q, want the Friday", met.Date)
	}
	if located.Rule != "gazetteer" || located.Date != "" {
		t.Errorf("Hamburg located_in Germany: rule %s, date %q; want gazetteer and no date", located.Rule, located.Date)
	}
}
