package main

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
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
	} {
		code, _, errOut := runCLI(t, dir, "", tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d, stderr %q; want %d and %q", tc.args, code, errOut, tc.code, tc.want)
		}
	}
}
