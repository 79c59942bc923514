package input_test

import (
	"fmt"
	"strings"

	"github.com/newsgraph/newsgraph/extract/input"
)

func ExampleParseText() {
	arts := input.ParseText("Headline Here\n\nA caption of the photo. REUTERS/Jane Doe\nTT\n\nHeadline Here\n\nThe body of the article starts here, and it is long enough to be a body paragraph.")
	for _, s := range arts[0].Sections {
		line := fmt.Sprintf("%s %q %s", s.Kind, string([]rune(arts[0].Text)[s.Start:s.End]), s.Credit)
		fmt.Println(strings.TrimSpace(line))
	}
	// Output:
	// title "Headline Here"
	// caption "A caption of the photo." REUTERS/Jane Doe
	// body "The body of the article starts here, and it is long enough to be a body paragraph."
}
