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

// printReliability prints facts by stated confidence and the share right.
func (a *app) printReliability(bins []extract.CalibrationBin) error {
	var rows [][]string
	for _, b := range bins {
		rows = append(rows, []string{fmt.Sprintf("%.1f-%.1f", b.From, min(b.To, 1)), fmt.Sprintf("%.2f", b.MeanConfidence),
			fmt.Sprint(b.Predicted), fmt.Sprint(b.Correct), fmt.Sprintf("%.2f", b.Precision())})
	}
	return a.table([]string{"CONFIDENCE", "MEAN", "FACTS", "RIGHT", "SHARE RIGHT"}, rows)
}
