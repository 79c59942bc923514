package main

import (
	"fmt"

	"github.com/newsgraph/newsgraph/extract"
)

// printScores prints precision, recall and F1 per type and overall.
func (a *app) printScores(s extract.Scores) error {
	row := func(name string, c extract.Counts) []string {
		return []string{name, fmt.Sprintf("%.2f", 100*c.Precision()), fmt.Sprintf("%.2f", 100*c.Recall()),
			fmt.Sprintf("%.2f", 100*c.F1()), fmt.Sprint(c.TP), fmt.Sprint(c.FP), fmt.Sprint(c.FN)}
	}
	var rows [][]string
	for _, t := range s.Types() {
		rows = append(rows, row(t, s.ByType[t]))
	}
	rows = append(rows, row("overall", s.Overall))
	return a.table([]string{"TYPE", "P", "R", "F1", "TP", "FP", "FN"}, rows)
}
