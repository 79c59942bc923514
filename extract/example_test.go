package extract_test

import (
	"fmt"

	"github.com/newsgraph/newsgraph"
	"github.com/newsgraph/newsgraph/extract"
)

func ExampleExtractor_Extract() {
	x := extract.New()
	a := newsgraph.Article{Text: "US Ambassador to Iraq Alina Romanowski told Reuters the work is not done."}
	ex := x.Extract(a)
	for _, r := range ex.Relations {
		fmt.Println(ex.Mentions[r.Subject].Canonical, r.Type, ex.Mentions[r.Object].Canonical)
	}
	// Output:
	// Alina Romanowski ambassador_of United States
	// Alina Romanowski citizen_of United States
	// Alina Romanowski ambassador_to Iraq
	// Alina Romanowski told Reuters
}

func ExampleTagger_Tag() {
	text := "Alina Romanowski met Najib Mikati in Beirut."
	rs := []rune(text)
	for _, sp := range extract.DefaultTagger().Tag(text) {
		fmt.Println(sp.Type, string(rs[sp.Start:sp.End]))
	}
	// Output:
	// PER Alina Romanowski
	// PER Najib Mikati
	// LOC Beirut
}

func ExampleCompare() {
	text := "Tom Berg flew to Oslo."
	gold := []extract.AnnotatedRecord{{ID: "1", Text: text, Entities: []extract.AnnotatedEntity{
		{Start: 0, End: 8, Type: "PER"}, {Start: 17, End: 21, Type: "LOC"}}}}
	pred := []extract.AnnotatedRecord{{ID: "1", Text: text, Entities: []extract.AnnotatedEntity{
		{Start: 0, End: 3, Type: newsgraph.Person}, {Start: 17, End: 21, Type: newsgraph.GPE}}}}
	m, _ := extract.LabelMapNamed("conll2003")
	rep, _ := extract.Compare(gold, pred, extract.TaskNER, m)
	o := rep.Mentions.Overall
	fmt.Printf("P %.2f R %.2f F1 %.2f\n", o.Precision(), o.Recall(), o.F1())
	for _, e := range rep.Errors {
		fmt.Println(e.Kind, e.Type, e.Text)
	}
	// Output:
	// P 0.50 R 0.50 F1 0.50
	// missed PER Tom Berg
	// spurious PER Tom
}
