package main

import (
	"bufio"
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
	evalpkg "github.com/newsgraph/newsgraph/extract/eval"
)

func newEvalCmd(a *app) *cobra.Command {
	var goldPath, predPath, task, mapName string
	var textPaths []string
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
missed and every predicted item the gold lacks.

--task facts scores what the database would store: facts between named
entities, in the newsfacts format of ../shared/data/README.md. A fact is
right when both of its names are a name or alias of the gold fact's
entities (case, accents and punctuation aside) and the relation is the
same; a fact the annotator marked unsure counts neither way. It prints
precision, recall and F1 per relation type, a reliability table (facts by
stated confidence, and how many were right) and each rule's record per
type. Gold records without text take it from --text by id.`,
		Example: `  newsgraph eval --gold ../shared/data/conll2003/dev.jsonl
  newsgraph eval --gold ../shared/data/conll04/dev.jsonl --task relations
  newsgraph eval --gold ../shared/data/conll04/dev.jsonl --task relations --errors
  newsgraph eval --gold mine.jsonl --map "Peop=PERSON,Loc=GPE|LOC" --json
  newsgraph eval --task facts --gold ../shared/data/newsfacts/dev.jsonl --errors`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "gold"); err != nil {
				return err
			}
			if task == evalpkg.TaskFacts {
				return a.evalFacts(goldPath, textPaths, models, showErrors)
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
				if err := a.printReliability(rep.Calibration); err != nil {
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
	f.StringVar(&task, "task", extract.TaskNER, "what to score: ner, relations, or facts (entity-level facts of the newsfacts format)")
	f.StringSliceVar(&textPaths, "text", nil, "with --task facts: article texts by id (JSON Lines), for gold records without text; may repeat")
	f.StringVar(&mapName, "map", "", "label map: conll2003, conll04, dwie, newsgraph or LABEL=TYPE|TYPE,...")
	models.register(f)
	models.registerConfidences(f)
	f.BoolVar(&showErrors, "errors", false, "list every missed and spurious item")
	f.BoolVar(&a.jsonOut, "json", false, "print the report as one JSON object")
	return cmd
}

// modelFlags choose the extractor's models: the embedded ones, files, or
// none.
type modelFlags struct {
	tagger, relations, confidences string
	minConfidence                  float64
}

func (m *modelFlags) register(f *pflag.FlagSet) {
	f.StringVar(&m.tagger, "model", "", `tagger model file (default: the embedded one; "none": rules and lexicons only)`)
	f.StringVar(&m.relations, "relation-model", "", `relation model file (default: the embedded one; "none": rules only)`)
}

// registerConfidences adds --confidences, for commands whose facts carry
// the calibrated confidences.
func (m *modelFlags) registerConfidences(f *pflag.FlagSet) {
	f.StringVar(&m.confidences, "confidences", "", `confidence table from train confidence (default: the embedded one, fitted for the embedded models; "none": the rules' hand-set values)`)
	f.Float64Var(&m.minConfidence, "min-confidence", extract.DefaultMinConfidence,
		"give only facts of at least this confidence, whose source was right at least this often (up to 0.8) on annotated news: a fact's confidence is how often facts stated so were right on news nothing was fitted on (0 keeps every fact, the rest marked by their lower confidence)")
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
	if m.minConfidence != extract.DefaultMinConfidence {
		x = x.WithMinConfidence(m.minConfidence)
	}
	return pipeline{x: x, models: fmt.Sprintf("newsgraph %s; tagger: %s; relations: %s; confidences: %s; embedded models: %s",
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

// evalFacts scores entity-level facts against newsfacts records.
func (a *app) evalFacts(goldPath string, textPaths []string, models modelFlags, showErrors bool) error {
	gold, err := readFactsGold(goldPath, textPaths)
	if err != nil {
		return err
	}
	x, err := models.extractor()
	if err != nil {
		return err
	}
	pred, err := evalpkg.Extract(x, gold)
	if err != nil {
		return err
	}
	rep := evalpkg.Score(gold, pred)
	if !showErrors {
		rep.Errors = nil
	}
	if a.jsonOut {
		enc := json.NewEncoder(a.out)
		enc.SetEscapeHTML(false)
		return enc.Encode(rep)
	}
	fmt.Fprintf(a.out, "%s: %d articles, facts at entity level\n", goldPath, rep.Records)
	if err := a.printScores(rep.Facts); err != nil {
		return err
	}
	fmt.Fprintf(a.out, "\nreliability (is a fact stated at confidence c right about c of the time?):\n")
	if err := a.printReliability(rep.Calibration); err != nil {
		return err
	}
	fmt.Fprintf(a.out, "\nsources (distinct facts each rule gave, and how many were right):\n")
	var rows [][]string
	for _, s := range rep.Sources {
		rows = append(rows, []string{s.Rule, s.Relation, fmt.Sprint(s.Facts), fmt.Sprint(s.Right), fmt.Sprintf("%.2f", float64(s.Right)/float64(s.Facts))})
	}
	if err := a.table([]string{"RULE", "RELATION", "FACTS", "RIGHT", "PRECISION"}, rows); err != nil {
		return err
	}
	if showErrors {
		fmt.Fprintf(a.out, "\nerrors:\n")
		rows = nil
		for _, e := range rep.Errors {
			conf := ""
			if e.Kind == extract.Spurious {
				conf = fmt.Sprintf("%.2f", e.Confidence)
			}
			rows = append(rows, []string{e.Record, e.Kind, e.Subject, e.Relation, e.Object, e.Rule, conf, e.Evidence})
		}
		return a.table([]string{"RECORD", "KIND", "SUBJECT", "RELATION", "OBJECT", "RULE", "CONFIDENCE", "EVIDENCE"}, rows)
	}
	return nil
}

// readFactsGold reads newsfacts gold records, taking the text of those
// without one from the files of texts.
func readFactsGold(goldPath string, textPaths []string) ([]evalpkg.FactsRecord, error) {
	f, err := os.Open(goldPath)
	if err != nil {
		return nil, &userError{err.Error()}
	}
	defer f.Close()
	gold, err := evalpkg.ReadFacts(goldPath, f)
	if err != nil {
		return nil, &userError{err.Error()}
	}
	texts := map[string]string{}
	for _, p := range textPaths {
		if err := readTexts(p, texts); err != nil {
			return nil, err
		}
	}
	if err := evalpkg.AddTexts(gold, texts); err != nil {
		hint := ""
		if len(textPaths) == 0 {
			hint = ": give the articles with --text FILE"
		}
		return nil, &userError{fmt.Sprintf("%s: %v%s", goldPath, err, hint)}
	}
	return gold, nil
}

// readTexts adds the text of each JSON Lines record of path by its id.
func readTexts(path string, texts map[string]string) error {
	f, err := os.Open(path)
	if err != nil {
		return &userError{err.Error()}
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Buffer(make([]byte, 0, 1<<20), 64<<20)
	for line := 1; sc.Scan(); line++ {
		var rec struct{ ID, Text string }
		if len(bytes.TrimSpace(sc.Bytes())) == 0 {
			continue
		}
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return &userError{fmt.Sprintf("%s:%d: not a JSON record: %v", path, line, err)}
		}
		texts[rec.ID] = rec.Text
	}
	if err := sc.Err(); err != nil {
		return &userError{fmt.Sprintf("%s: %v", path, err)}
	}
	return nil
}
