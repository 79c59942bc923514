package main

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/newsgraph/newsgraph/extract"
)

const fixture = "../../extract/testdata/ner_small.jsonl"

func TestTrainNERAndEvalWithModel(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "small.model")
	code, out, errOut := runCLI(t, dir, "", "train", "ner", "--train", fixture, "--dev", fixture, "-o", model, "--epochs", "15", "--min-count", "1")
	if code != 0 {
		t.Fatalf("train: %d %s %s", code, out, errOut)
	}
	if !strings.Contains(errOut, "epoch 15/15") || !strings.Contains(errOut, "dev P") {
		t.Errorf("no per-epoch progress with dev scores:\n%s", errOut)
	}
	if !strings.Contains(out, "wrote "+model) || !strings.Contains(out, "overall") {
		t.Errorf("summary:\n%s", out)
	}
	if st, err := os.Stat(model); err != nil || st.Size() == 0 || st.Mode().Perm()&0o044 == 0 {
		t.Fatalf("model file: %v %v", st, err)
	}
	// The model tags its training data back: F1 1 with the tagger's own
	// labels mapped through conll2003.
	code, out, errOut = runCLI(t, dir, "", "eval", "--gold", fixture, "--model", model, "--json")
	if code != 0 {
		t.Fatalf("eval: %d %s %s", code, out, errOut)
	}
	var rep struct {
		Task     string
		Map      string
		Records  int
		Mentions struct {
			Overall struct {
				TP, FP, FN int
				F1         float64
			}
			ByType map[string]json.RawMessage `json:"by_type"`
		}
	}
	if err := json.Unmarshal([]byte(out), &rep); err != nil {
		t.Fatalf("eval --json: %v\n%s", err, out)
	}
	if rep.Task != "ner" || rep.Map != "conll2003" || rep.Records != 10 || len(rep.Mentions.ByType) != 4 {
		t.Errorf("report %+v", rep)
	}
	if rep.Mentions.Overall.TP < 20 || rep.Mentions.Overall.F1 < 0.9 {
		t.Errorf("the fixture model scores %+v on its own data", rep.Mentions.Overall)
	}
	// extract --model uses the file's tagger.
	code, out, _ = runCLI(t, dir, "Maria Lopez flew to Paris.", "extract", "--model", model)
	if code != 0 || !strings.Contains(out, `"type":"PERSON","text":"Maria Lopez"`) {
		t.Errorf("extract --model: %d %s", code, out)
	}
}

func TestEvalTable(t *testing.T) {
	dir := t.TempDir()
	code, out, errOut := runCLI(t, dir, "", "eval", "--gold", fixture)
	if code != 0 {
		t.Fatalf("eval: %d %s %s", code, out, errOut)
	}
	for _, want := range []string{"10 records", "map conll2003", "TYPE\tP\tR\tF1", "\nPER\t", "\noverall\t"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestEvalListsErrors(t *testing.T) {
	dir := t.TempDir()
	code, out, _ := runCLI(t, dir, "", "eval", "--gold", fixture, "--errors")
	if code != 0 || !strings.Contains(out, "\nerrors: none\n") {
		t.Fatalf("eval --errors on a perfect run: %d %s", code, out)
	}
	// Rules and lexicons alone make mistakes on the fixture.
	code, out, errOut := runCLI(t, dir, "", "eval", "--gold", fixture, "--errors", "--model", "none")
	if code != 0 {
		t.Fatalf("eval --errors: %d %s %s", code, out, errOut)
	}
	i := strings.Index(out, "errors (exact spans):\nRECORD\tKIND\tTYPE\tTEXT\n")
	if i < 0 {
		t.Fatalf("no error table:\n%s", out)
	}
	// One row per mistake: as many as the false positives and negatives.
	code, js, _ := runCLI(t, dir, "", "eval", "--gold", fixture, "--errors", "--json", "--model", "none")
	var rep extract.EvalReport
	if code != 0 || json.Unmarshal([]byte(js), &rep) != nil {
		t.Fatalf("eval --errors --json: %d %s", code, js)
	}
	rows := strings.Count(out[i:], "\n") - 2
	o := rep.Mentions.Overall
	if rows == 0 || rows != o.FP+o.FN || len(rep.Errors) != rows {
		t.Errorf("%d error rows, %d in JSON, want FP+FN = %d", rows, len(rep.Errors), o.FP+o.FN)
	}
	// Without --errors the JSON report has none.
	_, js, _ = runCLI(t, dir, "", "eval", "--gold", fixture, "--json", "--model", "none")
	if strings.Contains(js, `"errors"`) {
		t.Error("errors listed without --errors")
	}
}

func TestTrainEvalErrors(t *testing.T) {
	dir := t.TempDir()
	bad := filepath.Join(dir, "bad.jsonl")
	os.WriteFile(bad, []byte(`{"id":"a","text":"Tom","entities":[{"start":0,"end":9,"type":"PER"}]}`+"\n"), 0o644)
	notModel := filepath.Join(dir, "x.model")
	os.WriteFile(notModel, []byte("hello"), 0o644)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"train", "ner", "-o", "m"}, 2, "required flag --train not set"},
		{[]string{"train", "ner", "--train", bad, "-o", filepath.Join(dir, "m")}, 1, "bad.jsonl:1: record \"a\": entity 0 has offsets 0-9"},
		{[]string{"train", "ner", "--train", fixture, "-o", filepath.Join(dir, "m"), "extra"}, 2, "unknown command"},
		{[]string{"eval", "--gold", fixture, "--map", "conll2005"}, 1, "unknown label map"},
		{[]string{"eval", "--gold", fixture, "--task", "parse"}, 1, "unknown task"},
		{[]string{"eval", "--gold", fixture, "--task", "relations", "--map", "conll2003"}, 1, "no relation labels"},
		{[]string{"eval", "--gold", fixture, "--model", notModel}, 1, "x.model: not a newsgraph model"},
		{[]string{"eval", "--gold", filepath.Join(dir, "missing.jsonl")}, 1, "missing.jsonl"},
		{[]string{"extract", "--model", notModel}, 1, "x.model: not a newsgraph model"},
		{[]string{"eval", "--gold", fixture, "--relation-model", notModel}, 1, "x.model: not a newsgraph relation model"},
		{[]string{"train", "relations", "--train", fixture, "-o", filepath.Join(dir, "r")}, 1, "has no relation labels"},
		{[]string{"train", "confidence", "-o", filepath.Join(dir, "c")}, 2, "required flag --gold not set"},
	} {
		code, _, errOut := runCLI(t, dir, "", tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}

const relFixture = "../../extract/testdata/relations_small.jsonl"

func TestTrainRelationsAndUseTheModel(t *testing.T) {
	dir := t.TempDir()
	model := filepath.Join(dir, "rel.model")
	code, out, errOut := runCLI(t, dir, "", "train", "relations", "--train", relFixture, "--dev", relFixture, "-o", model,
		"--min-count", "1", "--epochs", "8", "--runs", "2")
	if code != 0 {
		t.Fatalf("train relations: %d %s %s", code, out, errOut)
	}
	if !strings.Contains(errOut, "epoch 8/8") || !strings.Contains(errOut, "held out P") || !strings.Contains(errOut, "dev P") {
		t.Errorf("no per-epoch progress:\n%s", errOut)
	}
	if !strings.Contains(out, "wrote "+model) || !strings.Contains(out, "[works_for lives_in based_in located_in killed]") {
		t.Errorf("summary:\n%s", out)
	}
	// The model classifies pairs of the fixture's kind; with "none" the
	// same sentence yields nothing from the model.
	const text = "Hedda Gran, an engineer at Acme Corporation, spoke."
	code, out, _ = runCLI(t, dir, text, "extract", "--format", "text", "--relation-model", model, "--min-confidence", "0")
	if code != 0 || !strings.Contains(out, `"type":"works_for"`) || !strings.Contains(out, `"rule":"model"`) {
		t.Errorf("extract --relation-model: %d %s", code, out)
	}
	code, out, _ = runCLI(t, dir, text, "extract", "--format", "text", "--relation-model", "none")
	if code != 0 || strings.Contains(out, `"rule":"model"`) {
		t.Errorf("extract --relation-model none: %d %s", code, out)
	}
}

func TestTrainConfidence(t *testing.T) {
	dir := t.TempDir()
	table := filepath.Join(dir, "confidence.tsv")
	code, out, errOut := runCLI(t, dir, "", "train", "confidence", "--gold", relFixture, "-o", table)
	if code != 0 {
		t.Fatalf("train confidence: %d %s %s", code, out, errOut)
	}
	if !strings.HasPrefix(out, "RULE\tRELATION\tFACTS\tRIGHT\tHAND-SET\tCONFIDENCE") {
		t.Errorf("table:\n%s", out)
	}
	b, err := os.ReadFile(table)
	if err != nil || !strings.HasPrefix(string(b), "# rule\trelation\tfacts") {
		t.Fatalf("table file: %v\n%s", err, b)
	}
	// Every row's confidence lies between its share right and its
	// hand-set value (smoothing).
	lines := strings.Split(strings.TrimSpace(string(b)), "\n")[1:]
	if len(lines) < 3 {
		t.Fatalf("only %d rows measured:\n%s", len(lines), b)
	}
	for _, line := range lines {
		f := strings.Split(line, "\t")
		var facts, right int
		var prior, conf float64
		if _, err := fmt.Sscan(f[2], &facts); err != nil {
			t.Fatal(err)
		}
		fmt.Sscan(f[3], &right)
		fmt.Sscan(f[4], &prior)
		fmt.Sscan(f[5], &conf)
		share := float64(right) / float64(facts)
		if lo, hi := min(share, prior), max(share, prior); conf < lo-0.01 || conf > hi+0.01 {
			t.Errorf("row %q: confidence outside [%.2f, %.2f]", line, lo, hi)
		}
	}
	// extract and eval take the table with --confidences: a rule's facts
	// carry the table's confidence for it.
	const text = "Iraqi journalist Thaier Al-Sudani took the photograph."
	mine := filepath.Join(dir, "mine.tsv")
	os.WriteFile(mine, []byte("# rule\trelation\tfacts\tright\thand-set\tconfidence\ndemonym-occupation-name\tcitizen_of\t10\t3\t0.75\t0.33\n"), 0o644)
	embedded := ""
	for _, r := range extract.EmbeddedConfidences() {
		if r.Rule == "demonym-occupation-name" && r.Relation == "citizen_of" {
			embedded = fmt.Sprintf(`"confidence":%v`, extract.EmbeddedCalibration().Apply(r.Confidence)) // a fact's, from its source's
		}
	}
	if embedded == "" {
		t.Fatal("the embedded table has no demonym-occupation-name citizen_of row")
	}
	for _, tc := range []struct {
		args []string
		want string
	}{
		{nil, embedded}, // the embedded table
		{[]string{"--confidences", mine}, `"confidence":0.33`},
		{[]string{"--confidences", "none"}, `"confidence":0.75`}, // the rule's hand-set value
	} {
		code, out, errOut := runCLI(t, dir, text, append([]string{"extract", "--min-confidence", "0"}, tc.args...)...)
		if code != 0 || !strings.Contains(out, `"type":"citizen_of","confidence"`) || !strings.Contains(out, tc.want) {
			t.Errorf("extract %v: %d %s %s, want %s", tc.args, code, out, errOut, tc.want)
		}
	}
	code, out, _ = runCLI(t, dir, "", "eval", "--gold", relFixture, "--task", "relations", "--confidences", mine, "--min-confidence", "0", "--json")
	if code != 0 || !strings.Contains(out, `"calibration"`) {
		t.Errorf("eval --confidences: %d %s", code, out)
	}
	os.WriteFile(mine, []byte("not a table\n"), 0o644)
	code, _, errOut = runCLI(t, dir, text, "extract", "--confidences", mine)
	if code == 0 || !strings.Contains(errOut, mine) {
		t.Errorf("a bad table: exit %d, %s (want an error naming the file)", code, errOut)
	}
}

func TestTrainNERStacked(t *testing.T) {
	dir := t.TempDir()
	plain, stacked := filepath.Join(dir, "plain.model"), filepath.Join(dir, "stacked.model")
	ensemble := filepath.Join(dir, "runs.model")
	for _, args := range [][]string{
		{"train", "ner", "--train", fixture, "-o", plain, "--min-count", "1"},
		{"train", "ner", "--train", fixture, "-o", stacked, "--min-count", "1", "--stack"},
		{"train", "ner", "--train", fixture, "-o", ensemble, "--min-count", "1", "--stack", "--runs", "3"},
	} {
		if code, out, errOut := runCLI(t, dir, "", args...); code != 0 {
			t.Fatalf("%v: %d %s %s", args, code, out, errOut)
		}
	}
	a, _ := os.ReadFile(plain)
	b, _ := os.ReadFile(stacked)
	if len(a) == 0 || len(b) <= len(a) {
		t.Errorf("stacked model %d bytes, plain %d: stacking should add features", len(b), len(a))
	}
	if c, _ := os.ReadFile(ensemble); len(c) == 0 || bytes.Equal(c, b) {
		t.Error("--runs 3 wrote no model, or the one-run model")
	}
	code, out, _ := runCLI(t, dir, "Maria Lopez flew to Paris.", "extract", "--model", stacked)
	if code != 0 || !strings.Contains(out, `"text":"Maria Lopez"`) {
		t.Errorf("extract with a stacked model: %d %s", code, out)
	}
}
