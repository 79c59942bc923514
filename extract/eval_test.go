package extract

import (
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph"
)

func ent(text, sub, typ string, from int) AnnotatedEntity {
	rs := []rune(text)
	i := strings.Index(string(rs[from:]), sub)
	if i < 0 {
		panic(sub)
	}
	start := from + len([]rune(string(rs[from:])[:i]))
	return AnnotatedEntity{Start: start, End: start + len([]rune(sub)), Type: typ, Text: sub, Canonical: sub}
}

func near(a, b float64) bool { return math.Abs(a-b) < 1e-9 }

func TestCompareNER(t *testing.T) {
	const text = "Tom Berg met Ann Lee in Paris."
	gold := []AnnotatedRecord{{ID: "r1", Text: text, Entities: []AnnotatedEntity{
		ent(text, "Tom Berg", "PER", 0), ent(text, "Ann Lee", "PER", 0), ent(text, "Paris", "LOC", 0)}}}
	pred := []AnnotatedRecord{{ID: "r1", Text: text, Entities: []AnnotatedEntity{
		ent(text, "Tom Berg", newsgraph.Person, 0), // right
		ent(text, "Ann", newsgraph.Person, 0),      // wrong span
		ent(text, "Lee", newsgraph.Org, 0),         // not in gold
		ent(text, "Paris", newsgraph.GPE, 0),       // GPE is LOC in CoNLL
		ent(text, "Paris", newsgraph.Loc, 0),       // same span again: counted once
	}}}
	m, _ := LabelMapNamed("conll2003")
	rep, err := Compare(gold, pred, TaskNER, m)
	if err != nil {
		t.Fatal(err)
	}
	o := rep.Mentions.Overall
	if o != (Counts{TP: 2, FP: 2, FN: 1}) {
		t.Fatalf("overall %+v, want TP 2 FP 2 FN 1", o)
	}
	if !near(o.Precision(), 0.5) || !near(o.Recall(), 2.0/3) || !near(o.F1(), 4.0/7) {
		t.Errorf("P %.4f R %.4f F1 %.4f, want 0.5, 0.6667, 0.5714", o.Precision(), o.Recall(), o.F1())
	}
	want := map[string]Counts{"PER": {1, 1, 1}, "LOC": {1, 0, 0}, "ORG": {0, 1, 0}}
	for typ, c := range want {
		if rep.Mentions.ByType[typ] != c {
			t.Errorf("%s: %+v, want %+v", typ, rep.Mentions.ByType[typ], c)
		}
	}
	if rep.Entities != nil {
		t.Error("entity-level scores without gold clusters")
	}
	wantErrs := []EvalError{
		{Record: "r1", Kind: Missed, Type: "PER", Text: "Ann Lee"},
		{Record: "r1", Kind: Spurious, Type: "PER", Text: "Ann"},
		{Record: "r1", Kind: Spurious, Type: "ORG", Text: "Lee"},
	}
	if !slices.Equal(rep.Errors, wantErrs) {
		t.Errorf("errors %+v, want %+v", rep.Errors, wantErrs)
	}
}

func TestCompareRelations(t *testing.T) {
	const text = "Envoy Ann Lee of Acme met Tom Berg in Oslo."
	g := []AnnotatedEntity{ent(text, "Ann Lee", "Peop", 0), ent(text, "Acme", "Org", 0), ent(text, "Tom Berg", "Peop", 0), ent(text, "Oslo", "Loc", 0)}
	gold := []AnnotatedRecord{{ID: "a", Text: text, Entities: g, Relations: []AnnotatedRelation{
		{Head: 0, Tail: 1, Type: "Work_For"}, {Head: 2, Tail: 3, Type: "Live_In"}}}}
	p := []AnnotatedEntity{ent(text, "Ann Lee", newsgraph.Person, 0), ent(text, "Acme", newsgraph.Org, 0),
		ent(text, "Tom Berg", newsgraph.Person, 0), ent(text, "Oslo", newsgraph.GPE, 0)}
	pred := []AnnotatedRecord{{ID: "a", Text: text, Entities: p, Relations: []AnnotatedRelation{
		{Head: 0, Tail: 1, Type: "ambassador_of", Confidence: 0.9}, // Work_For: right
		{Head: 2, Tail: 1, Type: "member_of", Confidence: 0.95},    // Work_For: wrong head
		{Head: 0, Tail: 2, Type: "meets_with", Confidence: 0.6},    // not scored in CoNLL04
	}}}
	m, _ := LabelMapNamed("conll04")
	rep, err := Compare(gold, pred, TaskRelations, m)
	if err != nil {
		t.Fatal(err)
	}
	if o := rep.Mentions.Overall; o != (Counts{TP: 1, FP: 1, FN: 1}) {
		t.Errorf("overall %+v, want TP 1 FP 1 FN 1", o)
	}
	if c := rep.Mentions.ByType["Live_In"]; c != (Counts{FN: 1}) {
		t.Errorf("Live_In %+v", c)
	}
	// Two scored facts at 0.9 and 0.95, one right: one bin, half right.
	if len(rep.Calibration) != 1 {
		t.Fatalf("calibration %+v", rep.Calibration)
	}
	if b := rep.Calibration[0]; b.From != 0.9 || b.Predicted != 2 || b.Correct != 1 || !near(b.MeanConfidence, 0.925) || b.Precision() != 0.5 {
		t.Errorf("calibration bin %+v", b)
	}
	wantErrs := []EvalError{
		{Record: "a", Kind: Missed, Type: "Live_In", Text: "Tom Berg", Tail: "Oslo"},
		{Record: "a", Kind: Spurious, Type: "Work_For", Text: "Tom Berg", Tail: "Acme", Confidence: 0.95},
	}
	if !slices.Equal(rep.Errors, wantErrs) {
		t.Errorf("errors %+v, want %+v", rep.Errors, wantErrs)
	}
}

func TestCompareDWIEClusters(t *testing.T) {
	const text = "Germany and Merkel. Germany again, and Merkel met Putin."
	g := []AnnotatedEntity{ent(text, "Germany", "location", 0), ent(text, "Merkel", "person", 0),
		ent(text, "Germany", "location", 10), ent(text, "Merkel", "person", 25), ent(text, "Putin", "person", 0)}
	zero, one, two := 0, 1, 2
	gold := []AnnotatedRecord{{ID: "d", Text: text, Entities: g,
		Clusters: []AnnotatedCluster{{ID: 0, Type: "location", Mentions: []int{0, 2}},
			{ID: 1, Type: "person", Mentions: []int{1, 3}}, {ID: 2, Type: "person", Mentions: []int{4}}},
		Relations: []AnnotatedRelation{{Head: 1, Tail: 0, Type: "citizen_of", HeadEntity: &one, TailEntity: &zero},
			{Head: 3, Tail: 4, Type: "is_meeting", HeadEntity: &one, TailEntity: &two}}}}
	p := []AnnotatedEntity{ent(text, "Germany", newsgraph.GPE, 10), ent(text, "Merkel", newsgraph.Person, 25),
		ent(text, "Putin", newsgraph.Person, 0), ent(text, "and", newsgraph.GPE, 0)}
	pred := []AnnotatedRecord{{ID: "d", Text: text, Entities: p, Relations: []AnnotatedRelation{
		{Head: 2, Tail: 1, Type: "meets_with"}, // symmetric: matches is_meeting Merkel -> Putin
	}}}
	m, _ := LabelMapNamed("dwie")
	rep, err := Compare(gold, pred, TaskNER, m)
	if err != nil {
		t.Fatal(err)
	}
	if rep.Entities == nil {
		t.Fatal("no entity-level scores for clustered gold")
	}
	// Mentions: Germany#2, Merkel#2, Putin right; "and" wrong; Germany#1,
	// Merkel#1 missed. Entities: all three clusters found, "and" wrong.
	if o := rep.Mentions.Overall; o != (Counts{TP: 3, FP: 1, FN: 2}) {
		t.Errorf("mentions %+v, want TP 3 FP 1 FN 2", o)
	}
	if o := rep.Entities.Overall; o != (Counts{TP: 3, FP: 1, FN: 0}) {
		t.Errorf("entities %+v, want TP 3 FP 1 FN 0", o)
	}
	rel, err := Compare(gold, pred, TaskRelations, m)
	if err != nil {
		t.Fatal(err)
	}
	if o := rel.Entities.Overall; o != (Counts{TP: 1, FP: 0, FN: 1}) {
		t.Errorf("entity-level relations %+v, want TP 1 FN 1 (citizen_of missed)", o)
	}
}

func TestCoNLL04SpanConventions(t *testing.T) {
	// CoNLL04 keeps "President" inside a person and a final period inside
	// a name; the extractor keeps the title as a role and stops before the
	// period. "Sen." stays outside in CoNLL04, as in the extractor.
	const text = "President Lincoln met Sen. Jake Garn in Ethiopia."
	gold := []AnnotatedRecord{{ID: "c", Text: text, Entities: []AnnotatedEntity{
		ent(text, "President Lincoln", "Peop", 0), ent(text, "Jake Garn", "Peop", 0), ent(text, "Ethiopia.", "Loc", 0)},
		Relations: []AnnotatedRelation{{Head: 0, Tail: 2, Type: "Live_In"}}}}
	lincoln := ent(text, "Lincoln", newsgraph.Person, 0)
	lincoln.Role = "President"
	garn := ent(text, "Jake Garn", newsgraph.Person, 0)
	garn.Role = "Sen."
	pred := []AnnotatedRecord{{ID: "c", Text: text, Entities: []AnnotatedEntity{lincoln, garn, ent(text, "Ethiopia", newsgraph.GPE, 0)},
		Relations: []AnnotatedRelation{{Head: 0, Tail: 2, Type: "lives_in"}}}}
	m, _ := LabelMapNamed("conll04")
	ner, _ := Compare(gold, pred, TaskNER, m)
	if o := ner.Mentions.Overall; o != (Counts{TP: 3}) {
		t.Errorf("mentions %+v, want all three right", o)
	}
	rel, _ := Compare(gold, pred, TaskRelations, m)
	if o := rel.Mentions.Overall; o != (Counts{TP: 1}) {
		t.Errorf("relations %+v, want the one right", o)
	}
	// A relation to a country named by its adjective has no CoNLL04 label
	// (its adjectives are Other): not scored, where a named country is.
	const text2 = "The German writer Ann Berg lives in Austria."
	pred2 := []AnnotatedRecord{{ID: "d", Text: text2, Entities: []AnnotatedEntity{
		ent(text2, "German", newsgraph.GPE, 0), ent(text2, "Ann Berg", newsgraph.Person, 0), ent(text2, "Austria", newsgraph.GPE, 0)},
		Relations: []AnnotatedRelation{{Head: 1, Tail: 0, Type: "citizen_of"}, {Head: 1, Tail: 2, Type: "lives_in"}}}}
	gold2 := []AnnotatedRecord{{ID: "d", Text: text2, Entities: []AnnotatedEntity{
		ent(text2, "German", "Other", 0), ent(text2, "Ann Berg", "Peop", 0), ent(text2, "Austria", "Loc", 0)}}}
	rel, _ = Compare(gold2, pred2, TaskRelations, m)
	if o := rel.Mentions.Overall; o != (Counts{FP: 1}) {
		t.Errorf("relations %+v, want only lives_in Austria scored (a false positive)", o)
	}
	// The conventions are the scheme's: CoNLL-2003 gets the spans as they are.
	m03, _ := LabelMapNamed("conll2003")
	if got := m03.spanConventions(pred, true); got[0].Entities[0].Start != lincoln.Start {
		t.Error("conll2003 widened a span")
	}
}

func TestDWIELevelsAndAdjectives(t *testing.T) {
	// DWIE's based_in0 is to a country; to a city it is based_in2, and to
	// a country named by its adjective based_in0-x: neither is scored
	// under the mapping, on either side.
	const text = "Acme of Hamburg, Germany, and the German firm Beta."
	hamburg, germany, german := ent(text, "Hamburg", "location", 0), ent(text, "Germany", "location", 0), ent(text, "German", "ethnicity", 0)
	acme, beta := ent(text, "Acme", "organization", 0), ent(text, "Beta", "organization", 0)
	c := func(i int) *int { return &i }
	gold := []AnnotatedRecord{{ID: "d", Text: text, Entities: []AnnotatedEntity{acme, hamburg, germany, german, beta},
		Clusters: []AnnotatedCluster{{ID: 0, Type: "organization", Mentions: []int{0}}, {ID: 1, Type: "location", Mentions: []int{1}},
			{ID: 2, Type: "location", Mentions: []int{2}}, {ID: 3, Type: "ethnicity", Mentions: []int{3}}, {ID: 4, Type: "organization", Mentions: []int{4}}},
		Relations: []AnnotatedRelation{
			{Head: 0, Tail: 2, Type: "based_in0", HeadEntity: c(0), TailEntity: c(2)},
			{Head: 0, Tail: 1, Type: "based_in2", HeadEntity: c(0), TailEntity: c(1)},
			{Head: 4, Tail: 3, Type: "based_in0-x", HeadEntity: c(4), TailEntity: c(3)},
		}}}
	pe := func(e AnnotatedEntity, typ, canon string) AnnotatedEntity {
		e.Type, e.Canonical = typ, canon
		return e
	}
	pred := []AnnotatedRecord{{ID: "d", Text: text, Entities: []AnnotatedEntity{
		pe(acme, newsgraph.Org, "Acme"), pe(hamburg, newsgraph.GPE, "Hamburg"), pe(germany, newsgraph.GPE, "Germany"),
		pe(german, newsgraph.GPE, "Germany"), pe(beta, newsgraph.Org, "Beta")},
		Relations: []AnnotatedRelation{
			{Head: 0, Tail: 2, Type: "based_in"}, // based_in0: right
			{Head: 0, Tail: 1, Type: "based_in"}, // to a city: not scored
			{Head: 4, Tail: 3, Type: "based_in"}, // to "German": not scored
		}}}
	m, _ := LabelMapNamed("dwie")
	rep, err := Compare(gold, pred, TaskRelations, m)
	if err != nil {
		t.Fatal(err)
	}
	if o := rep.Entities.Overall; o != (Counts{TP: 1}) {
		t.Errorf("entity-level %+v, want one right and nothing else", o)
	}
	if got := m.relationLabel("based_in", pe(hamburg, newsgraph.GPE, "Hamburg")); got != "" {
		t.Errorf("based_in to a city labelled %q", got)
	}
	if got := m.relationLabel("based_in", pe(german, newsgraph.GPE, "Germany")); got != "based_in0-x" {
		t.Errorf("based_in to an adjective labelled %q", got)
	}
}

func TestEntityLevelRelationsUseAnyMention(t *testing.T) {
	// The relation's own mention ("Chancellor Merkel") matches no gold
	// span, another mention of the same predicted entity does.
	const text = "Merkel spoke. Chancellor Merkel leads Germany."
	g := []AnnotatedEntity{ent(text, "Merkel", "person", 0), ent(text, "Merkel", "person", 10), ent(text, "Germany", "location", 0)}
	zero, two := 0, 1
	gold := []AnnotatedRecord{{ID: "m", Text: text, Entities: g,
		Clusters:  []AnnotatedCluster{{ID: 0, Type: "person", Mentions: []int{0, 1}}, {ID: 1, Type: "location", Mentions: []int{2}}},
		Relations: []AnnotatedRelation{{Head: 1, Tail: 2, Type: "head_of_gov", HeadEntity: &zero, TailEntity: &two}}}}
	whole := ent(text, "Chancellor Merkel", newsgraph.Person, 0)
	whole.Canonical = "Merkel"
	first := ent(text, "Merkel", newsgraph.Person, 0)
	first.Canonical = "Merkel"
	germany := ent(text, "Germany", newsgraph.GPE, 0)
	germany.Canonical = "Germany"
	pred := []AnnotatedRecord{{ID: "m", Text: text, Entities: []AnnotatedEntity{first, whole, germany},
		Relations: []AnnotatedRelation{{Head: 1, Tail: 2, Type: "prime_minister_of"}}}}
	m, _ := LabelMapNamed("dwie")
	rep, _ := Compare(gold, pred, TaskRelations, m)
	if o := rep.Entities.Overall; o != (Counts{TP: 1}) {
		t.Errorf("entity-level %+v, want the relation found through the entity's other mention", o)
	}
}

func TestCompareErrors(t *testing.T) {
	m, _ := LabelMapNamed("conll2003")
	if _, err := Compare(nil, nil, "parse", m); err == nil {
		t.Error("unknown task accepted")
	}
	if _, err := Compare(nil, nil, TaskRelations, m); err == nil || !strings.Contains(err.Error(), "no relation labels") {
		t.Errorf("relations with a map that has none: %v", err)
	}
}

func TestLabelMaps(t *testing.T) {
	recs := func(types ...string) []AnnotatedRecord {
		var r AnnotatedRecord
		for _, ty := range types {
			r.Entities = append(r.Entities, AnnotatedEntity{Type: ty})
		}
		return []AnnotatedRecord{r}
	}
	for _, tc := range []struct {
		types []string
		want  string
	}{
		{[]string{"PER", "LOC", "MISC"}, "conll2003"},
		{[]string{"Peop", "Loc", "Other"}, "conll04"},
		{[]string{"person", "location", "time"}, "dwie"},
		{[]string{"PERSON", "GPE"}, "newsgraph"},
	} {
		if got := DetectLabelMap(recs(tc.types...)).Name; got != tc.want {
			t.Errorf("%v: detected %s, want %s", tc.types, got, tc.want)
		}
	}
	m, err := ParseLabelMap("Peop=PERSON, Loc=GPE|LOC,Work_For=works_for|member_of")
	if err != nil {
		t.Fatal(err)
	}
	if lo := m.entityLabelOf(); lo[newsgraph.Loc] != "Loc" || lo[newsgraph.Person] != "Peop" {
		t.Errorf("entity map %v", lo)
	}
	if ro := m.relationLabel("member_of", AnnotatedEntity{Text: "Acme", Type: newsgraph.Org}); ro != "Work_For" {
		t.Errorf("relation map %v", ro)
	}
	for _, bad := range []string{"conll2005", "Peop=", "Peop=Person", "X=PERSON|works_for"} {
		if _, err := ParseLabelMap(bad); err == nil {
			t.Errorf("%q accepted", bad)
		}
	}
	// Every tagger label of the built-in schemes becomes a project type.
	for _, m := range LabelMaps {
		for _, l := range m.Entities {
			if taggerType(l.Label) != l.Types[0] && m.Name != "newsgraph" {
				t.Errorf("%s %s -> %s", m.Name, l.Label, taggerType(l.Label))
			}
		}
	}
}

func TestReadAnnotatedErrors(t *testing.T) {
	for _, tc := range []struct{ name, input, want string }{
		{"not json", "{oops\n", "gold.jsonl:1: not a JSON record"},
		{"outside", `{"id":"a","text":"abc","entities":[{"start":1,"end":9,"type":"PER"}]}`, "outside its text"},
		{"mismatch", `{"id":"a","text":"Tom Berg","entities":[{"start":0,"end":3,"type":"PER","text":"Ann"}]}`, `is "Tom" in the text`},
		{"no type", `{"id":"a","text":"Tom","entities":[{"start":0,"end":3}]}`, "no type"},
		{"bad relation", `{"id":"a","text":"Tom","entities":[{"start":0,"end":3,"type":"PER"}],"relations":[{"head":0,"tail":4,"type":"x"}]}`, "links entities 0 and 4"},
		{"bad cluster", `{"id":"a","text":"Tom","entities":[],"clusters":[{"id":0,"mentions":[2]}]}`, "cluster 0 names entity 2"},
		{"empty", "\n", "no annotated records"},
	} {
		_, err := ReadAnnotated("gold.jsonl", strings.NewReader(tc.input))
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "gold.jsonl") {
			t.Errorf("%s: error %v, want it to name the file and say %q", tc.name, err, tc.want)
		}
	}
	// Code-point offsets: "é" is one character.
	recs, err := ReadAnnotated("ok.jsonl", strings.NewReader(`{"id":"a","text":"José Martí spoke","entities":[{"start":0,"end":10,"type":"PER","text":"José Martí"}]}`))
	if err != nil || len(recs) != 1 {
		t.Fatalf("valid record: %v", err)
	}
}

func TestPredictKeepsRecordOffsets(t *testing.T) {
	// Two sentence records of one article: the second's offsets are its own.
	gold := []AnnotatedRecord{
		{ID: "s1", DocID: "d", Text: "Najib Mikati spoke in Beirut."},
		{ID: "s2", DocID: "d", Text: "Mikati met Joe Biden."},
	}
	pred := New().Predict(gold)
	if len(pred) != 2 || pred[1].ID != "s2" {
		t.Fatalf("predictions %+v", pred)
	}
	found := map[string]string{}
	for _, p := range pred {
		rs := []rune(p.Text)
		for _, e := range p.Entities {
			found[p.ID+":"+string(rs[e.Start:e.End])] = e.Type + ":" + e.Canonical
		}
	}
	for k, want := range map[string]string{
		"s1:Najib Mikati": "PERSON:Najib Mikati",
		"s1:Beirut":       "GPE:Beirut",
		"s2:Mikati":       "PERSON:Najib Mikati", // the surname resolves across records
		"s2:Joe Biden":    "PERSON:Joe Biden",
	} {
		if found[k] != want {
			t.Errorf("%s: got %q, want %q (all %v)", k, found[k], want, found)
		}
	}
}
