package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"

	"github.com/newsgraph/newsgraph/extract"
)

func newEvalCmd(a *app) *cobra.Command {
	var goldPath, predPath, task, mapName string
	var showErrors bool
	var models modelFlags
	cmd := &cobra.Command{
		Use:   "eval --gold FILE.jsonl",
		Short: "Measure extraction against annotated articles",
		Long: `Eval runs the extractor on each gold record's text (sentence records that
share a "doc_id" as one article) and prints precision, recall and F1 per type
and overall. A mention counts when its span and type match exactly; a
relation when its head span, tail span and type do. Where the gold groups
mentions into "clusters" (DWIE), entity-level scores follow.

The gold labels are mapped to the project's types with --map: conll2003,
conll04, dwie, newsgraph (the extract command's own output), or pairs
LABEL=TYPE|TYPE,... . Without --map the scheme is guessed from the labels.
With --pred, a file of predictions (as the extract command writes) is
scored instead of running the extractor. --errors lists every gold item
missed and every predicted item the gold lacks.`,
		Example: `  newsgraph eval --gold ../shared/data/conll2003/dev.jsonl
  newsgraph eval --gold ../shared/data/conll04/dev.jsonl --task relations
  newsgraph eval --gold ../shared/data/conll04/dev.jsonl --task relations --errors
  newsgraph eval --gold mine.jsonl --map "Peop=PERSON,Loc=GPE|LOC" --json`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "gold"); err != nil {
				return err
			}
			gold, m, err := readGold(goldPath, mapName)
			if err != nil {
				return err
			}
			var pred []extract.AnnotatedRecord
			if predPath != "" {
				if pred, err = readAnnotated(predPath); err != nil {
					return err
				}
			} else {
				x, err := models.extractor()
				if err != nil {
					return err
				}
				pred = x.Predict(gold)
			}
			rep, err := extract.Compare(gold, pred, task, m)
			if err != nil {
				return &userError{err.Error()}
			}
			if !showErrors {
				rep.Errors = nil
			}
			if a.jsonOut {
				enc := json.NewEncoder(a.out)
				enc.SetEscapeHTML(false)
				return enc.Encode(rep)
			}
			level := "mentions"
			if task == extract.TaskRelations {
				level = "relations"
			}
			fmt.Fprintf(a.out, "%s: %d records, %s, map %s\n", goldPath, rep.Records, level, m)
			if err := a.printScores(rep.Mentions); err != nil {
				return err
			}
			if rep.Entities != nil {
				fmt.Fprintf(a.out, "\nentity level (gold clusters):\n")
				if err := a.printScores(*rep.Entities); err != nil {
					return err
				}
			}
			if len(rep.Calibration) > 0 {
				fmt.Fprintf(a.out, "\ncalibration (is a fact given confidence c right about c of the time?):\n")
				var rows [][]string
				for _, b := range rep.Calibration {
					rows = append(rows, []string{fmt.Sprintf("%.1f-%.1f", b.From, min(b.To, 1)), fmt.Sprintf("%.2f", b.MeanConfidence),
						fmt.Sprint(b.Predicted), fmt.Sprint(b.Correct), fmt.Sprintf("%.2f", b.Precision())})
				}
				if err := a.table([]string{"CONFIDENCE", "MEAN", "FACTS", "RIGHT", "SHARE RIGHT"}, rows); err != nil {
					return err
				}
			}
			if showErrors && len(rep.Errors) == 0 {
				fmt.Fprintf(a.out, "\nerrors: none\n")
			}
			if len(rep.Errors) > 0 {
				fmt.Fprintf(a.out, "\nerrors (exact spans):\n")
				var rows [][]string
				for _, e := range rep.Errors {
					row := []string{e.Record, e.Kind, e.Type, e.Text}
					if task == extract.TaskRelations {
						conf := ""
						if e.Kind == extract.Spurious {
							conf = fmt.Sprintf("%.2f", e.Confidence)
						}
						row = append(row, e.Tail, e.Rule, conf)
					}
					rows = append(rows, row)
				}
				head := []string{"RECORD", "KIND", "TYPE", "TEXT"}
				if task == extract.TaskRelations {
					head = []string{"RECORD", "KIND", "TYPE", "HEAD", "TAIL", "RULE", "CONFIDENCE"}
				}
				return a.table(head, rows)
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&goldPath, "gold", "", "annotated gold records (JSON Lines)")
	f.StringVar(&predPath, "pred", "", "score these predictions instead of running the extractor")
	f.StringVar(&task, "task", extract.TaskNER, "what to score: ner or relations")
	f.StringVar(&mapName, "map", "", "label map: conll2003, conll04, dwie, newsgraph or LABEL=TYPE|TYPE,...")
	models.register(f)
	models.registerConfidences(f)
	f.BoolVar(&showErrors, "errors", false, "list every missed and spurious item")
	f.BoolVar(&a.jsonOut, "json", false, "print the report as one JSON object")
	return cmd
}

// modelFlags choose the extractor's models: the embedded ones, files, or
// none.
type modelFlags struct{ tagger, relations, confidences string }

func (m *modelFlags) register(f *pflag.FlagSet) {
	f.StringVar(&m.tagger, "model", "", `tagger model file (default: the embedded one; "none": rules and lexicons only)`)
	f.StringVar(&m.relations, "relation-model", "", `relation model file (default: the embedded one; "none": rules only)`)
}

// registerConfidences adds --confidences, for commands whose facts carry
// the calibrated confidences.
func (m *modelFlags) registerConfidences(f *pflag.FlagSet) {
	f.StringVar(&m.confidences, "confidences", "", `confidence table from train confidence (default: the embedded one, fitted for the embedded models; "none": the rules' hand-set values)`)
}

// extractor returns an extractor with the chosen models.
func (m modelFlags) extractor() (*extract.Extractor, error) {
	p, err := m.pipeline()
	return p.x, err
}

// pipeline builds an extractor with the chosen models and describes them
// for the articles table: each "embedded", "none", or a file's name and
// the start of its SHA-256, then the ID of the binary's own models.
func (m modelFlags) pipeline() (pipeline, error) {
	t, tagger, err := chooseModel(m.tagger, extract.LoadTagger)
	if err != nil {
		return pipeline{}, err
	}
	r, relations, err := chooseModel(m.relations, extract.LoadRelationModel)
	if err != nil {
		return pipeline{}, err
	}
	rows, confidences, err := chooseModel(m.confidences, extract.ReadConfidences)
	if err != nil {
		return pipeline{}, err
	}
	x := extract.New()
	if m.tagger != "" {
		x = extract.NewWithTagger(t)
	}
	if m.relations != "" {
		x = x.WithRelationModel(r)
	}
	if m.confidences != "" {
		x = x.WithRuleConfidences(rows)
	}
	return pipeline{x, fmt.Sprintf("newsgraph %s; tagger: %s; relations: %s; confidences: %s; embedded models: %s",
		version, tagger, relations, confidences, extract.EmbeddedModelsID())}, nil
}

// chooseModel reads the model a flag names and says what it is:
// "embedded" for "" and "none" for "none" (both with no model), else the
// file loaded.
func chooseModel[M any](flag string, load func(io.Reader) (M, error)) (M, string, error) {
	var zero M
	switch flag {
	case "":
		return zero, "embedded", nil
	case "none":
		return zero, "none", nil
	}
	return loadModel(flag, load)
}

// loadModel reads a model file with load, and names it by its file name
// and the start of its SHA-256.
func loadModel[M any](path string, load func(io.Reader) (M, error)) (M, string, error) {
	var zero M
	b, err := os.ReadFile(path)
	if err != nil {
		return zero, "", &userError{err.Error()}
	}
	m, err := load(bytes.NewReader(b))
	if err != nil {
		return zero, "", &userError{path + ": " + err.Error()}
	}
	sum := sha256.Sum256(b)
	return m, fmt.Sprintf("%s sha256:%x", filepath.Base(path), sum[:6]), nil
}
