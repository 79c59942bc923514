package eval

import (
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
)

// goldPair is a hand-made gold article; predPair below is scored against
// it with numbers worked out by hand.
// It is written over several lines for reading and joined into one.
const goldPair = `{"id": "a1", "text": "irrelevant here",
 "entities": [
  {"name": "Angela Merkel", "type": "PERSON", "aliases": ["Merkel"]},
  {"name": "Germany", "type": "GPE", "aliases": ["German"]},
  {"name": "Christian Democratic Union", "type": "ORG", "aliases": ["CDU"]},
  {"name": "Emmanuel Macron", "type": "PERSON", "aliases": ["Macron"]},
  {"name": "United States", "type": "GPE", "aliases": ["US", "U.S."]},
  {"name": "Berlin", "type": "GPE", "aliases": []}],
 "facts": [
  {"subject": "Angela Merkel", "relation": "prime_minister_of", "object": "Germany"},
  {"subject": "Angela Merkel", "relation": "citizen_of", "object": "Germany"},
  {"subject": "Angela Merkel", "relation": "leader_of", "object": "Christian Democratic Union"},
  {"subject": "Angela Merkel", "relation": "meets_with", "object": "Emmanuel Macron"},
  {"subject": "Berlin", "relation": "located_in", "object": "Germany"}],
 "unsure": [
  {"subject": "Angela Merkel", "relation": "member_of", "object": "Christian Democratic Union", "why": "implied?"}]}
`

func TestScoreHandMadePair(t *testing.T) {
	gold, err := ReadFacts("gold.jsonl", strings.NewReader(strings.ReplaceAll(goldPair, "\n", "")))
	if err != nil {
		t.Fatal(err)
	}
	pred := map[string][]Predicted{"a1": {
		// right, named by alias and differently cased: TP prime_minister_of
		{Subject: "merkel", Relation: "prime_minister_of", Object: "Germany", Rule: "title", Confidence: 0.95},
		// the same fact again from another sentence: still one fact
		{Subject: "Angela Merkel", Relation: "prime_minister_of", Object: "germany", Rule: "title", Confidence: 0.9},
		// symmetric relation in the other order: TP meets_with
		{Subject: "Macron", Relation: "meets_with", Object: "Merkel", Rule: "meet-verb", Confidence: 0.85},
		// unsure: neither way
		{Subject: "Merkel", Relation: "member_of", Object: "CDU", Rule: "possessive", Confidence: 0.7},
		// wrong relation: FP works_for
		{Subject: "Merkel", Relation: "works_for", Object: "CDU", Rule: "model", Confidence: 0.6},
		// wrong direction on an asymmetric relation: FP located_in
		{Subject: "Germany", Relation: "located_in", Object: "Berlin", Rule: "gazetteer", Confidence: 0.9},
		// names the gold does not know: FP president_of
		{Subject: "Donald Trump", Relation: "president_of", Object: "U.S.", Rule: "title", Confidence: 0.8},
	}}
	rep := Score(gold, pred)
	// Gold 5 facts; found prime_minister_of and meets_with; missed
	// citizen_of, leader_of, located_in.
	want := map[string]extract.Counts{
		"prime_minister_of": {TP: 1},
		"meets_with":        {TP: 1},
		"works_for":         {FP: 1},
		"located_in":        {FP: 1, FN: 1},
		"president_of":      {FP: 1},
		"citizen_of":        {FN: 1},
		"leader_of":         {FN: 1},
	}
	if len(rep.Facts.ByType) != len(want) {
		t.Errorf("types scored: %v, want %v", rep.Facts.ByType, want)
	}
	for typ, c := range want {
		if got := rep.Facts.ByType[typ]; got != c {
			t.Errorf("%s: %+v, want %+v", typ, got, c)
		}
	}
	if o := rep.Facts.Overall; o != (extract.Counts{TP: 2, FP: 3, FN: 3}) {
		t.Errorf("overall %+v, want TP 2 FP 3 FN 3", o)
	}
	if p, r := rep.Facts.Overall.Precision(), rep.Facts.Overall.Recall(); p != 0.4 || r != 0.4 {
		t.Errorf("P %.3f R %.3f, want 0.4 and 0.4", p, r)
	}
	var missed, spurious int
	for _, e := range rep.Errors {
		switch e.Kind {
		case extract.Missed:
			missed++
		case extract.Spurious:
			spurious++
			if e.Relation == "president_of" && (e.Rule != "title" || e.Confidence != 0.8) {
				t.Errorf("spurious fact lost its rule or confidence: %+v", e)
			}
		}
	}
	if missed != 3 || spurious != 3 {
		t.Errorf("errors: %d missed, %d spurious; want 3 and 3", missed, spurious)
	}
	// Sources: title gave 2 distinct facts (1 right), gazetteer 1 (0).
	src := map[string]Source{}
	for _, s := range rep.Sources {
		src[s.Rule+" "+s.Relation] = s
	}
	if s := src["title prime_minister_of"]; s.Facts != 1 || s.Right != 1 {
		t.Errorf("title prime_minister_of: %+v", s)
	}
	if s := src["title president_of"]; s.Facts != 1 || s.Right != 0 {
		t.Errorf("title president_of: %+v", s)
	}
	if _, ok := src["possessive member_of"]; ok {
		t.Errorf("an unsure fact was counted for its source")
	}
	// Reliability: 5 scored facts at 0.95, 0.85, 0.6, 0.9, 0.8.
	n := 0
	for _, b := range rep.Calibration {
		n += b.Predicted
	}
	if n != 5 {
		t.Errorf("reliability table holds %d facts, want 5: %+v", n, rep.Calibration)
	}
}

func TestNormalize(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{"U.S.", "us"},
		{"Al-Qaeda", "al qaeda"},
		{"  Recep Tayyip  Erdoğan ", "recep tayyip erdogan"},
		{"Côte d'Ivoire", "cote divoire"},
		{"Deutsche Welle (DW)", "deutsche welle dw"},
	} {
		if got := Normalize(tc.in); got != tc.want {
			t.Errorf("Normalize(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
}

func TestReadFactsErrors(t *testing.T) {
	for _, tc := range []struct{ name, in, want string }{
		{"unknown relation", `{"id":"x","entities":[{"name":"A","type":"PERSON"}],"facts":[{"subject":"A","relation":"likes","object":"A"}]}`, `relation "likes"`},
		{"unknown entity", `{"id":"x","entities":[{"name":"A","type":"PERSON"}],"facts":[{"subject":"A","relation":"told","object":"B"}]}`, "names an entity"},
		{"no id", `{"entities":[],"facts":[]}`, "no id"},
		{"not JSON", `{"id":`, "not a JSON record"},
		{"empty", ``, "no annotated records"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			_, err := ReadFacts("g.jsonl", strings.NewReader(tc.in))
			if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "g.jsonl") {
				t.Errorf("error %v, want one naming g.jsonl and %q", err, tc.want)
			}
		})
	}
}

func TestAddTexts(t *testing.T) {
	recs := []FactsRecord{{ID: "a"}, {ID: "b", Text: "kept"}}
	if err := AddTexts(recs, map[string]string{"a": "text of a"}); err != nil {
		t.Fatal(err)
	}
	if recs[0].Text != "text of a" || recs[1].Text != "kept" {
		t.Errorf("texts: %q, %q", recs[0].Text, recs[1].Text)
	}
	if err := AddTexts([]FactsRecord{{ID: "c"}}, nil); err == nil || !strings.Contains(err.Error(), `"c"`) {
		t.Errorf("a missing text gave %v", err)
	}
}
