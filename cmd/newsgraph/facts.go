package main

import (
	"strconv"

	"github.com/newsgraph/newsgraph"
)

// printFacts prints relations as a table or JSON Lines.
func (a *app) printFacts(facts []newsgraph.Fact) error {
	if a.jsonOut {
		return jsonLines(a.out, facts)
	}
	rows := make([][]string, len(facts))
	for i, f := range facts {
		rel := f.Relation
		if f.Modality != "" {
			rel += " (" + f.Modality + ")"
		}
		rows[i] = []string{f.Subject, rel, f.Object, f.Date, strconv.FormatFloat(f.Confidence, 'f', 2, 64), strconv.Itoa(f.Weight), f.Evidence}
	}
	return a.table([]string{"SUBJECT", "RELATION", "OBJECT", "DATE", "CONF", "N", "EVIDENCE"}, rows)
}
