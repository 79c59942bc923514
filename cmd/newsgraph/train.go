package main

import (
	"encoding/json"
	"fmt"
	"io"
	"os"

	"github.com/spf13/cobra"

	"github.com/newsgraph/newsgraph/extract"
	evalpkg "github.com/newsgraph/newsgraph/extract/eval"
)

func newTrainCmd(a *app) *cobra.Command {
	cmd := &cobra.Command{
		Use:   "train",
		Short: "Train the statistical parts of extraction on annotated data",
	}
	cmd.AddCommand(newTrainNERCmd(a), newTrainRelationsCmd(a), newTrainConfidenceCmd(a))
	return cmd
}

func newTrainNERCmd(a *app) *cobra.Command {
	var trainPath, devPath, outPath string
	var stack bool
	opt := extract.DefaultTrainOptions()
	cmd := &cobra.Command{
		Use:   "ner --train FILE.jsonl [--dev FILE.jsonl] -o MODEL",
		Short: "Train the named-entity tagger",
		Long: `Train the named-entity tagger (an averaged perceptron) on annotated JSON
Lines: {"id", "text", "entities": [{"start", "end", "type"}]} per line, with
offsets in Unicode code points; sentence records sharing a "doc_id" are one
article. With --dev, each epoch is scored on the dev records and the best
epoch is kept. The same data, epochs and seed give the same model bytes.

Use the model with --model on extract and eval.`,
		Example: `  newsgraph train ner --train ../shared/data/conll2003/train.jsonl \
      --dev ../shared/data/conll2003/dev.jsonl -o extract/model/ner.model`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "train", "output"); err != nil {
				return err
			}
			train, dev, err := readTrainDev(trainPath, devPath)
			if err != nil {
				return err
			}
			enc := json.NewEncoder(a.out)
			var best *extract.Scores
			opt.Progress = func(r extract.EpochReport) {
				if r.Best {
					best = r.Dev
				}
				if a.jsonOut {
					enc.Encode(epochJSON(r))
					return
				}
				line := fmt.Sprintf("epoch %d/%d: %d of %d training tokens wrong, %d features", r.Epoch, opt.Epochs, r.Mistakes, r.Tokens, r.Features)
				if r.Dev != nil {
					o := r.Dev.Overall
					line += fmt.Sprintf("; dev P %.2f R %.2f F1 %.2f", 100*o.Precision(), 100*o.Recall(), 100*o.F1())
					if r.Best {
						line += " (best)"
					}
				}
				fmt.Fprintln(a.errOut, line)
			}
			if stack {
				opt.Base = extract.DefaultTagger()
			}
			t, err := extract.TrainTagger(train, dev, opt)
			if err != nil {
				return &userError{err.Error()}
			}
			if err := saveModel(outPath, t); err != nil {
				return err
			}
			if !a.jsonOut {
				if best != nil {
					a.printScores(*best)
				}
				fmt.Fprintf(a.out, "wrote %s: %d features, types %v\n", outPath, t.Features(), t.Types())
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&trainPath, "train", "", "annotated training records (JSON Lines)")
	f.StringVar(&devPath, "dev", "", "annotated dev records for model selection")
	f.StringVarP(&outPath, "output", "o", "", "model file to write")
	f.IntVar(&opt.Epochs, "epochs", opt.Epochs, "passes over the training data")
	f.Uint64Var(&opt.Seed, "seed", opt.Seed, "seed of the training order")
	f.IntVar(&opt.MinCount, "min-count", opt.MinCount, "drop features seen fewer times in training")
	f.IntVar(&opt.Runs, "runs", 1, "average this many perceptrons, each seeing the data in its own order")
	f.BoolVar(&stack, "stack", false, "learn from the embedded tagger's labels too (for data with other conventions, such as CoNLL04)")
	f.BoolVar(&a.jsonOut, "json", false, "print one JSON object per epoch")
	return cmd
}

// epochJSON is the --json form of an epoch report.
func epochJSON(r extract.EpochReport) map[string]any {
	m := map[string]any{"epoch": r.Epoch, "mistakes": r.Mistakes, "tokens": r.Tokens, "features": r.Features, "best": r.Best}
	if r.Dev != nil {
		o := r.Dev.Overall
		m["dev"] = map[string]float64{"precision": o.Precision(), "recall": o.Recall(), "f1": o.F1()}
	}
	return m
}

// readTrainDev reads training records and, when a path is given, dev
// records.
func readTrainDev(trainPath, devPath string) (train, dev []extract.AnnotatedRecord, err error) {
	if train, err = readAnnotated(trainPath); err != nil || devPath == "" {
		return train, nil, err
	}
	dev, err = readAnnotated(devPath)
	return train, dev, err
}

// saveModel writes a model file.
func saveModel(path string, m io.WriterTo) error {
	return writeFile(path, func(w io.Writer) error {
		_, err := m.WriteTo(w)
		return err
	})
}

// readGold reads annotated records and the scheme of their labels.
func readGold(path, mapName string) ([]extract.AnnotatedRecord, extract.LabelMap, error) {
	gold, err := readAnnotated(path)
	if err != nil {
		return nil, extract.LabelMap{}, err
	}
	m, err := labelMap(gold, mapName)
	return gold, m, err
}

// labelMap is the scheme --map names, or the one the records' labels
// suggest.
func labelMap(recs []extract.AnnotatedRecord, name string) (extract.LabelMap, error) {
	if name == "" {
		return extract.DetectLabelMap(recs), nil
	}
	m, err := extract.ParseLabelMap(name)
	if err != nil {
		return m, &userError{err.Error()}
	}
	return m, nil
}

// readAnnotated reads an annotated JSON Lines file.
func readAnnotated(path string) ([]extract.AnnotatedRecord, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, &userError{err.Error()}
	}
	defer f.Close()
	recs, err := extract.ReadAnnotated(path, f)
	if err != nil {
		return nil, &userError{err.Error()}
	}
	return recs, nil
}

func newTrainRelationsCmd(a *app) *cobra.Command {
	var trainPath, devPath, outPath, mapName, factsPath, tablePath, calibrationPath string
	var texts []string
	folds := 5
	opt := extract.DefaultRelationTrainOptions()
	cmd := &cobra.Command{
		Use:   "relations (--train FILE.jsonl [--dev FILE.jsonl] | --facts FILE.jsonl) -o MODEL",
		Short: "Train the relation classifier",
		Long: `Train the relation classifier (an averaged perceptron over pairs of names in
a sentence) on annotated JSON Lines with "entities" and "relations". Each
dataset relation label becomes the first project relation type --map lists
for it (CoNLL04's Work_For becomes works_for). Every --hold-out'th record is
held out: a model trained without them fits how sure the classifier is at
each score (Platt scaling) and reports scores given the gold names; the model
written then learns from all records. --dev records are only reported, never
used to choose. The same data and options give the same model bytes.

With --facts the classifier learns from articles annotated with facts at
entity level (the newsfacts format): each sentence with the names the
extractor finds in it, the facts whose evidence it is as relations. The
articles are split into --folds; each fold's facts come from a classifier
trained on the others, and --table writes the confidence table fitted on
those out-of-fold facts (as train confidence --task facts does), so the
model's confidences are measured on articles it did not learn from.
--calibration writes the map from a source's confidence to a fact's: each
fold's facts are stated by a table fitted on the other folds, and the map
is fitted (isotonic regression) on how often facts stated so were right.
Two reliability tables show both on held-out folds. The model written
learns from every article.

Use the model with --relation-model on extract and eval.`,
		Example: `  newsgraph train relations --train ../shared/data/conll04/train.jsonl \
      -o extract/model/relations.model
  newsgraph train relations --facts testdata/newsfacts/heldout.jsonl \
      --text ../shared/data/dwie/dev.jsonl --text ../shared/data/conll2003/dev_docs.jsonl \
      --text ../shared/data/conll2003/train_docs.jsonl \
      -o extract/model/news.model --table extract/model/confidence.tsv \
      --calibration extract/model/calibration.tsv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if factsPath != "" {
				if err := requireFlags(cmd, "output"); err != nil {
					return err
				}
				return a.trainRelationsOnFacts(factsPath, texts, folds, outPath, tablePath, calibrationPath, opt)
			}
			if err := requireFlags(cmd, "train", "output"); err != nil {
				return err
			}
			train, dev, err := readTrainDev(trainPath, devPath)
			if err != nil {
				return err
			}
			m, err := labelMap(train, mapName)
			if err != nil {
				return err
			}
			enc := json.NewEncoder(a.out)
			var last extract.RelationEpochReport
			opt.Progress = func(r extract.RelationEpochReport) {
				last = r
				if a.jsonOut {
					enc.Encode(relationEpochJSON(r))
					return
				}
				o := r.HeldOut.Overall
				line := fmt.Sprintf("epoch %d/%d: %d of %d training pairs wrong; held out P %.2f R %.2f F1 %.2f",
					r.Epoch, opt.Epochs, r.Mistakes, r.Pairs, 100*o.Precision(), 100*o.Recall(), 100*o.F1())
				if r.Epoch == 0 {
					line = fmt.Sprintf("%d perceptrons averaged: held out P %.2f R %.2f F1 %.2f",
						opt.Runs, 100*o.Precision(), 100*o.Recall(), 100*o.F1())
				}
				if r.Dev != nil {
					d := r.Dev.Overall
					line += fmt.Sprintf("; dev P %.2f R %.2f F1 %.2f", 100*d.Precision(), 100*d.Recall(), 100*d.F1())
				}
				fmt.Fprintln(a.errOut, line)
			}
			rm, err := extract.TrainRelations(train, dev, m, opt)
			if err != nil {
				return &userError{err.Error()}
			}
			if err := saveModel(outPath, rm); err != nil {
				return err
			}
			if !a.jsonOut {
				fmt.Fprintf(a.out, "held-out records, given the gold names (%d perceptrons averaged):\n", opt.Runs)
				if err := a.printScores(last.HeldOut); err != nil {
					return err
				}
				fmt.Fprintf(a.out, "wrote %s: %d features, relations %v\n", outPath, rm.Features(), rm.Labels())
			}
			return nil
		},
	}
	f := cmd.Flags()
	f.StringVar(&trainPath, "train", "", "annotated training records (JSON Lines)")
	f.StringVar(&devPath, "dev", "", "annotated dev records to report on")
	f.StringVarP(&outPath, "output", "o", "", "model file to write")
	f.StringVar(&mapName, "map", "", "label map: conll04, dwie, newsgraph or LABEL=TYPE|TYPE,... (default: guessed)")
	f.IntVar(&opt.Epochs, "epochs", opt.Epochs, "passes over the training data")
	f.Uint64Var(&opt.Seed, "seed", opt.Seed, "seed of the training order")
	f.IntVar(&opt.MinCount, "min-count", opt.MinCount, "drop features seen fewer times in training")
	f.IntVar(&opt.HoldOut, "hold-out", opt.HoldOut, "hold out every k-th record to fit confidences")
	f.IntVar(&opt.Runs, "runs", opt.Runs, "average this many perceptrons, each seeing the data in its own order")
	f.BoolVar(&a.jsonOut, "json", false, "print one JSON object per epoch")
	f.StringVar(&factsPath, "facts", "", "learn from articles annotated with facts (newsfacts format) instead of --train")
	f.StringSliceVar(&texts, "text", nil, "with --facts: article texts by id (JSON Lines), for records without text; may repeat")
	f.IntVar(&folds, "folds", folds, "with --facts: folds of articles for the out-of-fold measure")
	f.StringVar(&tablePath, "table", "", "with --facts: write the confidence table fitted on the out-of-fold facts")
	f.StringVar(&calibrationPath, "calibration", "", "with --facts: write the map from sources' confidences to facts', fitted on the folds' facts at the confidences tables fitted without them give")
	return cmd
}

// trainRelationsOnFacts trains the classifier on newsfacts articles and
// measures it out of fold.
func (a *app) trainRelationsOnFacts(factsPath string, texts []string, folds int, outPath, tablePath, calibrationPath string, opt extract.RelationTrainOptions) error {
	if folds < 2 {
		return &userError{"--folds must be at least 2"}
	}
	gold, err := readFactsGold(factsPath, texts)
	if err != nil {
		return err
	}
	rep, model, err := evalpkg.CrossFit(extract.New(), gold, folds, opt)
	if err != nil {
		return &userError{err.Error()}
	}
	if err := saveModel(outPath, model); err != nil {
		return err
	}
	if tablePath != "" {
		rows := evalpkg.Fit(rep.Sources)
		if err := writeFile(tablePath, func(w io.Writer) error { return extract.WriteConfidences(w, rows) }); err != nil {
			return err
		}
	}
	if calibrationPath != "" {
		if err := writeFile(calibrationPath, func(w io.Writer) error { return extract.WriteCalibration(w, rep.Recalibration) }); err != nil {
			return err
		}
	}
	if a.jsonOut {
		enc := json.NewEncoder(a.out)
		return enc.Encode(rep)
	}
	fmt.Fprintf(a.out, "%s: %d articles, facts out of fold (%d folds), before the precision bar:\n", factsPath, len(gold), folds)
	if err := a.printScores(rep.Facts); err != nil {
		return err
	}
	var rows [][]string
	for _, s := range rep.Sources {
		if s.Rule == "model" {
			rows = append(rows, []string{s.Relation, fmt.Sprint(s.Facts), fmt.Sprint(s.Right), fmt.Sprintf("%.2f", float64(s.Right)/float64(s.Facts))})
		}
	}
	fmt.Fprintf(a.out, "\nthe classifier's facts out of fold:\n")
	if err := a.table([]string{"RELATION", "FACTS", "RIGHT", "PRECISION"}, rows); err != nil {
		return err
	}
	fmt.Fprintf(a.out, "\nreliability on held-out folds, sources (each fold's facts at the confidence that a table fitted on the other folds gives their source):\n")
	if err := a.printReliability(rep.HeldOutSources); err != nil {
		return err
	}
	fmt.Fprintf(a.out, "\nreliability on held-out folds, facts (the same, mapped by the calibration fitted on the other folds):\n")
	if err := a.printReliability(rep.HeldOut); err != nil {
		return err
	}
	fmt.Fprintf(a.out, "wrote %s: %d features, relations %v\n", outPath, model.Features(), model.Labels())
	return nil
}

// relationEpochJSON is the --json form of a relation epoch report.
func relationEpochJSON(r extract.RelationEpochReport) map[string]any {
	score := func(s extract.Scores) map[string]float64 {
		o := s.Overall
		return map[string]float64{"precision": o.Precision(), "recall": o.Recall(), "f1": o.F1()}
	}
	m := map[string]any{"epoch": r.Epoch, "mistakes": r.Mistakes, "pairs": r.Pairs, "held_out": score(r.HeldOut)}
	if r.Dev != nil {
		m["dev"] = score(*r.Dev)
	}
	return m
}

func newTrainConfidenceCmd(a *app) *cobra.Command {
	var goldPath, outPath, mapName, task string
	var texts []string
	var models modelFlags
	cmd := &cobra.Command{
		Use:   "confidence --gold FILE.jsonl -o TABLE",
		Short: "Calibrate the rules' confidences on annotated data",
		Long: `Run the extractor, with the rules' hand-set confidences, on annotated records
and measure, for each rule and relation type, how many of its facts the gold
has (at entity level where the gold has clusters). Each rule's confidence
becomes (right + 4 x hand-set) / (facts + 4) and the table is written as
tab-separated values; extract/model/confidence.tsv is embedded in the
binary. Facts of the relation model keep their own probabilities.

With --task facts the gold is in the newsfacts format (facts between named
entities, every relation type) and each source's confidence becomes the
share of its distinct facts that were right, smoothed by one right and one
wrong ((right + 1) / (facts + 2)); the relation model's probabilities are
scaled to that share per type. This is how the embedded table is fitted:
on news annotated for the project and kept apart from newsfacts dev, which
it is then measured on. Gold records without text take it from --text.`,
		Example: `  newsgraph train confidence --task facts --gold testdata/newsfacts/heldout.jsonl \
      --text ../shared/data/dwie/dev.jsonl --text ../shared/data/conll2003/dev_docs.jsonl \
      -o extract/model/confidence.tsv
  newsgraph train confidence --gold ../shared/data/dwie/dev.jsonl -o dwie.tsv`,
		Args: cobra.NoArgs,
		RunE: func(cmd *cobra.Command, args []string) error {
			if err := requireFlags(cmd, "gold", "output"); err != nil {
				return err
			}
			var rows []extract.RuleConfidence
			if task == evalpkg.TaskFacts {
				gold, err := readFactsGold(goldPath, texts)
				if err != nil {
					return err
				}
				x, err := models.extractor()
				if err != nil {
					return err
				}
				pred, err := evalpkg.Extract(x.WithRuleConfidences(nil).WithMinConfidence(0), gold)
				if err != nil {
					return err
				}
				rows = evalpkg.Fit(evalpkg.Score(gold, pred).Sources)
			} else {
				gold, m, err := readGold(goldPath, mapName)
				if err != nil {
					return err
				}
				x, err := models.extractor()
				if err != nil {
					return err
				}
				rows = extract.MeasureRules(gold, x.WithRuleConfidences(nil).WithMinConfidence(0).Predict(gold), m)
			}
			if err := writeFile(outPath, func(w io.Writer) error { return extract.WriteConfidences(w, rows) }); err != nil {
				return err
			}
			if a.jsonOut {
				enc := json.NewEncoder(a.out)
				return enc.Encode(rows)
			}
			var table [][]string
			for _, r := range rows {
				table = append(table, []string{r.Rule, r.Relation, fmt.Sprint(r.Facts), fmt.Sprint(r.Right),
					fmt.Sprintf("%.2f", r.Prior), fmt.Sprintf("%.2f", r.Confidence)})
			}
			return a.table([]string{"RULE", "RELATION", "FACTS", "RIGHT", "HAND-SET", "CONFIDENCE"}, table)
		},
	}
	f := cmd.Flags()
	f.StringVar(&goldPath, "gold", "", "annotated gold records (JSON Lines)")
	f.StringVarP(&outPath, "output", "o", "", "confidence table to write")
	f.StringVar(&mapName, "map", "", "label map: conll04, dwie, newsgraph or LABEL=TYPE|TYPE,... (default: guessed)")
	f.StringVar(&task, "task", extract.TaskRelations, "gold format: relations (annotated spans) or facts (newsfacts)")
	f.StringSliceVar(&texts, "text", nil, "with --task facts: article texts by id (JSON Lines), for gold records without text; may repeat")
	models.register(f)
	f.BoolVar(&a.jsonOut, "json", false, "print the table as JSON")
	return cmd
}
