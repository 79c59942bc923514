package extract_test

import (
	"fmt"
	"strings"

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
	// Alina Romanowski ambassador_to Iraq
	// Alina Romanowski told Reuters
}

func ExampleParseText() {
	arts := extract.ParseText("Headline Here\n\nA caption of the photo. REUTERS/Jane Doe\nTT\n\nHeadline Here\n\nThe body of the article starts here, and it is long enough to be a body paragraph.")
	for _, s := range arts[0].Sections {
		line := fmt.Sprintf("%s %q %s", s.Kind, string([]rune(arts[0].Text)[s.Start:s.End]), s.Credit)
		fmt.Println(strings.TrimSpace(line))
	}
	// Output:
	// title "Headline Here"
	// caption "A caption of the photo." REUTERS/Jane Doe
	// body "The body of the article starts here, and it is long enough to be a body paragraph."
}
